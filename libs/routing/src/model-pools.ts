/**
 * The live view of one model's pools in one decision, read from the snapshot
 * into reusable arrays (the engine is synchronous, so one scratch per model
 * is enough and the hot path allocates nothing here).
 *
 * Liveness: a pool is live while its heartbeat lease runs (leaseExpiresAt).
 * - Cold start (the snapshot has no pools at all: no heartbeat yet, or Redis
 *   down before the first refresh): every configured pool counts as live and
 *   idle, so routing works from static profiles.
 * - Stale snapshot (`fresh` false): leases are judged at the snapshot's own
 *   time, i.e. the pools live when Redis was last read stay usable instead of
 *   all expiring while Redis is away.
 * A pool whose breaker ("pool:<id>") is open is skipped unless every live pool
 * of the model is ejected; then all of them stay usable (the caller says so).
 */
import type { PoolConfig } from '@switchyard/config';
import { isEjected } from './breaker';
import { PoolRing } from './hashing/pool-ring';
import type { LiveSnapshot } from './live-snapshot';

export const MODEL_BREAKER_PREFIX = 'model:';
export const POOL_BREAKER_PREFIX = 'pool:';

export interface ModelPools {
  readonly ring: PoolRing;
  readonly pools: readonly PoolConfig[];
  readonly breakerKeys: readonly string[];
  readonly inFlight: Float64Array;
  readonly live: Uint8Array;
  readonly usable: Uint8Array;
  liveCount: number;
  usableCount: number;
  inFlightSum: number;
  capacitySum: number;
  /** Lowest latency EWMA over live pools; NaN when none has measured one yet. */
  minEwmaMs: number;
}

export function createModelPools(pools: readonly PoolConfig[]): ModelPools {
  return {
    ring: new PoolRing(pools.map((p) => p.id)),
    pools,
    breakerKeys: pools.map((p) => POOL_BREAKER_PREFIX + p.id),
    inFlight: new Float64Array(pools.length),
    live: new Uint8Array(pools.length),
    usable: new Uint8Array(pools.length),
    liveCount: 0,
    usableCount: 0,
    inFlightSum: 0,
    capacitySum: 0,
    minEwmaMs: NaN,
  };
}

export function readModelPools(mp: ModelPools, snapshot: LiveSnapshot, coldStart: boolean, leaseClock: number, now: number): void {
  mp.liveCount = 0;
  mp.usableCount = 0;
  mp.inFlightSum = 0;
  mp.capacitySum = 0;
  mp.minEwmaMs = NaN;
  for (let i = 0; i < mp.pools.length; i++) {
    const state = coldStart ? undefined : snapshot.pools[mp.pools[i].id];
    const live = coldStart || (state !== undefined && state.leaseExpiresAt > leaseClock);
    mp.live[i] = live ? 1 : 0;
    mp.inFlight[i] = state ? state.inFlight : 0;
    mp.usable[i] = 0;
    if (!live) continue;
    mp.liveCount++;
    mp.inFlightSum += mp.inFlight[i];
    mp.capacitySum += state ? state.capacity : mp.pools[i].concurrency;
    const ewma = state?.ewmaLatencyMs;
    if (ewma !== undefined && (Number.isNaN(mp.minEwmaMs) || ewma < mp.minEwmaMs)) mp.minEwmaMs = ewma;
    if (!isEjected(snapshot.breakers[mp.breakerKeys[i]], now)) {
      mp.usable[i] = 1;
      mp.usableCount++;
    }
  }
}
