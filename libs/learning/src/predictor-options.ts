import type { SwitchyardConfig } from '@switchyard/config';
import type { LearnedQualityPredictorOptions } from './learned-quality-predictor';

/** Observations a model's configured quality prior is worth before its scores take over. */
const PRIOR_STRENGTH = 4;

/**
 * The router's predictor settings from the config: each model starts at its qualityPrior (default,
 * and per task type where given); exploration from the first learned route ("greedy" is UCB with no width).
 */
export function predictorOptions(config: SwitchyardConfig): LearnedQualityPredictorOptions {
  const clamp = (q: number) => Math.min(0.99, Math.max(0.01, q));
  const priors = Object.fromEntries(config.models.map((m) => [m.id, clamp(m.qualityPrior.default ?? 0.7)]));
  const classPriors = Object.fromEntries(config.models.map((m) => [m.id, Object.fromEntries(Object.entries(m.qualityPrior).map(([taskType, q]) => [taskType, clamp(q)]))]));
  const learned = Object.values(config.routing.routes).find((r) => r.policy === 'learned');
  const exploration: LearnedQualityPredictorOptions =
    !learned || learned.exploration === 'thompson' ? { exploration: 'thompson' } : { exploration: 'ucb', ucbWidth: learned.exploration === 'greedy' ? 0 : 1 };
  return { ...exploration, priors, classPriors, priorStrength: PRIOR_STRENGTH };
}
