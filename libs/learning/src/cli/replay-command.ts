import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createProgressBar, type CliCommand, type CliIo } from '@switchyard/classification';
import { readOutcomesFile, splitById } from '../outcome-records';
import { runReplay } from '../replay';
import type { ReplayReport } from '../replay';
import { renderQualityPlot } from '../replay-plot';
import type { RoutingSummary } from '../routing-metrics';

/**
 * `switchyard replay`: train the learned quality predictor on recorded
 * outcomes, route held-out prompts by text alone, and report the RouteLLM
 * metrics. Without --eval, --train is split 80/20 by a seeded hash of each id.
 */

const REPO_ROOT = resolve(__dirname, '../../../..');
export const DEFAULT_TRAIN_FILE = resolve(REPO_ROOT, '../shared/data/routellm/outcomes.train.jsonl');
export const DEFAULT_SVG_FILE = resolve(REPO_ROOT, 'artifacts/replay.svg');
const HOLDOUT_FRACTION = 0.2;
const HOLDOUT_SEED = 20240601;

const USAGE = `usage: switchyard replay [--train FILE] [--eval FILE] [--json] [--svg OUT.svg] [--save OUT.json]
  --train  outcomes JSONL to learn from (default ${DEFAULT_TRAIN_FILE})
  --eval   outcomes JSONL to route and score; without it, 20% of --train is held out by id hash
  --json   print one JSON line instead of a table
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

  const trainFile = values.train ?? DEFAULT_TRAIN_FILE;
  const all = readOutcomesFile(trainFile);
  const { train, evaluation, split } = values.eval
    ? { train: all, evaluation: readOutcomesFile(values.eval), split: 'train-eval' }
    : (() => {
        const { train, heldOut } = splitById(all, HOLDOUT_FRACTION, HOLDOUT_SEED);
        return { train, evaluation: heldOut, split: 'train-holdout' };
      })();

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
    n: report.router.n,
    q_weak: round(report.router.qWeak),
    q_strong: round(report.router.qStrong),
    apgr: round(report.router.apgr),
    cpt50: round(report.router.cpt50),
    cpt80: round(report.router.cpt80),
    split,
    detail: detail(report, train.length, svgFile),
  };
  streams.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : table(summary, report));
  return 0;
}

/** `switchyard replay`, for the CLI dispatcher. */
export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'train the learned quality predictor on recorded outcomes and score its routing (APGR, CPT)',
  run: runReplayCommand,
};

function detail(report: ReplayReport, trained: number, svgFile: string) {
  const perThousand = (summary: RoutingSummary, share: number) => round(summary.curve.costUsd[Math.round(share * summary.n)] * (1000 / summary.n), 3);
  return {
    train_n: trained,
    weak: report.weak,
    strong: report.strong,
    random_apgr: round(report.random.apgr),
    oracle_apgr: round(report.oracle.apgr),
    usd_per_1k_prompts: {
      all_weak: perThousand(report.router, 0),
      all_strong: perThousand(report.router, 1),
      router_at_cpt80: perThousand(report.router, report.router.cpt80),
      random_at_cpt80: perThousand(report.random, report.random.cpt80),
    },
    train_seconds: round(report.trainSeconds, 1),
    svg: svgFile,
  };
}

function table(summary: { n: number; split: string }, report: ReplayReport): string {
  const row = (name: string, s: RoutingSummary) => `${name.padEnd(8)} ${s.apgr.toFixed(4).padStart(7)} ${s.cpt50.toFixed(3).padStart(7)} ${s.cpt80.toFixed(3).padStart(7)}`;
  return [
    `${summary.n} prompts (${summary.split}); weak ${report.weak} ${report.router.qWeak.toFixed(4)}, strong ${report.strong} ${report.router.qStrong.toFixed(4)}`,
    `router      APGR   CPT50   CPT80`,
    row('learned', report.router),
    row('random', report.random),
    row('oracle', report.oracle),
    '',
  ].join('\n');
}

function plot(report: ReplayReport): string {
  return renderQualityPlot(`Replay: ${report.router.n} held-out prompts, learned APGR ${report.router.apgr.toFixed(3)}`, [
    { label: `learned (APGR ${report.router.apgr.toFixed(3)})`, curve: report.router.curve, color: '#1f5fbf' },
    { label: 'random (APGR 0.5)', curve: report.random.curve, color: '#888', dashed: true },
    { label: `oracle (APGR ${report.oracle.apgr.toFixed(3)})`, curve: report.oracle.curve, color: '#2a9d4b' },
  ]);
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
