/**
 * Cross-validates prompt-model configurations (as `switchyard replay` trains
 * them: one model per prompt kind, prompt-kind-models.ts) inside the replay's training
 * side only (the 80% `switchyard replay` trains on), so its holdout stays
 * unseen while tuning: FOLDS repeated random splits, a third held out each,
 * the same splits for every configuration. Prints one JSON line: mean and
 * per-split validation APGR and CPT(80%) per configuration. CONFIGS='{"name":
 * {...PromptModelOptions}}' replaces the configurations compared.
 */
import { resolve } from 'node:path';
import { PromptKindModels, readOutcomesFile, splitById, summarizeRouting, weakAndStrong } from '@switchyard/learning';
import type { PromptModelOptions } from '@switchyard/learning';

const HOLDOUT_FRACTION = 0.2;
const HOLDOUT_SEED = 20240601;
const FOLDS = Number(process.env.FOLDS ?? 3);
const CONFIGS: Record<string, PromptModelOptions> = process.env.CONFIGS
  ? (JSON.parse(process.env.CONFIGS) as Record<string, PromptModelOptions>)
  : {
      // The settings before format cells were the only other change (commit dc7eb31's parent).
      'earlier settings': {
        topicEpochs: 4,
        topicLearningRate: 0.5,
        topicWeight: 0.9,
        correctnessFeatures: {},
        correctnessLearningRate: 0.2,
        signalWeight: 0,
      },
      defaults: {},
    };

const file = process.argv[2] ?? resolve(__dirname, '../../../shared/data/routellm/outcomes.train.jsonl');
const { train } = splitById(readOutcomesFile(file), HOLDOUT_FRACTION, HOLDOUT_SEED);
const { weak, strong } = weakAndStrong(train);
const results = Object.keys(CONFIGS).map((name) => ({ name, apgr: [] as number[], cpt80: [] as number[] }));
for (let fold = 0; fold < FOLDS; fold++) {
  const { train: fit, heldOut: validation } = splitById(train, 1 / 3, 1000 + fold);
  for (const result of results) {
    const model = PromptKindModels.train(fit, CONFIGS[result.name]);
    const summary = summarizeRouting(
      validation.map((r) => {
        const p = model.predict(r.prompt);
        return { score: (p.get(strong) ?? 0) - (p.get(weak) ?? 0), weakCorrect: r.outcomes[weak], strongCorrect: r.outcomes[strong] };
      }),
    );
    result.apgr.push(summary.apgr);
    result.cpt80.push(summary.cpt80);
  }
}
const mean = (values: number[]) => +(values.reduce((a, b) => a + b, 0) / values.length).toFixed(4);
const round = (values: number[]) => values.map((v) => +v.toFixed(4));
console.log(
  JSON.stringify({
    folds: FOLDS,
    results: results.map((r) => ({ config: r.name, apgr: mean(r.apgr), cpt80: mean(r.cpt80), apgr_per_split: round(r.apgr), cpt80_per_split: round(r.cpt80) })),
  }),
);
