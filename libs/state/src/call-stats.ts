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
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`,
);

// A finish never drives in-flight below zero: the field may have been pruned
// with an expired lease while the call ran. The error-rate EWMA starts from
// 0 and the latency EWMA from the first measurement.
const callFinishedScript = new LuaScript(
  'callFinished',
  `
local workers, pool, usage = KEYS[1], KEYS[2], KEYS[3]
local inflightField, latency, ok, tokens = ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1', tonumber(ARGV[4])
local alpha, retention, usageRetention = tonumber(ARGV[5]), ARGV[6], ARGV[7]
local latencyField, errorField, tokensField = ARGV[8], ARGV[9], ARGV[10]
if tonumber(redis.call('HGET', workers, inflightField) or '0') > 0 then
  redis.call('HINCRBY', workers, inflightField, -1)
end
local previous = redis.call('HMGET', pool, latencyField, errorField)
local ewmaLatency = latency
if previous[1] then ewmaLatency = alpha * latency + (1 - alpha) * tonumber(previous[1]) end
local failure = 1
if ok then failure = 0 end
local errorRate = alpha * failure + (1 - alpha) * tonumber(previous[2] or '0')
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

export async function callStarted(ctx: StoreContext, poolId: string, workerId: string): Promise<void> {
  await callStartedScript.run(ctx.redis, [ctx.keys.poolWorkers(poolId)], [fields.workerInFlight(workerId), POOL_RETENTION_MS]);
}

export async function callFinished(ctx: StoreContext, poolId: string, workerId: string, outcome: CallOutcome): Promise<void> {
  const { keys } = ctx;
  await callFinishedScript.run(
    ctx.redis,
    [keys.poolWorkers(poolId), keys.pool(poolId), keys.usage(minuteOf(ctx.clock()))],
    [
      fields.workerInFlight(workerId),
      Math.max(0, outcome.latencyMs),
      outcome.ok ? 1 : 0,
      Math.max(0, Math.round(outcome.tokens)),
      ctx.ewmaAlpha,
      POOL_RETENTION_MS,
      USAGE_RETENTION_MS,
      fields.poolEwmaLatency,
      fields.poolErrorRate,
      fields.usage('pool', poolId, 'tokens'),
    ],
  );
}
