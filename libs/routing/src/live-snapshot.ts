/**
 * The router's local picture of live state, refreshed from Redis every
 * 50–100 ms by the state lib and read by every decision without I/O.
 * Plain data: routing code never touches Redis.
 */
export interface PoolLiveState {
  poolId: string;
  model: string;
  /** Model calls in flight across the pool's workers. */
  inFlight: number;
  /** Sum of the pool's workers' concurrency (capacity). */
  capacity: number;
  /** EWMA of call latency; undefined until the first call completes. */
  ewmaLatencyMs?: number;
  /** EWMA of the failure indicator, 0..1. */
  errorRate: number;
  tokensPerMinute: number;
  /** Unix ms when the pool's heartbeat lease expires; past it the pool is gone. */
  leaseExpiresAt: number;
}

export interface BreakerState {
  /** Consecutive failures since the last success. */
  consecutiveFailures: number;
  /** How many times it has been ejected (drives the growing ejection time). */
  ejections: number;
  /** Unix ms until which the target is ejected; 0 when closed. */
  ejectedUntil: number;
}

/** Usage within the current window, shared by every router replica. */
export interface UsageCounters {
  requestsThisMinute: number;
  tokensThisMinute: number;
}

export interface LiveSnapshot {
  /** Unix ms when this snapshot was read. */
  takenAt: number;
  /** False when the last refresh failed and this is an older snapshot. */
  fresh: boolean;
  pools: Record<string, PoolLiveState>;
  /** Keyed by model id and by pool id ("model:<id>", "pool:<id>"). */
  breakers: Record<string, BreakerState>;
  /** Per model id. */
  modelUsage: Record<string, UsageCounters>;
  /** Per tenant id. */
  tenantUsage: Record<string, UsageCounters>;
  /** USD spent by each tenant in its current budget window. */
  tenantSpendUsd: Record<string, number>;
}

export function emptySnapshot(now = Date.now()): LiveSnapshot {
  return { takenAt: now, fresh: false, pools: {}, breakers: {}, modelUsage: {}, tenantUsage: {}, tenantSpendUsd: {} };
}
