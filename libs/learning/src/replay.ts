import { completeJob } from '@switchyard/contracts';
import { answerCostsUsd } from './answer-costs';
import { routeWithinBudgets, singleModelFigures } from './budget-routing';
import type { BudgetRow, ModelFigures, MultiModelOutcome } from './budget-routing';
import { LearnedQualityPredictor } from './learned-quality-predictor';
import type { LearnedQualityPredictorOptions } from './learned-quality-predictor';
import type { OutcomeRecord } from './outcome-records';
import type { PromptModelOptions, TrainingProgress } from './prompt-quality-model';
import { oracleScores, summarizeRouting } from './routing-metrics';
import type { RoutingSummary, ScoredOutcome } from './routing-metrics';

/**
 * Replays recorded outcomes through the learned predictor: train on one set,
 * then route every prompt of the other seeing only its text, and score the
 * routing with the outcomes. With any number of models: the RouteLLM figures
 * (APGR, CPT) between the least and the most accurate model of the training
 * set, overall and per source, and the cost-budget table among all models
 * (budget-routing.ts).
 */

export interface ReplayOptions {
  promptModel?: PromptModelOptions;
  predictor?: LearnedQualityPredictorOptions;
}

/** The learned ordering against random and the oracle, on one set of prompts. */
export interface PairFigures {
  router: RoutingSummary;
  random: RoutingSummary;
  oracle: RoutingSummary;
}

export interface ReplayReport {
  weak: string;
  strong: string;
  /** Every model of the training set, least accurate first, with its quality and spend on the evaluated prompts. */
  models: ModelFigures[];
  overall: PairFigures;
  /** Per `source` of the evaluated records (UNLABELLED_SOURCE where a record has none). */
  bySource: Record<string, PairFigures>;
  budgets: BudgetRow[];
  trainSeconds: number;
  /** The predictor trained for the replay, e.g. to save as an artifact. */
  predictor: LearnedQualityPredictor;
}

export const UNLABELLED_SOURCE = 'unlabelled';

export function runReplay(
  train: readonly OutcomeRecord[],
  evaluation: readonly OutcomeRecord[],
  options: ReplayOptions = {},
  onProgress?: TrainingProgress,
): ReplayReport {
  const models = modelsByAccuracy(train);
  const weak = models[0];
  const strong = models[models.length - 1];
  const missing = evaluation.find((r) => models.some((m) => !(m in r.outcomes)));
  if (missing) throw new RangeError(`replay: evaluation record ${missing.id} has no outcome for ${models.filter((m) => !(m in missing.outcomes)).join(', ')}`);
  const pair = models.length === 2 ? { weak, strong } : null;

  const started = performance.now();
  const predictor = new LearnedQualityPredictor(options.predictor);
  predictor.bootstrapFromOutcomes(train, options.promptModel, onProgress);
  const trainSeconds = (performance.now() - started) / 1000;

  const outcomes: MultiModelOutcome[] = evaluation.map((record) => {
    // Routing sees a job holding the prompt text and nothing else.
    const estimates = predictor.predict(completeJob({ id: 'replay', tenant: 'replay', prompt: record.prompt }), null, models);
    return {
      predicted: models.map((m) => estimates.get(m)?.mean ?? 0),
      correct: models.map((m) => record.outcomes[m]),
      costUsd: answerCostsUsd(record, models, pair),
    };
  });
  const w = 0;
  const s = models.length - 1;
  const scored: ScoredOutcome[] = outcomes.map((o) => ({
    score: o.predicted[s] - o.predicted[w],
    weakCorrect: o.correct[w],
    strongCorrect: o.correct[s],
    weakCostUsd: o.costUsd[w],
    strongCostUsd: o.costUsd[s],
  }));
  const sources = evaluation.map((r) => r.source ?? UNLABELLED_SOURCE);
  return {
    weak,
    strong,
    models: singleModelFigures(outcomes, models),
    overall: pairFigures(scored),
    bySource: Object.fromEntries([...new Set(sources)].sort().map((source) => [source, pairFigures(scored.filter((_, i) => sources[i] === source))])),
    budgets: routeWithinBudgets(outcomes, models),
    trainSeconds,
    predictor,
  };
}

function pairFigures(scored: readonly ScoredOutcome[]): PairFigures {
  const oracle = oracleScores(scored);
  return {
    router: summarizeRouting(scored),
    random: summarizeRouting(scored.map((o) => ({ ...o, score: 0 }))),
    oracle: summarizeRouting(scored.map((o, i) => ({ ...o, score: oracle[i] }))),
  };
}

/** Every model with outcomes in the records, least accurate first; at least two. */
export function modelsByAccuracy(records: readonly OutcomeRecord[]): string[] {
  const tally = new Map<string, { right: number; seen: number }>();
  for (const r of records) {
    for (const [model, correct] of Object.entries(r.outcomes)) {
      const t = tally.get(model) ?? { right: 0, seen: 0 };
      t.right += Number(correct);
      t.seen++;
      tally.set(model, t);
    }
  }
  const ranked = [...tally].map(([model, t]) => ({ model, accuracy: t.right / t.seen })).sort((a, b) => a.accuracy - b.accuracy || a.model.localeCompare(b.model));
  if (ranked.length < 2) throw new RangeError(`replay: need outcomes for two models, found ${ranked.map((r) => r.model).join(', ') || 'none'}`);
  return ranked.map((r) => r.model);
}

/** The least and the most accurate model over the records. */
export function weakAndStrong(records: readonly OutcomeRecord[]): { weak: string; strong: string } {
  const models = modelsByAccuracy(records);
  return { weak: models[0], strong: models[models.length - 1] };
}
