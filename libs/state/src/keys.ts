/**
 * The one Redis key layout of Switchyard. Every key and hash field name is
 * built here; the Lua scripts receive them as KEYS/ARGV and hold no literal.
 *
 * `<p>` is `redis.keyPrefix` (e.g. "sy:"). On Redis Cluster use a prefix with
 * a hash tag ("{sy}:") so every key shares one slot: the snapshot script reads
 * pool keys it discovers at run time. Times are Unix ms from the caller's clock.
 * Needs Redis ≥ 6.2 (ZADD GT).
 *
 * | key                       | type   | TTL                 | written by                          | read by                |
 * | ------------------------- | ------ | ------------------- | ----------------------------------- | ---------------------- |
 * | <p>pools                  | ZSET   | none (members pruned | heartbeat, releaseWorker            | snapshot               |
 * |                           |        | a day after expiry)  |  poolId → latest lease expiry       |                        |
 * | <p>pool:<id>              | HASH   | 1 day, renewed      | heartbeat (model), callsFinished    | snapshot               |
 * |                           |        |                     |  (ewmaLatencyMs, errorRate)         |                        |
 * | <p>pool:<id>:leases       | ZSET   | 1 day, renewed      | heartbeat, releaseWorker            | snapshot               |
 * |                           |        |                     |  workerId → lease expiry            |                        |
 * | <p>pool:<id>:workers      | HASH   | 1 day, renewed      | callStarted, callsFinished          | snapshot               |
 * |                           |        |                     |  (<w>:inflight), heartbeat          |                        |
 * |                           |        |                     |  (<w>:capacity)                     |                        |
 * | <p>usage:<minute>         | HASH   | 2 minutes           | reserveAll, settle (model:/tenant:  | snapshot               |
 * |                           |        |                     |  <id>:requests|tokens),             |                        |
 * |                           |        |                     |  callsFinished (pool:<id>:tokens)   |                        |
 * | <p>spend                  | HASH   | none                | reserveAll, settle, recordSpend     | reserveAll, snapshot   |
 * |                           |        |                     |  (<tenant>:window, <tenant>:usd)    |                        |
 * | <p>breakers               | HASH   | none                | recordOutcome(s)                    | snapshot               |
 * |                           |        |                     |  target → "failures:ejections:until"|                        |
 * | <p>scores                 | HASH   | none                | recordScores                        | readScoreStats         |
 * |                           |        |                     |  <model>|<taskType>|<stat> → number |                        |
 * | <p>scored:<jobId>         | STRING | 7 days (settable)   | recordScores (SET NX marker)        | recordScores           |
 * | <p>settled:<jobId>:<n>    | STRING | 1 day               | settleJobUsage (SET NX marker per   | settleJobUsage         |
 * |                           |        |                     |  attempt n of a routed job)         |                        |
 * | <p>seen:<jobId>           | STRING | dedupe window       | SeenJobIds.mark (SET NX marker:     | SeenJobIds.mark        |
 * |                           |        | (24 h default)      |  "<partition>:<offset>|<hash>")     |                        |
 * | <p>pjoin:<jobId>:<wave>   | HASH   | 1 day               | PipelineJoins.arrive (step → its    | PipelineJoins.arrive   |
 * |                           |        |                     |  output), owner field: the step     |                        |
 * |                           |        |                     |  that completed the wave            |                        |
 *
 * `<minute>` is floor(ms / 60 000). A usage hash lives two minutes because
 * the snapshot reads the previous minute too (pool tokens per minute).
 */

/** Kinds of per-minute usage counters. */
export type UsageScope = 'model' | 'tenant' | 'pool';
export type UsageKind = 'requests' | 'tokens';

/** Statistic names stored per (model, taskType) in the scores hash. */
export const SCORE_STATS = ['count', 'qualitySum', 'qualitySumSq', 'costUsdSum', 'latencyMsSum'] as const;
export type ScoreStatName = (typeof SCORE_STATS)[number];

/** How long a pool's keys outlive its last heartbeat or call. */
export const POOL_RETENTION_MS = 24 * 60 * 60 * 1000;
/** How long one minute's usage hash lives. */
export const USAGE_RETENTION_MS = 2 * 60 * 1000;
/** How long a job attempt's settlement marker lives: far longer than any replay of its chunk. */
export const SETTLED_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface StateKeys {
  readonly prefix: string;
  readonly pools: string;
  /** Prefix of the per-pool keys; the snapshot script appends ids and suffixes. */
  readonly poolBase: string;
  pool(poolId: string): string;
  poolLeases(poolId: string): string;
  poolWorkers(poolId: string): string;
  usage(minute: number): string;
  readonly spend: string;
  readonly breakers: string;
  readonly scores: string;
  scoredMarker(jobId: string): string;
  /** Marks attempt `attempt` of a routed job as settled against the limits. */
  settledJob(jobId: string, attempt: number): string;
  /** The classifier's marker of a job id taken in (idempotent ingestion). */
  seenJob(jobId: string): string;
  /** The finished steps of one wave of a pipeline job, joined by job id. */
  pipelineJoin(jobId: string, wave: string): string;
}

export const POOL_LEASES_SUFFIX = ':leases';
export const POOL_WORKERS_SUFFIX = ':workers';

/** Builds every key from one prefix (config `redis.keyPrefix`; tests use random ones). */
export function stateKeys(prefix: string): StateKeys {
  const poolBase = `${prefix}pool:`;
  return {
    prefix,
    pools: `${prefix}pools`,
    poolBase,
    pool: (poolId) => poolBase + poolId,
    poolLeases: (poolId) => poolBase + poolId + POOL_LEASES_SUFFIX,
    poolWorkers: (poolId) => poolBase + poolId + POOL_WORKERS_SUFFIX,
    usage: (minute) => `${prefix}usage:${minute}`,
    spend: `${prefix}spend`,
    breakers: `${prefix}breakers`,
    scores: `${prefix}scores`,
    scoredMarker: (jobId) => `${prefix}scored:${jobId}`,
    settledJob: (jobId, attempt) => `${prefix}settled:${jobId}:${attempt}`,
    seenJob: (jobId) => `${prefix}seen:${jobId}`,
    pipelineJoin: (jobId, wave) => `${prefix}pjoin:${jobId}:${wave}`,
  };
}

/** Field names inside the hashes above. */
export const fields = {
  workerInFlight: (workerId: string) => `${workerId}:inflight`,
  workerCapacity: (workerId: string) => `${workerId}:capacity`,
  /** host:port of the worker's Worker.Execute gRPC server; absent for workers that serve Kafka only. */
  workerAddress: (workerId: string) => `${workerId}:address`,
  usage: (scope: UsageScope, id: string, kind: UsageKind) => `${scope}:${id}:${kind}`,
  spendWindow: (tenant: string) => `${tenant}:window`,
  spendUsd: (tenant: string) => `${tenant}:usd`,
  score: (model: string, taskType: string, stat: ScoreStatName) => `${model}|${taskType}|${stat}`,
  /** In a pipeline join: the step whose arrival completed the wave (no step name starts with "~"). */
  pipelineJoinOwner: '~owner',
  poolModel: 'model',
  poolEwmaLatency: 'ewmaLatencyMs',
  poolErrorRate: 'errorRate',
} as const;

/** The reverse of `fields.usage`; undefined for a field of another shape. */
export function parseUsageField(field: string): { scope: UsageScope; id: string; kind: UsageKind } | undefined {
  const first = field.indexOf(':');
  const last = field.lastIndexOf(':');
  if (first <= 0 || last <= first) return undefined;
  const scope = field.slice(0, first);
  const kind = field.slice(last + 1);
  if ((scope !== 'model' && scope !== 'tenant' && scope !== 'pool') || (kind !== 'requests' && kind !== 'tokens')) return undefined;
  return { scope, id: field.slice(first + 1, last), kind };
}

/** The reverse of `fields.spendWindow`/`fields.spendUsd`. */
export function parseSpendField(field: string): { tenant: string; part: 'window' | 'usd' } | undefined {
  const last = field.lastIndexOf(':');
  const part = field.slice(last + 1);
  if (last < 0 || (part !== 'window' && part !== 'usd')) return undefined;
  return { tenant: field.slice(0, last), part };
}

/**
 * The reverse of `fields.score`. Model ids cannot hold "|" (config id rule),
 * so the first "|" ends the model and the last one starts the statistic.
 */
export function parseScoreField(field: string): { model: string; taskType: string; stat: ScoreStatName } | undefined {
  const first = field.indexOf('|');
  const last = field.lastIndexOf('|');
  if (first <= 0 || last <= first) return undefined;
  const stat = field.slice(last + 1) as ScoreStatName;
  if (!SCORE_STATS.includes(stat)) return undefined;
  return { model: field.slice(0, first), taskType: field.slice(first + 1, last), stat };
}
