/**
 * The circuit-breaker rule, as pure functions. This is the reference
 * implementation: the state lib runs the same rule atomically in Redis Lua,
 * and its tests compare against `recordOutcome`.
 *
 * - A failure adds one to the run of consecutive failures; the run reaching
 *   `consecutiveFailures` ejects the target for baseEjectionMs·2^ejections
 *   (capped at maxEjectionMs), counts the ejection and starts a new run.
 * - Failures reported while ejected (calls that were already in flight) count
 *   but never extend the ejection, so one burst is one ejection.
 * - A success ends the run. A success after the ejection has ended also clears
 *   the ejection count: only a target that fails again straight after coming
 *   back is ejected for longer.
 */
import type { BreakerState } from './live-snapshot';

/** A breaker's name, as the live snapshot and Redis key breakers: a model's or a pool's. */
export type BreakerTarget = `model:${string}` | `pool:${string}`;

/** The breaker of a model: every call to it, through any pool. */
export function modelBreaker(modelId: string): BreakerTarget {
  return `model:${modelId}`;
}

/** The breaker of one pool (its replicas, region or API key), apart from its model's. */
export function poolBreaker(poolId: string): BreakerTarget {
  return `pool:${poolId}`;
}

/** Same shape as `routing.breaker` in the config. */
export interface BreakerSettings {
  consecutiveFailures: number;
  baseEjectionMs: number;
  maxEjectionMs: number;
}

export const CLOSED_BREAKER: Readonly<BreakerState> = Object.freeze({ consecutiveFailures: 0, ejections: 0, ejectedUntil: 0 });

export function isEjected(state: BreakerState | undefined, now: number): boolean {
  return state !== undefined && state.ejectedUntil > now;
}

/** How long the next ejection lasts after `ejections` earlier ones. */
export function ejectionMs(ejections: number, settings: BreakerSettings): number {
  return Math.min(settings.baseEjectionMs * 2 ** ejections, settings.maxEjectionMs);
}

export function recordOutcome(state: BreakerState, ok: boolean, now: number, settings: BreakerSettings): BreakerState {
  const ejected = state.ejectedUntil > now;
  if (ok) {
    return { consecutiveFailures: 0, ejections: ejected ? state.ejections : 0, ejectedUntil: state.ejectedUntil };
  }
  const failures = state.consecutiveFailures + 1;
  if (ejected || failures < settings.consecutiveFailures) {
    return { consecutiveFailures: failures, ejections: state.ejections, ejectedUntil: state.ejectedUntil };
  }
  return { consecutiveFailures: 0, ejections: state.ejections + 1, ejectedUntil: now + ejectionMs(state.ejections, settings) };
}
