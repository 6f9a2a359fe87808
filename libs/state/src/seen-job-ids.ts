/**
 * Which job ids the classifier has already taken in, so a job id sent twice
 * (a producer's retry, an ambiguous commit, a resend) yields one result.
 *
 * Per job id one marker, `<p>seen:<jobId>` = "<partition>:<offset>|<content hash>"
 * of the first record that carried it, set with SET NX and a TTL (the dedupe
 * window), for a whole chunk in one Lua call. The position makes the check
 * safe under transactions: a chunk whose transaction aborted is replayed with
 * the same records at the same offsets, and a record finding its own position
 * in the marker is the first one again, not a duplicate.
 */
import type Redis from 'ioredis';
import { stateKeys, type StateKeys } from './keys';
import { LuaScript } from './lua-script';

/** What the marker says about one record. */
export type SeenVerdict =
  /** No other record carried this id within the window (or this record is that first one, replayed). */
  | 'first'
  /** An earlier record carried the id with the same content: drop this one. */
  | 'duplicate'
  /** An earlier record carried the id with different content: a producer reused an id. */
  | 'conflict';

export interface IncomingJobId {
  jobId: string;
  /** Where the record sits: "<partition>:<offset>" of the jobs topic. */
  position: string;
  /** A hash of the job's content; equal for a resend of the same job. */
  contentHash: string;
}

// KEYS: one marker per record. ARGV: ttl seconds, then per record its position and content hash.
// A record earlier in the same call counts as seen, as it would in consecutive calls.
const markSeenScript = new LuaScript(
  'markJobIdsSeen',
  `
local ttl = ARGV[1]
local replies = {}
for i = 1, #KEYS do
  local position, hash = ARGV[2 * i], ARGV[2 * i + 1]
  if redis.call('SET', KEYS[i], position .. '|' .. hash, 'NX', 'EX', ttl) then
    replies[i] = 'first'
  else
    local seen = redis.call('GET', KEYS[i])
    local bar = string.find(seen, '|', 1, true)
    if string.sub(seen, 1, bar - 1) == position then replies[i] = 'first'
    elseif string.sub(seen, bar + 1) == hash then replies[i] = 'duplicate'
    else replies[i] = 'conflict' end
  end
end
return replies
`,
);

export interface SeenJobIdsOptions {
  /** Prefix of every key (config `redis.keyPrefix`). */
  keyPrefix: string;
  /** How long a job id is remembered (config `classifier.dedupeWindowSeconds`). */
  windowSeconds: number;
}

export class SeenJobIds {
  private readonly keys: StateKeys;

  constructor(
    private readonly redis: Redis,
    private readonly options: SeenJobIdsOptions,
  ) {
    if (!(Number.isInteger(options.windowSeconds) && options.windowSeconds > 0)) throw new RangeError(`SeenJobIds: windowSeconds must be a positive integer (got ${options.windowSeconds})`);
    this.keys = stateKeys(options.keyPrefix);
  }

  /**
   * Marks each record's job id as seen unless it already is, in order, in one
   * atomic step (one round trip), and says per record what it is.
   * @throws while Redis is unreachable: the caller must not let the records through unchecked.
   */
  async mark(records: readonly IncomingJobId[]): Promise<SeenVerdict[]> {
    if (records.length === 0) return [];
    const args = records.flatMap((r) => {
      if (r.position.includes('|')) throw new RangeError(`SeenJobIds: a position cannot hold "|" (got "${r.position}")`);
      return [r.position, r.contentHash];
    });
    return (await markSeenScript.run(
      this.redis,
      records.map((r) => this.keys.seenJob(r.jobId)),
      [this.options.windowSeconds, ...args],
    )) as SeenVerdict[];
  }
}
