/**
 * Pool membership by heartbeat leases. Each worker holds a lease (its expiry
 * in the pool's lease ZSET) and its own in-flight and capacity fields, so a
 * worker that dies without releasing simply stops counting once its lease
 * runs out: its in-flight calls never leak into the pool's load.
 */
import { fields, POOL_RETENTION_MS } from './keys';
import { LuaScript } from './lua-script';
import type { StoreContext } from './store-context';

export interface HeartbeatInfo {
  /** The model the pool serves. */
  model: string;
  /** Model calls this worker runs at once (its concurrency). */
  capacity: number;
  /** Lease length; the worker counts as gone this long after its last heartbeat. */
  leaseSeconds: number;
  /** host:port where the worker serves Worker.Execute, published with the lease for synchronous calls. */
  address?: string;
}

const IN_FLIGHT_SUFFIX = fields.workerInFlight('');
const CAPACITY_SUFFIX = fields.workerCapacity('');
const ADDRESS_SUFFIX = fields.workerAddress('');

// Expired workers of the pool are pruned here (not in the read-only snapshot);
// the beating worker keeps its fields even if its own lease had lapsed.
const heartbeatScript = new LuaScript(
  'heartbeat',
  `
local pools, pool, leases, workers = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local poolId, workerId, model, capacity = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local expiresAt, now, retention = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local inflightSuffix, capacitySuffix, modelField = ARGV[8], ARGV[9], ARGV[10]
local addressSuffix, address = ARGV[11], ARGV[12]
for _, w in ipairs(redis.call('ZRANGEBYSCORE', leases, '-inf', now)) do
  if w ~= workerId then redis.call('HDEL', workers, w .. inflightSuffix, w .. capacitySuffix, w .. addressSuffix) end
end
redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
redis.call('ZADD', leases, expiresAt, workerId)
redis.call('HSET', workers, workerId .. capacitySuffix, capacity)
if address ~= '' then redis.call('HSET', workers, workerId .. addressSuffix, address) end
redis.call('HSET', pool, modelField, model)
redis.call('ZADD', pools, 'GT', expiresAt, poolId)
redis.call('ZREMRANGEBYSCORE', pools, '-inf', now - retention)
redis.call('PEXPIRE', pool, retention)
redis.call('PEXPIRE', leases, retention)
redis.call('PEXPIRE', workers, retention)
return 1
`,
);

// The pool's registry entry drops to the latest remaining live lease, or to
// now when the last worker leaves, so the pool reads as gone at once.
const releaseScript = new LuaScript(
  'releaseWorker',
  `
local pools, leases, workers = KEYS[1], KEYS[2], KEYS[3]
local poolId, workerId, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
redis.call('ZREM', leases, workerId)
redis.call('HDEL', workers, workerId .. ARGV[4], workerId .. ARGV[5], workerId .. ARGV[6])
local top = redis.call('ZREVRANGE', leases, 0, 0, 'WITHSCORES')
local latest = now
if top[2] and tonumber(top[2]) > now then latest = tonumber(top[2]) end
if redis.call('ZSCORE', pools, poolId) then redis.call('ZADD', pools, string.format('%d', latest), poolId) end
return 1
`,
);

export async function heartbeat(ctx: StoreContext, poolId: string, workerId: string, info: HeartbeatInfo): Promise<void> {
  if (!(info.leaseSeconds > 0)) throw new RangeError(`heartbeat: leaseSeconds must be > 0 (got ${info.leaseSeconds})`);
  if (!(info.capacity >= 0)) throw new RangeError(`heartbeat: capacity must be ≥ 0 (got ${info.capacity})`);
  const { keys } = ctx;
  const now = ctx.clock();
  await heartbeatScript.run(
    ctx.redis,
    [keys.pools, keys.pool(poolId), keys.poolLeases(poolId), keys.poolWorkers(poolId)],
    [poolId, workerId, info.model, info.capacity, now + Math.round(info.leaseSeconds * 1000), now, POOL_RETENTION_MS, IN_FLIGHT_SUFFIX, CAPACITY_SUFFIX, fields.poolModel, ADDRESS_SUFFIX, info.address ?? ''],
  );
}

export async function releaseWorker(ctx: StoreContext, poolId: string, workerId: string): Promise<void> {
  const { keys } = ctx;
  await releaseScript.run(ctx.redis, [keys.pools, keys.poolLeases(poolId), keys.poolWorkers(poolId)], [poolId, workerId, ctx.clock(), IN_FLIGHT_SUFFIX, CAPACITY_SUFFIX, ADDRESS_SUFFIX]);
}

/** The Worker.Execute address of each live worker (lease past now) of the given pools, sorted, in one round trip. */
export async function readWorkerAddresses(ctx: StoreContext, poolIds: readonly string[]): Promise<Map<string, string[]>> {
  const { keys } = ctx;
  const now = ctx.clock();
  const pipeline = ctx.redis.pipeline();
  for (const poolId of poolIds) {
    pipeline.zrangebyscore(keys.poolLeases(poolId), `(${now}`, '+inf');
    pipeline.hgetall(keys.poolWorkers(poolId));
  }
  const replies = (await pipeline.exec()) ?? [];
  const addresses = new Map<string, string[]>();
  poolIds.forEach((poolId, i) => {
    const [leaseErr, live] = replies[2 * i];
    const [workersErr, workers] = replies[2 * i + 1];
    if (leaseErr) throw leaseErr;
    if (workersErr) throw workersErr;
    const hash = workers as Record<string, string>;
    addresses.set(
      poolId,
      (live as string[]).map((workerId) => hash[workerId + ADDRESS_SUFFIX]).filter((address): address is string => Boolean(address))
        .sort(),
    );
  });
  return addresses;
}
