import type { RouteDecision } from '@switchyard/contracts';
import { nextFallback } from '@switchyard/routing';

/** A model and the pool that serves it for this call. */
export interface PoolTarget {
  model: string;
  pool: string;
}

/**
 * The models one synchronous call may try, in order: the decision's, then its
 * ranked fallbacks, each model at most once, at most `maxAttempts` in all.
 */
export function attemptPlan(decision: Pick<RouteDecision, 'model' | 'pool' | 'fallbacks'>, maxAttempts: number): PoolTarget[] {
  if (maxAttempts < 1) return [];
  const plan: PoolTarget[] = [{ model: decision.model, pool: decision.pool }];
  // Routing's fallback rule, as the model-worker applies it one failure at a time.
  for (;;) {
    const { next } = nextFallback(decision, plan.map((t) => t.model), plan.length - 1, maxAttempts);
    if (!next) return plan;
    plan.push({ model: next.model, pool: next.pool });
  }
}

/** The decision as it stands when `target` answers: chosen model and pool replaced, the fallback's reason added. */
export function decisionFor(decision: RouteDecision, target: PoolTarget, failures: readonly string[]): RouteDecision {
  if (target.model === decision.model && target.pool === decision.pool) return decision;
  return {
    ...decision,
    model: target.model,
    pool: target.pool,
    reasons: [...decision.reasons, ...failures.map((f) => `fallback before the first token: ${f}`)],
    fallbacks: decision.fallbacks.filter((f) => f.model !== target.model),
  };
}
