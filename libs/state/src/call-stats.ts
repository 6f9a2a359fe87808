/**
 * A worker's model calls as the router sees them: in-flight count (kept per
 * worker, see worker-leases.ts), EWMAs of latency and of the failure
 * indicator per pool, and tokens per pool in the minute's usage hash.
 */
import { fields, POOL_RETENTION_MS, USAGE_RETENTION_MS } from './keys';
import { LuaScript } from './lua-script';
import type { StoreContext } from './store-context';
import { minuteOf } from './windows';

export interface CallOutcome {
  ok: boolean;
  latencyMs: number;
  /** Input plus output tokens of the call. */
  tokens: number;
}

const callStartedScript = new LuaScript(
  'callStarted',
  `
redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`,
);

// Applies finished calls in order, as if each had been sent alone: a worker
// batches them so Redis sees one script per flush, not one per call. A
// finish never drives in-flight below zero: the field may have been pruned
// with an expired lease while the call ran. The error-rate EWMA starts from
// 0 and the latency EWMA from the first measurement.
const callsFinishedScript = new LuaScript(
  'callsFinished',
  `
local workers, pool, usage = KEYS[1], KEYS[2], KEYS[3]
local inflightField, alpha, retention, usageRetention = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local latencyField, errorField, tokensField = ARGV[5], ARGV[6], ARGV[7]
local previous = redis.call('HMGET', pool, latencyField, errorField)
local ewmaLatency = tonumber(previous[1] or '')
local errorRate = tonumber(previous[2] or '0')
local before = tonumber(redis.call('HGET', workers, inflightField) or '0')
local inflight, tokens = before, 0
for i = 8, #ARGV, 3 do
  local latency, ok = tonumber(ARGV[i]), ARGV[i + 1] == '1'
  if ewmaLatency then ewmaLatency = alpha * latency + (1 - alpha) * ewmaLatency else ewmaLatency = latency end
  local failure = 1
  if ok then failure = 0 end
  errorRate = alpha * failure + (1 - alpha) * errorRate
  tokens = tokens + tonumber(ARGV[i + 2])
  if inflight > 0 then inflight = inflight - 1 end
end
if inflight ~= before then redis.call('HSET', workers, inflightField, inflight) end
redis.call('HSET', pool, latencyField, string.format('%.17g', ewmaLatency), errorField, string.format('%.17g', errorRate))
redis.call('PEXPIRE', pool, retention)
redis.call('PEXPIRE', workers, retention)
if tokens > 0 then
  redis.call('HINCRBY', usage, tokensField, tokens)
  redis.call('PEXPIRE', usage, usageRetention)
end
return 1
`,
);

export async function callStarted(ctx: StoreContext, poolId: string, workerId: string, count = 1): Promise<void> {
  await callStartedScript.run(ctx.redis, [ctx.keys.poolWorkers(poolId)], [fields.workerInFlight(workerId), POOL_RETENTION_MS, count]);
}

export async function callsFinished(ctx: StoreContext, poolId: string, workerId: string, outcomes: readonly CallOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const { keys } = ctx;
  const perCall = outcomes.flatMap((o) => [Math.max(0, o.latencyMs), o.ok ? 1 : 0, Math.max(0, Math.round(o.tokens))]);
  await callsFinishedScript.run(
    ctx.redis,
    [keys.poolWorkers(poolId), keys.pool(poolId), keys.usage(minuteOf(ctx.clock()))],
    [
      fields.workerInFlight(workerId),
      ctx.ewmaAlpha,
      POOL_RETENTION_MS,
      USAGE_RETENTION_MS,
      fields.poolEwmaLatency,
      fields.poolErrorRate,
      fields.usage('pool', poolId, 'tokens'),
      ...perCall,
    ],
  );
}
