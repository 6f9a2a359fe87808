/**
 * Cross-validates prompt-model configurations inside the replay's training
 * side only (the 80% `switchyard replay` trains on; its 20% holdout stays
 * unseen while tuning): FOLDS seeded splits from FOLD_SEED (crossValidate,
 * libs/learning/src/cross-validation.ts), the same splits for every
 * configuration. Settings were chosen on FOLD_SEED=1000; FOLD_SEED=2000 gives
 * splits no setting was tuned on. Prints one JSON line with the seeds and, per
 * configuration, mean and per-split APGR, CPT(50%) and CPT(80%), overall and
 * per source. CONFIGS='{"name": {...PromptModelOptions}}' replaces the
 * configurations compared; ONLY_SOURCE=gsm8k keeps one source's records (each
 * prompt kind trains on its own records, so a source that is one kind gets
 * the same figures faster).
 */
import { resolve } from 'node:path';
import { crossValidate, readOutcomesFile, splitById } from '@switchyard/learning';
import type { PromptModelOptions, SplitFigures } from '@switchyard/learning';

const HOLDOUT_FRACTION = 0.2;
const HOLDOUT_SEED = 20240601;
const FOLDS = Number(process.env.FOLDS ?? 8);
const FOLD_SEED = Number(process.env.FOLD_SEED ?? 1000);
const ONLY_SOURCE = process.env.ONLY_SOURCE;
const CONFIGS: Record<string, PromptModelOptions> = process.env.CONFIGS ? (JSON.parse(process.env.CONFIGS) as Record<string, PromptModelOptions>) : { defaults: {} };

const file = process.argv[2] ?? resolve(__dirname, '../../../shared/data/routellm/outcomes.train.jsonl');
const records = readOutcomesFile(file).filter((r) => ONLY_SOURCE === undefined || r.source === ONLY_SOURCE);
const { train } = splitById(records, HOLDOUT_FRACTION, HOLDOUT_SEED);
const round = (f: SplitFigures) => ({ apgr: +f.apgr.toFixed(4), cpt50: +f.cpt50.toFixed(4), cpt80: +f.cpt80.toFixed(4) });
const results = Object.entries(CONFIGS).map(([config, promptModel]) => {
  const cv = crossValidate(train, { folds: FOLDS, firstSeed: FOLD_SEED }, { promptModel });
  const sources = Object.keys(cv.mean.bySource);
  return {
    config,
    ...round(cv.mean),
    apgr_per_split: cv.folds.map((f) => +f.overall.apgr.toFixed(4)),
    by_source: Object.fromEntries(
      sources.map((s) => [s, { ...round(cv.mean.bySource[s]), apgr_per_split: cv.folds.map((f) => (f.bySource[s] ? +f.bySource[s].apgr.toFixed(4) : null)) }]),
    ),
  };
});
console.log(
  JSON.stringify({
    holdout: { fraction: HOLDOUT_FRACTION, seed: HOLDOUT_SEED, left_out: true },
    only_source: ONLY_SOURCE ?? null,
    folds: FOLDS,
    fold_seeds: Array.from({ length: FOLDS }, (_, k) => FOLD_SEED + k),
    validation_fraction: 1 / 3,
    results,
  }),
);
