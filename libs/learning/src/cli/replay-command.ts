import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createProgressBar, type CliCommand, type CliIo } from '@switchyard/classification';
import { crossValidate } from '../cross-validation';
import type { CrossValidationResult, SplitFigures } from '../cross-validation';
import { readOutcomesFile, splitById } from '../outcome-records';
import { runReplay } from '../replay';
import type { PairFigures, ReplayReport } from '../replay';
import { renderQualityPlot } from '../replay-plot';
import type { PlotSeries } from '../replay-plot';

/**
 * `switchyard replay`: train the learned quality predictor on recorded
 * outcomes, route held-out prompts by text alone, and report the RouteLLM
 * metrics overall and per source, and the quality per cost budget among all
 * the file's models. Without --eval, --train is split 80/20 by a seeded hash
 * of each id. --folds also cross-validates on the training side.
 */

const REPO_ROOT = resolve(__dirname, '../../../..');
export const DEFAULT_TRAIN_FILE = resolve(REPO_ROOT, '../shared/data/routellm/outcomes.train.jsonl');
export const DEFAULT_SVG_FILE = resolve(REPO_ROOT, 'artifacts/replay.svg');
const HOLDOUT_FRACTION = 0.2;
const HOLDOUT_SEED = 20240601;
const FIRST_FOLD_SEED = 1000;
const SOURCE_COLORS = ['#c0392b', '#8e44ad', '#d68910', '#16a085'];

const USAGE = `usage: switchyard replay [--train FILE] [--eval FILE] [--folds K] [--json] [--svg OUT.svg] [--save OUT.json]
  --train  outcomes JSONL to learn from (default ${DEFAULT_TRAIN_FILE})
  --eval   outcomes JSONL to route and score; without it, 20% of --train is held out by id hash (seed ${HOLDOUT_SEED})
  --folds  also cross-validate on the training side: K splits seeded ${FIRST_FOLD_SEED}, ${FIRST_FOLD_SEED + 1}, ..., a third held out each
  --json   print one JSON line instead of tables
  --svg    where to write the quality plot (default ${DEFAULT_SVG_FILE})
  --save   also write the predictor this replay trained (LearnedQualityPredictor.load reads it)`;

/** Runs the command; resolves to the process exit code. */
export async function runReplayCommand(argv: readonly string[], streams: CliIo = process): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        train: { type: 'string' },
        eval: { type: 'string' },
        folds: { type: 'string' },
        json: { type: 'boolean', default: false },
        svg: { type: 'string' },
        save: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    streams.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    streams.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const folds = values.folds === undefined ? 0 : Number(values.folds);
  if (!(Number.isInteger(folds) && folds >= 0)) {
    streams.stderr.write(`--folds must be a whole number ≥ 0 (got ${JSON.stringify(values.folds)})\n${USAGE}\n`);
    return 2;
  }

  const trainFile = values.train ?? DEFAULT_TRAIN_FILE;
  const all = readOutcomesFile(trainFile);
  const { train, evaluation, split } = values.eval
    ? { train: all, evaluation: readOutcomesFile(values.eval), split: 'train-eval' }
    : (() => {
        const { train, heldOut } = splitById(all, HOLDOUT_FRACTION, HOLDOUT_SEED);
        return { train, evaluation: heldOut, split: 'train-holdout' };
      })();

  let crossValidation: CrossValidationResult | null = null;
  if (folds > 0) {
    const cvBar = createProgressBar(streams.stderr, folds, `cross-validating on ${train.length} training prompts`);
    crossValidation = crossValidate(train, { folds, firstSeed: FIRST_FOLD_SEED }, {}, (done) => cvBar.update(done, `split ${done} of ${folds}`));
    cvBar.finish();
  }
  const bar = createProgressBar(streams.stderr, 100, `training on ${train.length} prompts`);
  const report = runReplay(train, evaluation, {}, (done, total, stage) => bar.update(Math.round((100 * done) / Math.max(1, total)), stage));
  bar.finish();
  const svgFile = resolve(values.svg ?? DEFAULT_SVG_FILE);
  mkdirSync(dirname(svgFile), { recursive: true });
  writeFileSync(svgFile, plot(report));
  if (values.save) {
    mkdirSync(dirname(resolve(values.save)), { recursive: true });
    report.predictor.save(values.save);
  }

  const summary = {
    ...pairSummary(report.overall),
    split,
    ...(split === 'train-holdout' ? { holdout_fraction: HOLDOUT_FRACTION, holdout_seed: HOLDOUT_SEED } : {}),
    by_source: Object.fromEntries(Object.entries(report.bySource).map(([source, figures]) => [source, pairSummary(figures)])),
    ...(crossValidation ? { cross_validation: cvSummary(crossValidation) } : {}),
    models: report.models.map((m) => ({ model: m.model, quality: round(m.quality), usd_per_1k: round(m.usdPer1k, 4) })),
    budgets: report.budgets.map((b) => ({
      budget_usd_per_1k: round(b.budgetUsdPer1k, 4),
      learned: round(b.learned.quality),
      learned_spent_usd_per_1k: round(b.learned.spentUsdPer1k, 4),
      best_single: b.bestSingle ? round(b.bestSingle.quality) : null,
      best_single_model: b.bestSingle?.model ?? null,
      random: round(b.random),
    })),
    detail: { train_n: train.length, weak: report.weak, strong: report.strong, train_seconds: round(report.trainSeconds, 1), svg: svgFile },
  };
  streams.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : tables(split, report, crossValidation));
  return 0;
}

/** `switchyard replay`, for the CLI dispatcher. */
export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'train the learned quality predictor on recorded outcomes and score its routing (APGR, CPT per source; quality per cost budget)',
  run: runReplayCommand,
};

function pairSummary({ router, random, oracle }: PairFigures) {
  return {
    n: router.n,
    q_weak: round(router.qWeak),
    q_strong: round(router.qStrong),
    apgr: round(router.apgr),
    cpt50: round(router.cpt50),
    cpt80: round(router.cpt80),
    random_apgr: round(random.apgr),
    oracle_apgr: round(oracle.apgr),
  };
}

function cvSummary(cv: CrossValidationResult) {
  const figures = (f: SplitFigures) => ({ apgr: round(f.apgr), cpt50: round(f.cpt50), cpt80: round(f.cpt80) });
  return {
    seeds: cv.seeds,
    validation_fraction: round(cv.validationFraction),
    ...figures(cv.mean),
    apgr_per_split: cv.folds.map((f) => round(f.overall.apgr)),
    by_source: Object.fromEntries(
      Object.entries(cv.mean.bySource).map(([source, f]) => [source, { ...figures(f), apgr_per_split: cv.folds.map((fold) => (fold.bySource[source] ? round(fold.bySource[source].apgr) : null)) }]),
    ),
  };
}

function tables(split: string, report: ReplayReport, cv: CrossValidationResult | null): string {
  const { router } = report.overall;
  const pairRow = (name: string, f: PairFigures) =>
    `${name.padEnd(12)} ${String(f.router.n).padStart(6)} ${fixed(f.router.apgr, 4, 7)} ${fixed(f.router.cpt50, 3, 7)} ${fixed(f.router.cpt80, 3, 7)} ${fixed(f.random.apgr, 4, 7)} ${fixed(f.oracle.apgr, 4, 7)}`;
  const lines = [
    `${router.n} prompts (${split}); weak ${report.weak} ${router.qWeak.toFixed(4)}, strong ${report.strong} ${router.qStrong.toFixed(4)}`,
    `source            n    APGR   CPT50   CPT80  random  oracle`,
    pairRow('all', report.overall),
    ...Object.entries(report.bySource).map(([source, f]) => pairRow(source, f)),
  ];
  if (cv) {
    const cvRow = (name: string, f: SplitFigures) => `${name.padEnd(12)} ${fixed(f.apgr, 4, 7)} ${fixed(f.cpt50, 3, 7)} ${fixed(f.cpt80, 3, 7)}`;
    lines.push(
      '',
      `cross-validation on the training side: ${cv.folds.length} splits, seeds ${cv.seeds.join(', ')}, ${(cv.validationFraction * 100).toFixed(0)}% held out each`,
      `source         APGR   CPT50   CPT80`,
      cvRow('all', cv.mean),
      ...Object.entries(cv.mean.bySource).map(([source, f]) => cvRow(source, f)),
    );
  }
  lines.push('', `models: ${report.models.map((m) => `${m.model} ${m.quality.toFixed(4)} at $${m.usdPer1k.toFixed(4)}/1k`).join(', ')}`);
  lines.push(`budget $/1k   learned (spent)    best single model       random`);
  for (const b of report.budgets) {
    const single = b.bestSingle ? `${b.bestSingle.quality.toFixed(4)} ${b.bestSingle.model}` : '-';
    lines.push(`${fixed(b.budgetUsdPer1k, 4, 11)}   ${b.learned.quality.toFixed(4)} (${b.learned.spentUsdPer1k.toFixed(4)})  ${single.padEnd(22)} ${b.random.toFixed(4)}`);
  }
  return `${lines.join('\n')}\n`;
}

function plot(report: ReplayReport): string {
  const { router, random, oracle } = report.overall;
  const sources = Object.entries(report.bySource);
  const series: PlotSeries[] = [
    { label: `learned, all (APGR ${router.apgr.toFixed(3)})`, curve: router.curve, color: '#1f5fbf' },
    { label: 'random (APGR 0.5)', curve: random.curve, color: '#888', dashed: true },
    { label: `oracle (APGR ${oracle.apgr.toFixed(3)})`, curve: oracle.curve, color: '#2a9d4b' },
  ];
  // One source is the whole set again; per-source curves only say something when there are several.
  if (sources.length > 1) {
    sources.forEach(([source, f], i) =>
      series.push({ label: `learned, ${source} (APGR ${f.router.apgr.toFixed(3)})`, curve: f.router.curve, color: SOURCE_COLORS[i % SOURCE_COLORS.length] }),
    );
  }
  return renderQualityPlot(`Replay: ${router.n} held-out prompts, ${report.weak} → ${report.strong}`, series);
}

function fixed(value: number, digits: number, width: number): string {
  return value.toFixed(digits).padStart(width);
}

function round(value: number, digits = 4): number {
  return Number(value.toFixed(digits));
}

if (require.main === module) {
  runReplayCommand(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`replay: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
