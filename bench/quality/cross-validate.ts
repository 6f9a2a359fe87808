/**
 * Cross-validates prompt-model configurations (as `switchyard replay` trains
 * them: one model per prompt kind, prompt-kind-models.ts) inside the replay's
 * training side only (the 80% `switchyard replay` trains on), so its holdout
 * stays unseen while tuning: FOLDS repeated random splits, a third held out
 * each, the same splits for every configuration. Prints one JSON line with the
 * seeds, and per configuration the mean and per-split validation APGR and
 * CPT(80%), overall and per source. CONFIGS='{"name": {...PromptModelOptions}}'
 * replaces the configurations compared; ONLY_SOURCE=gsm8k keeps one source's
 * records (each prompt kind trains on its own records, so a source that is
 * one kind gets the same figures faster); FOLD_SEED sets the first split's seed.
 */
import { resolve } from 'node:path';
import { PromptKindModels, readOutcomesFile, splitById, summarizeBySource, summarizeRouting, weakAndStrong } from '@switchyard/learning';
import type { PromptModelOptions, RoutingSummary } from '@switchyard/learning';

const HOLDOUT_FRACTION = 0.2;
const HOLDOUT_SEED = 20240601;
// 1000 is the seed the settings were chosen on; FOLD_SEED=2000 gives splits no setting was tuned on.
const FOLD_SEED = Number(process.env.FOLD_SEED ?? 1000);
const FOLDS = Number(process.env.FOLDS ?? 8);
const CONFIGS: Record<string, PromptModelOptions> = process.env.CONFIGS ? (JSON.parse(process.env.CONFIGS) as Record<string, PromptModelOptions>) : { defaults: {} };

const file = process.argv[2] ?? resolve(__dirname, '../../../shared/data/routellm/outcomes.train.jsonl');
const ONLY_SOURCE = process.env.ONLY_SOURCE;
const { train } = splitById(
  readOutcomesFile(file).filter((r) => ONLY_SOURCE === undefined || r.source === ONLY_SOURCE),
  HOLDOUT_FRACTION,
  HOLDOUT_SEED,
);
const { weak, strong } = weakAndStrong(train);
type Figures = { apgr: number[]; cpt50: number[]; cpt80: number[] };
const figures = () => ({ apgr: [], cpt50: [], cpt80: [] }) as Figures;
const results = Object.keys(CONFIGS).map((name) => ({ name, overall: figures(), bySource: new Map<string, Figures>() }));
const add = (into: Figures, summary: RoutingSummary) => {
  into.apgr.push(summary.apgr);
  into.cpt50.push(summary.cpt50);
  into.cpt80.push(summary.cpt80);
};
for (let fold = 0; fold < FOLDS; fold++) {
  const { train: fit, heldOut: validation } = splitById(train, 1 / 3, FOLD_SEED + fold);
  for (const result of results) {
    const model = PromptKindModels.train(fit, CONFIGS[result.name]);
    const scored = validation.map((r) => {
      const p = model.predict(r.prompt);
      return { score: (p.get(strong) ?? 0) - (p.get(weak) ?? 0), weakCorrect: r.outcomes[weak], strongCorrect: r.outcomes[strong] };
    });
    add(result.overall, summarizeRouting(scored));
    for (const [source, summary] of Object.entries(summarizeBySource(scored, validation.map((r) => r.source ?? 'unknown')))) {
      if (!result.bySource.has(source)) result.bySource.set(source, figures());
      add(result.bySource.get(source) as Figures, summary);
    }
  }
}
const mean = (values: number[]) => +(values.reduce((a, b) => a + b, 0) / values.length).toFixed(4);
const report = (f: Figures) => ({ apgr: mean(f.apgr), cpt50: mean(f.cpt50), cpt80: mean(f.cpt80), apgr_per_split: f.apgr.map((v) => +v.toFixed(4)) });
console.log(
  JSON.stringify({
    holdout: { fraction: HOLDOUT_FRACTION, seed: HOLDOUT_SEED, left_out: true },
    only_source: ONLY_SOURCE ?? null,
    folds: FOLDS,
    fold_seeds: Array.from({ length: FOLDS }, (_, k) => FOLD_SEED + k),
    validation_fraction: 1 / 3,
    results: results.map((r) => ({ config: r.name, ...report(r.overall), by_source: Object.fromEntries([...r.bySource].sort().map(([s, f]) => [s, report(f)])) })),
  }),
);
