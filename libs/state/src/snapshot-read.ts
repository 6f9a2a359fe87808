/**
 * Reads everything a LiveSnapshot holds in one round trip: one read-only Lua
 * script that walks the pool registry, sums each pool's live workers (lease
 * expiry after `now`) and returns the usage, spend and breaker hashes.
 */
import type { LiveSnapshot } from '@switchyard/routing';
import { fields, POOL_LEASES_SUFFIX, POOL_WORKERS_SUFFIX } from './keys';
import { LuaScript } from './lua-script';
import { parseSnapshotReply, type SnapshotReply } from './snapshot-reply';
import type { StoreContext } from './store-context';
import { minuteOf } from './windows';

// One HMGET per pool unpacks 2 fields per live worker, well inside Lua's
// stack limit (~8000) for pools of up to a few thousand workers.
// A pool without live workers reports the lease it last had (never later
// than now), so routing sees it as gone rather than as never seen.
const snapshotScript = new LuaScript(
  'readSnapshot',
  `
local poolBase, leasesSuffix, workersSuffix, now = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local inflightSuffix, capacitySuffix = ARGV[5], ARGV[6]
local registry = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local rows = {}
for i = 1, #registry, 2 do
  local poolId = registry[i]
  local base = poolBase .. poolId
  local live = redis.call('ZRANGEBYSCORE', base .. leasesSuffix, '(' .. ARGV[4], '+inf', 'WITHSCORES')
  local inFlight, capacity, lease = 0, 0, math.min(tonumber(registry[i + 1]), now)
  if #live > 0 then
    local names = {}
    for j = 1, #live, 2 do
      names[#names + 1] = live[j] .. inflightSuffix
      names[#names + 1] = live[j] .. capacitySuffix
      lease = math.max(lease, tonumber(live[j + 1]))
    end
    local values = redis.call('HMGET', base .. workersSuffix, unpack(names))
    for j = 1, #values, 2 do
      inFlight = inFlight + math.max(0, tonumber(values[j] or '0'))
      capacity = capacity + tonumber(values[j + 1] or '0')
    end
  end
  local meta = redis.call('HMGET', base, ARGV[7], ARGV[8], ARGV[9])
  rows[#rows + 1] = {poolId, meta[1] or '', meta[2] or '', meta[3] or '', tostring(inFlight), tostring(capacity), string.format('%d', lease)}
end
return {rows, redis.call('HGETALL', KEYS[2]), redis.call('HGETALL', KEYS[3]), redis.call('HGETALL', KEYS[4]), redis.call('HGETALL', KEYS[5])}
`,
);

export async function readSnapshot(ctx: StoreContext, now: number): Promise<LiveSnapshot> {
  const { keys } = ctx;
  const minute = minuteOf(now);
  const reply = (await snapshotScript.run(
    ctx.redis,
    [keys.pools, keys.usage(minute), keys.usage(minute - 1), keys.spend, keys.breakers],
    [
      keys.poolBase,
      POOL_LEASES_SUFFIX,
      POOL_WORKERS_SUFFIX,
      Math.floor(now),
      fields.workerInFlight(''),
      fields.workerCapacity(''),
      fields.poolModel,
      fields.poolEwmaLatency,
      fields.poolErrorRate,
    ],
  )) as SnapshotReply;
  return parseSnapshotReply(reply, now);
}
