/**
 * Chooses the prompt model's topic weight by validation inside the replay's
 * training side only (the 80% `switchyard replay` trains on), so the holdout
 * it reports stays unseen while tuning: FOLDS repeated random splits, a third
 * held out each. Prints one JSON line: mean validation APGR and CPT(80%) per
 * weight over the splits.
 */
import { resolve } from 'node:path';
import { PromptQualityModel, readOutcomesFile, splitById, summarizeRouting, weakAndStrong } from '@switchyard/learning';

const HOLDOUT_FRACTION = 0.2;
const HOLDOUT_SEED = 20240601;
const FOLDS = Number(process.env.FOLDS ?? 3);
const WEIGHTS = [0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

const file = process.argv[2] ?? resolve(__dirname, '../../../shared/data/routellm/outcomes.train.jsonl');
const { train } = splitById(readOutcomesFile(file), HOLDOUT_FRACTION, HOLDOUT_SEED);
const { weak, strong } = weakAndStrong(train);
const results = WEIGHTS.map((weight) => ({ weight, apgr: 0, cpt80: 0 }));
for (let fold = 0; fold < FOLDS; fold++) {
  const { train: fit, heldOut: validation } = splitById(train, 1 / FOLDS, 1000 + fold);
  const model = PromptQualityModel.train(fit);
  const views = validation.map((r) => model.views(r.prompt));
  results.forEach((result) => {
    const scored = validation.map((r, i) => {
      const blend = (m: string) => {
        const v = views[i].get(m);
        if (!v) throw new Error(`no prediction for ${m}`);
        return result.weight * (v.topic ?? v.direct) + (1 - result.weight) * v.direct;
      };
      return { score: blend(strong) - blend(weak), weakCorrect: r.outcomes[weak], strongCorrect: r.outcomes[strong] };
    });
    const summary = summarizeRouting(scored);
    result.apgr += summary.apgr / FOLDS;
    result.cpt80 += summary.cpt80 / FOLDS;
  });
}
console.log(JSON.stringify({ folds: FOLDS, results: results.map((r) => ({ weight: r.weight, apgr: +r.apgr.toFixed(4), cpt80: +r.cpt80.toFixed(4) })) }));
