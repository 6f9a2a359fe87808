/**
 * What one decision sees of one model's live state: its breaker and usage,
 * and its pools' liveness, load and latency, read from the snapshot into
 * reusable fields (the engine is synchronous, so one view per model suffices
 * and the hot path allocates nothing here). Snapshot lookups by key happen
 * once per snapshot, not once per decision.
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
 *
 * Between two snapshot refreshes every decision would see the same loads, so
 * a hot key would pile onto one pool for the whole refresh interval. The view
 * therefore adds the jobs this engine itself sent to each pool since the
 * snapshot was taken (`assigned`); the next snapshot includes them.
 */
import type { PoolConfig } from '@switchyard/config';
import { isEjected, modelBreaker, poolBreaker } from './breaker';
import { passedOver, PoolRing } from './hashing/pool-ring';
import type { BreakerState, LiveSnapshot, PoolLiveState, UsageCounters } from './live-snapshot';

export interface ModelLiveView {
  readonly modelId: string;
  readonly ring: PoolRing;
  readonly pools: readonly PoolConfig[];
  readonly breakerKey: string;
  readonly poolBreakerKeys: readonly string[];
  /** The snapshot the per-snapshot fields below were resolved from. */
  snapshot: LiveSnapshot | null;
  readonly states: (PoolLiveState | undefined)[];
  readonly poolBreakers: (BreakerState | undefined)[];
  breaker: BreakerState | undefined;
  usage: UsageCounters | undefined;
  /** Jobs this engine sent to each pool since `snapshot` was read. */
  readonly assigned: Float64Array;
  /** Per decision. */
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

export function createModelLiveView(modelId: string, pools: readonly PoolConfig[]): ModelLiveView {
  const n = pools.length;
  return {
    modelId,
    ring: new PoolRing(pools.map((p) => p.id)),
    pools,
    breakerKey: modelBreaker(modelId),
    poolBreakerKeys: pools.map((p) => poolBreaker(p.id)),
    snapshot: null,
    states: new Array(n).fill(undefined),
    poolBreakers: new Array(n).fill(undefined),
    breaker: undefined,
    usage: undefined,
    assigned: new Float64Array(n),
    inFlight: new Float64Array(n),
    live: new Uint8Array(n),
    usable: new Uint8Array(n),
    liveCount: 0,
    usableCount: 0,
    inFlightSum: 0,
    capacitySum: 0,
    minEwmaMs: NaN,
  };
}

function resolveSnapshot(v: ModelLiveView, snapshot: LiveSnapshot, coldStart: boolean): void {
  v.snapshot = snapshot;
  v.breaker = snapshot.breakers[v.breakerKey];
  v.usage = snapshot.modelUsage[v.modelId];
  for (let i = 0; i < v.pools.length; i++) {
    v.states[i] = coldStart ? undefined : snapshot.pools[v.pools[i].id];
    v.poolBreakers[i] = snapshot.breakers[v.poolBreakerKeys[i]];
  }
  v.assigned.fill(0);
}

export function readModelLiveView(v: ModelLiveView, snapshot: LiveSnapshot, coldStart: boolean, leaseClock: number, now: number): void {
  if (v.snapshot !== snapshot) resolveSnapshot(v, snapshot, coldStart);
  v.liveCount = 0;
  v.usableCount = 0;
  v.inFlightSum = 0;
  v.capacitySum = 0;
  v.minEwmaMs = NaN;
  for (let i = 0; i < v.pools.length; i++) {
    const state = v.states[i];
    const live = coldStart || (state !== undefined && state.leaseExpiresAt > leaseClock);
    v.live[i] = live ? 1 : 0;
    v.inFlight[i] = (state ? state.inFlight : 0) + v.assigned[i];
    v.usable[i] = 0;
    if (!live) continue;
    v.liveCount++;
    v.inFlightSum += v.inFlight[i];
    v.capacitySum += state ? state.capacity : v.pools[i].concurrency;
    const ewma = state?.ewmaLatencyMs;
    if (ewma !== undefined && (Number.isNaN(v.minEwmaMs) || ewma < v.minEwmaMs)) v.minEwmaMs = ewma;
    if (!isEjected(v.poolBreakers[i], now)) {
      v.usable[i] = 1;
      v.usableCount++;
    }
  }
}

/** Records that this engine sent a job to pool `index`, until the next snapshot. */
export function recordAssignment(v: ModelLiveView, index: number): void {
  v.assigned[index]++;
  v.inFlight[index]++;
  v.inFlightSum++;
}

/** The pools a choice may use: ejection only ever narrows it; with every live pool ejected, the live ones are used anyway. */
function eligiblePools(v: ModelLiveView): Uint8Array {
  return v.usableCount === 0 ? v.live : v.usable;
}

export function choosePoolIndex(v: ModelLiveView, keyHash: number, epsilon: number): number {
  return v.ring.choose(keyHash, v.inFlight, epsilon, eligiblePools(v));
}

/** How many better-ranked pools `choosePoolIndex` passed over (at the load bound) to pick `index`. */
export function poolsPassedOver(v: ModelLiveView, keyHash: number, index: number): number {
  return passedOver(v.ring, keyHash, index, eligiblePools(v));
}
