import type { Fallback, RouteDecision } from '@switchyard/contracts';

/**
 * The rule for a job whose model call failed: the next of the decision's ranked fallbacks whose model
 * has not been tried yet, while attempts remain (attempts count model calls, the first one included).
 * Undefined when none is left, with `why` saying which limit ended it.
 */
export function nextFallback(
  decision: Pick<RouteDecision, 'fallbacks'> | null,
  triedModels: Iterable<string>,
  attempt: number,
  maxAttempts: number,
): { next: Fallback; why?: undefined } | { next?: undefined; why: string } {
  const tried = new Set(triedModels);
  const next = decision?.fallbacks.find((f) => !tried.has(f.model));
  if (next && attempt + 1 < maxAttempts) return { next };
  return { why: next ? `attempts exhausted (${maxAttempts})` : 'no fallback left' };
}
