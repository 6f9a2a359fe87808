import type Redis from 'ioredis';
import { fields, stateKeys, type StateKeys } from './keys';
import { LuaScript } from './lua-script';

/**
 * Records one step of a wave and answers whether this arrival completes it.
 * The first arrival to find every step present becomes the wave's owner;
 * only the owner's arrival (again, when its chunk is replayed after a crash)
 * gets the outputs, so a wave goes on exactly once however often its steps'
 * results are re-read. KEYS[1] the join hash; ARGV step, output, expected
 * count, TTL seconds, owner field.
 */
const ARRIVE = new LuaScript(
  'pipeline-join-arrive',
  `
local key = KEYS[1]
redis.call('HSETNX', key, ARGV[1], ARGV[2])
redis.call('EXPIRE', key, tonumber(ARGV[4]))
local present = redis.call('HLEN', key)
local owner = redis.call('HGET', key, ARGV[5])
if owner then present = present - 1 end
if present < tonumber(ARGV[3]) then return false end
if not owner then
  redis.call('HSET', key, ARGV[5], ARGV[1])
  owner = ARGV[1]
end
if owner ~= ARGV[1] then return false end
redis.call('HDEL', key, ARGV[5])
local all = redis.call('HGETALL', key)
redis.call('HSET', key, ARGV[5], owner)
return all
`,
);

/** A join lives this long; a pipeline job whose wave never completes leaves nothing behind for longer. */
const JOIN_TTL_SECONDS = 24 * 60 * 60;

/**
 * Where a pipeline's fan-out waits for its branches, by pipeline job id: each
 * finished step of a wave is recorded, and the one arrival that completes the
 * wave gets every step's output. Outputs are opaque strings to this store.
 */
export class PipelineJoins {
  private readonly keys: StateKeys;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
  ) {
    this.keys = stateKeys(keyPrefix);
  }

  /** Every step's output (step → output) when this arrival completes the wave, else null. */
  async arrive(jobId: string, wave: string, expected: number, step: string, output: string): Promise<Map<string, string> | null> {
    const reply = (await ARRIVE.run(this.redis, [this.keys.pipelineJoin(jobId, wave)], [step, output, expected, JOIN_TTL_SECONDS, fields.pipelineJoinOwner])) as string[] | null;
    if (!reply) return null;
    const outputs = new Map<string, string>();
    for (let i = 0; i < reply.length; i += 2) outputs.set(reply[i], reply[i + 1]);
    return outputs;
  }
}
