import type { Logger } from '@switchyard/telemetry';

/** Live load and health of this worker's calls, as the router sees them. */
export interface CallStats {
  callStarted(): void;
  callFinished(outcome: { ok: boolean; latencyMs: number; tokens: number }): void;
}

/** The Redis operations behind CallStats (the state lib's store, bound to this pool and worker). */
export interface CallStatsStore {
  callStarted(): Promise<unknown>;
  callFinished(outcome: { ok: boolean; latencyMs: number; tokens: number }): Promise<unknown>;
}

const WARN_EVERY_MS = 30_000;

/**
 * Statistics are advisory: a model call never waits for Redis and never
 * fails because Redis is away. Errors are logged at most every 30 s.
 */
export function bestEffortCallStats(store: CallStatsStore, logger: Logger): CallStats {
  let lastWarning = 0;
  const warn = (err: unknown) => {
    if (Date.now() - lastWarning < WARN_EVERY_MS) return;
    lastWarning = Date.now();
    logger.warn({ err: (err as Error).message }, 'live stats not written to Redis; calls go on');
  };
  return {
    callStarted: () => void store.callStarted().catch(warn),
    callFinished: (outcome) => void store.callFinished(outcome).catch(warn),
  };
}
