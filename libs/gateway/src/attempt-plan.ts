import type { RouteDecision } from '@switchyard/contracts';

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
  const plan: PoolTarget[] = [];
  const seen = new Set<string>();
  for (const target of [{ model: decision.model, pool: decision.pool }, ...decision.fallbacks]) {
    if (plan.length >= maxAttempts) break;
    if (seen.has(target.model)) continue;
    seen.add(target.model);
    plan.push({ model: target.model, pool: target.pool });
  }
  return plan;
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
