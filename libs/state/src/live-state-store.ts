import type Redis from 'ioredis';
import type { BreakerSettings, BreakerState, BreakerTarget, LiveSnapshot } from '@switchyard/routing';
import { recordBreakerOutcomes } from './breaker-store';
import { callsFinished, callStarted, type CallOutcome } from './call-stats';
import { stateKeys } from './keys';
import { readScoreStats, recordScores, type ScoreRecord, type ScoreStats } from './score-stats';
import { readSnapshot } from './snapshot-read';
import type { StoreContext } from './store-context';
import { recordSpend, reserveAll, settle, settleJobUsage, type JobUsage, type Reservation, type ReserveRequest, type ReserveResult } from './usage-limits';
import type { BudgetWindow } from './windows';
import { heartbeat, readWorkerAddresses, releaseWorker, type HeartbeatInfo } from './worker-leases';

export interface LiveStateStoreOptions {
  /** Prefix of every key (config `redis.keyPrefix`). */
  keyPrefix: string;
  /** The breaker rule's settings (config `routing.breaker`). */
  breaker: BreakerSettings;
  /** Weight of the newest call in the latency and error-rate EWMAs. @default 0.2 */
  ewmaAlpha?: number;
  /** How long a job's "already scored" marker lives. @default 604800 (7 days) */
  scoreMarkerTtlSeconds?: number;
  /** Unix ms now; tests pass their own clock. @default Date.now */
  clock?: () => number;
}

/** One worker's view of the store, shaped for the model worker's call statistics. */
export interface WorkerCallStats {
  callsStarted(count: number): Promise<void>;
  callsFinished(outcomes: readonly CallOutcome[]): Promise<void>;
}

/**
 * Everything Switchyard keeps in Redis, behind one object: worker leases and
 * call statistics, breakers, rate limits and budgets, scorer statistics and
 * the live snapshot. Each operation is one atomic Lua script; all of them
 * fail fast (they reject) while Redis is unreachable. The store does not own
 * the client: close it with `closeRedis`.
 */
export class LiveStateStore {
  private readonly ctx: StoreContext;

  constructor(redis: Redis, options: LiveStateStoreOptions) {
    const ewmaAlpha = options.ewmaAlpha ?? 0.2;
    if (!(ewmaAlpha > 0 && ewmaAlpha <= 1)) throw new RangeError(`LiveStateStore: ewmaAlpha must be in (0, 1] (got ${options.ewmaAlpha})`);
    this.ctx = {
      redis,
      keys: stateKeys(options.keyPrefix),
      clock: options.clock ?? Date.now,
      breaker: options.breaker,
      ewmaAlpha,
      scoreMarkerTtlSeconds: options.scoreMarkerTtlSeconds ?? 7 * 24 * 60 * 60,
    };
  }

  /**
   * Renews a worker's lease in its pool and records the pool's model and the
   * worker's capacity. Call it every leaseSeconds/3 or so; a worker whose
   * lease lapses stops counting (its in-flight calls included). Also prunes
   * the pool's expired workers.
   */
  heartbeat(poolId: string, workerId: string, info: HeartbeatInfo): Promise<void> {
    return heartbeat(this.ctx, poolId, workerId, info);
  }

  /** Per pool, the Worker.Execute addresses its live workers published with their leases. */
  readWorkerAddresses(poolIds: readonly string[]): Promise<Map<string, string[]>> {
    return readWorkerAddresses(this.ctx, poolIds);
  }

  /** Ends a worker's lease at once, on graceful shutdown; the pool is gone when its last worker leaves. */
  releaseWorker(poolId: string, workerId: string): Promise<void> {
    return releaseWorker(this.ctx, poolId, workerId);
  }

  /** Counts `count` more model calls in flight on this worker. */
  callStarted(poolId: string, workerId: string, count = 1): Promise<void> {
    return callStarted(this.ctx, poolId, workerId, count);
  }

  /**
   * Ends a call started with `callStarted`: in-flight −1 (never below 0),
   * the pool's latency and error-rate EWMAs updated, tokens added to the
   * pool's minute.
   */
  callFinished(poolId: string, workerId: string, outcome: CallOutcome): Promise<void> {
    return callsFinished(this.ctx, poolId, workerId, [outcome]);
  }

  /** Ends several calls in one atomic step, exactly as `callFinished` on each in order would. */
  callsFinished(poolId: string, workerId: string, outcomes: readonly CallOutcome[]): Promise<void> {
    return callsFinished(this.ctx, poolId, workerId, outcomes);
  }

  /** `callStarted`/`callsFinished` bound to one pool and worker. */
  workerCallStats(poolId: string, workerId: string): WorkerCallStats {
    return {
      callsStarted: (count) => this.callStarted(poolId, workerId, count),
      callsFinished: (outcomes) => this.callsFinished(poolId, workerId, outcomes),
    };
  }

  /**
   * Applies one call outcome to a model's or pool's breaker, atomically and
   * by the rule of routing's `recordOutcome`, and returns the new state.
   * @param now Unix ms of the outcome. @default the store's clock
   */
  recordOutcome(target: BreakerTarget, ok: boolean, now: number = this.ctx.clock()): Promise<BreakerState> {
    return recordBreakerOutcomes(this.ctx, target, [ok], now);
  }

  /** Applies several outcomes (true = ok) in order, in one atomic step; returns the state after the last. */
  recordOutcomes(target: BreakerTarget, outcomes: readonly boolean[], now: number = this.ctx.clock()): Promise<BreakerState> {
    return recordBreakerOutcomes(this.ctx, target, outcomes, now);
  }

  /**
   * Checks the tenant's budget and the tenant's and model's requests and
   * tokens per minute, and counts the request if all have room, in one
   * atomic step shared by every router replica.
   * @returns `{ok: true, reservation}` or `{ok: false, reason}` naming the
   *   limit, e.g. "tenant acme: requests per minute 100 reached".
   */
  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    const [result] = await reserveAll(this.ctx, [request]);
    return result;
  }

  /**
   * Reserves several requests in order in one atomic step (one round trip),
   * exactly as consecutive reserve calls would: a refused request counts
   * nothing and later ones may still fit.
   */
  reserveAll(requests: readonly ReserveRequest[]): Promise<ReserveResult[]> {
    return reserveAll(this.ctx, requests);
  }

  /**
   * Replaces a reservation's estimated tokens and cost by the actual ones.
   * Only the reservation's own minute and budget window change; once they
   * are over, nothing does.
   */
  settle(reservation: Reservation, actual: { tokens: number; costUsd: number }): Promise<void> {
    return settle(this.ctx, reservation, actual);
  }

  /**
   * Settles attempts of routed jobs in one round trip, each once however often its chunk is
   * replayed: the difference between the reservation it carries and what the call used (0
   * releases it), or, with no reservation, the call's cost as new spend in its `budgetWindow`.
   */
  settleJobUsage(usages: readonly JobUsage[]): Promise<void> {
    return settleJobUsage(this.ctx, usages);
  }

  /** Adds spend that no reservation covered (a negative cost refunds, never below 0). */
  recordSpend(tenant: string, costUsd: number, budgetWindow: BudgetWindow): Promise<void> {
    return recordSpend(this.ctx, tenant, costUsd, budgetWindow);
  }

  /**
   * Adds one scored job to its (model, taskType) statistics and to the
   * model's "all" statistics, once per job id.
   * @returns true when counted, false when this job was already scored.
   * @throws RangeError when quality is outside [0, 1] or the job id or model is empty.
   */
  async recordScore(record: ScoreRecord): Promise<boolean> {
    const [counted] = await recordScores(this.ctx, [record]);
    return counted;
  }

  /**
   * Adds several scored jobs in one atomic step (one round trip), each once
   * per job id, as consecutive recordScore calls would.
   * @returns per record, true when counted now.
   * @throws RangeError, before anything is written, when any record is invalid.
   */
  recordScores(records: readonly ScoreRecord[]): Promise<boolean[]> {
    return recordScores(this.ctx, records);
  }

  /** Every (model, taskType) statistic, "all" included, sorted by model then task type. */
  readScoreStats(): Promise<ScoreStats[]> {
    return readScoreStats(this.ctx);
  }

  /**
   * Reads pools, breakers, usage and spend as one LiveSnapshot in one round
   * trip; only workers whose lease runs past `now` count.
   * @param now Unix ms the leases and windows are judged at. @default the store's clock
   */
  readSnapshot(now: number = this.ctx.clock()): Promise<LiveSnapshot> {
    return readSnapshot(this.ctx, now);
  }
}
