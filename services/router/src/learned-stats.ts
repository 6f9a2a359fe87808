import type { LearnedQualityPredictor } from '@switchyard/learning';
import { ALL_TASK_TYPES, type LiveStateStore } from '@switchyard/state';
import { throttledWarning, type Logger } from '@switchyard/telemetry';

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
