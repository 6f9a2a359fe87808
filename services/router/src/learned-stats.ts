import type { SwitchyardConfig } from '@switchyard/config';
import type { LearnedQualityPredictor, LearnedQualityPredictorOptions } from '@switchyard/learning';
import { ALL_TASK_TYPES, type LiveStateStore } from '@switchyard/state';
import { throttledWarning, type Logger } from '@switchyard/telemetry';

/** Observations a model's configured quality prior is worth before its scores take over. */
const PRIOR_STRENGTH = 4;

/**
 * The predictor's settings from the config: each model starts at its
 * qualityPrior (default, and per task type where given); exploration from the first learned route ("greedy"
 * is UCB with no width).
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

/**
 * Returns a refresh that loads the scorer's per (model, task type) statistics
 * into the predictor, so routing learns from every router replica's traffic.
 * While Redis is away the predictor keeps what it had (one warning per 30 s).
 */
export function learnedStatsRefresher(store: LiveStateStore, predictor: LearnedQualityPredictor, logger: Logger): () => Promise<void> {
  const warn = throttledWarning(logger, 'score statistics not refreshed; routing keeps the last ones');
  return async () => {
    try {
      const stats = await store.readScoreStats();
      predictor.loadStats(stats.filter((s) => s.taskType !== ALL_TASK_TYPES).map((s) => ({ model: s.model, classKey: s.taskType, alpha: s.alpha, beta: s.beta })));
    } catch (err) {
      warn(err);
    }
  };
}
