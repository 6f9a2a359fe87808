import type { SwitchyardConfig } from '@switchyard/config';
import type { LearnedQualityPredictor, LearnedQualityPredictorOptions } from '@switchyard/learning';
import { ALL_TASK_TYPES, type LiveStateStore } from '@switchyard/state';
import type { Logger } from '@switchyard/telemetry';

/** The predictor's exploration, from the first learned route ("greedy" is UCB with no width). */
export function explorationOf(config: SwitchyardConfig): LearnedQualityPredictorOptions {
  const learned = Object.values(config.routing.routes).find((r) => r.policy === 'learned');
  if (!learned || learned.exploration === 'thompson') return { exploration: 'thompson' };
  return { exploration: 'ucb', ucbWidth: learned.exploration === 'greedy' ? 0 : 1 };
}

let lastFailure = 0;

/**
 * Loads the scorer's per (model, task type) statistics into the predictor, so
 * routing learns from every router replica's traffic. While Redis is away the
 * predictor keeps what it had.
 */
export async function refreshLearnedStats(store: LiveStateStore, predictor: LearnedQualityPredictor, logger: Logger): Promise<void> {
  try {
    const stats = await store.readScoreStats();
    predictor.loadStats(stats.filter((s) => s.taskType !== ALL_TASK_TYPES).map((s) => ({ model: s.model, classKey: s.taskType, alpha: s.alpha, beta: s.beta })));
  } catch (err) {
    if (Date.now() - lastFailure > 30_000) logger.warn({ err: (err as Error).message }, 'score statistics not refreshed; routing keeps the last ones');
    lastFailure = Date.now();
  }
}
