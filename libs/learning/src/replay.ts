import { costUsd } from '@switchyard/config';
import { completeJob, estimateTextTokens } from '@switchyard/contracts';
import { LearnedQualityPredictor } from './learned-quality-predictor';
import type { LearnedQualityPredictorOptions } from './learned-quality-predictor';
import type { OutcomeRecord } from './outcome-records';
import { DEFAULT_OUTPUT_TOKENS, ROUTELLM_PRICES } from './prices';
import type { PromptModelOptions, TrainingProgress } from './prompt-quality-model';
import { oracleScores, summarizeRouting } from './routing-metrics';
import type { RoutingSummary, ScoredOutcome } from './routing-metrics';

/**
 * Replays recorded outcomes through the learned predictor: train on one set,
 * then route every prompt of the other seeing only its text, and score the
 * routing with the outcomes. Weak and strong are the least and most accurate
 * models of the training set.
 */

export interface ReplayOptions {
  promptModel?: PromptModelOptions;
  predictor?: LearnedQualityPredictorOptions;
}

export interface ReplayReport {
  weak: string;
  strong: string;
  router: RoutingSummary;
  random: RoutingSummary;
  oracle: RoutingSummary;
  trainSeconds: number;
  /** The predictor trained for the replay, e.g. to save as an artifact. */
  predictor: LearnedQualityPredictor;
}

export function runReplay(
  train: readonly OutcomeRecord[],
  evaluation: readonly OutcomeRecord[],
  options: ReplayOptions = {},
  onProgress?: TrainingProgress,
): ReplayReport {
  const { weak, strong } = weakAndStrong(train);
  const missing = evaluation.find((r) => !(weak in r.outcomes && strong in r.outcomes));
  if (missing) throw new RangeError(`replay: evaluation record ${missing.id} has no outcome for ${weak} or ${strong}`);

  const started = performance.now();
  const predictor = new LearnedQualityPredictor(options.predictor);
  predictor.bootstrapFromOutcomes(train, options.promptModel, onProgress);
  const trainSeconds = (performance.now() - started) / 1000;

  const outcomes = evaluation.map((record) => {
    // Routing sees a job holding the prompt text and nothing else.
    const estimates = predictor.predict(completeJob({ id: 'replay', tenant: 'replay', prompt: record.prompt }), null, [weak, strong]);
    const score = (estimates.get(strong)?.mean ?? 0) - (estimates.get(weak)?.mean ?? 0);
    return scoredOutcome(record, score, weak, strong);
  });
  const oracle = oracleScores(outcomes);
  return {
    weak,
    strong,
    router: summarizeRouting(outcomes),
    random: summarizeRouting(outcomes.map((o) => ({ ...o, score: 0 }))),
    oracle: summarizeRouting(outcomes.map((o, i) => ({ ...o, score: oracle[i] }))),
    trainSeconds,
    predictor,
  };
}

/** The least and the most accurate model over the records. */
export function weakAndStrong(records: readonly OutcomeRecord[]): { weak: string; strong: string } {
  const tally = new Map<string, { right: number; seen: number }>();
  for (const r of records) {
    for (const [model, correct] of Object.entries(r.outcomes)) {
      const t = tally.get(model) ?? { right: 0, seen: 0 };
      t.right += Number(correct);
      t.seen++;
      tally.set(model, t);
    }
  }
  const ranked = [...tally].map(([model, t]) => ({ model, accuracy: t.right / t.seen })).sort((a, b) => a.accuracy - b.accuracy);
  if (ranked.length < 2) throw new RangeError(`replay: need outcomes for two models, found ${ranked.map((r) => r.model).join(', ') || 'none'}`);
  return { weak: ranked[0].model, strong: ranked[ranked.length - 1].model };
}

/**
 * Cost of answering one record with each model at the README's prices: input
 * tokens from the prompt, output tokens from the model's recorded response
 * when there is one, else DEFAULT_OUTPUT_TOKENS.
 */
function scoredOutcome(record: OutcomeRecord, score: number, weak: string, strong: string): ScoredOutcome {
  const input = estimateTextTokens(record.prompt);
  const output = (model: string) => (record.responses?.[model] !== undefined ? estimateTextTokens(record.responses[model]) : DEFAULT_OUTPUT_TOKENS);
  return {
    score,
    weakCorrect: record.outcomes[weak],
    strongCorrect: record.outcomes[strong],
    weakCostUsd: costUsd(ROUTELLM_PRICES.weak, input, output(weak)),
    strongCostUsd: costUsd(ROUTELLM_PRICES.strong, input, output(strong)),
  };
}
