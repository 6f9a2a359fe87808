import type Redis from 'ioredis';
import { closeRedis, connectRedis } from './connect';
import { stateKeys } from './keys';
import { SeenJobIds } from './seen-job-ids';
import { randomKeyPrefix, startRedisServer, startTestRedis, waitUntil, type TestRedis } from './testing/redis-server';

describe('seen job ids on a real Redis', () => {
  let server: TestRedis;
  let redis: Redis;
  let keyPrefix: string;
  let seen: SeenJobIds;

  beforeAll(async () => {
    server = await startTestRedis();
    redis = await connectRedis(server.url);
  });
  afterAll(async () => {
    await closeRedis(redis);
    await server.stop();
  });
  beforeEach(() => {
    keyPrefix = randomKeyPrefix();
    seen = new SeenJobIds(redis, { keyPrefix, windowSeconds: 60 });
  });

  it('takes a job id in once: a resend elsewhere is a duplicate, other content under the same id a conflict', async () => {
    expect(await seen.mark([{ jobId: 'j1', position: '0:10', contentHash: 'h1' }])).toEqual(['first']);
    expect(await seen.mark([{ jobId: 'j1', position: '2:55', contentHash: 'h1' }])).toEqual(['duplicate']);
    expect(await seen.mark([{ jobId: 'j1', position: '0:11', contentHash: 'h2' }])).toEqual(['conflict']);
  });

  it('treats the same record replayed after an aborted transaction as the first one again', async () => {
    const record = { jobId: 'j1', position: '1:7', contentHash: 'h1' };
    expect(await seen.mark([record])).toEqual(['first']);
    expect(await seen.mark([record])).toEqual(['first']);
  });

  it('judges a chunk in order, as consecutive calls would, in one call', async () => {
    const verdicts = await seen.mark([
      { jobId: 'a', position: '0:1', contentHash: 'x' },
      { jobId: 'b', position: '0:2', contentHash: 'y' },
      { jobId: 'a', position: '0:3', contentHash: 'x' },
      { jobId: 'b', position: '0:4', contentHash: 'z' },
    ]);
    expect(verdicts).toEqual(['first', 'first', 'duplicate', 'conflict']);
  });

  it('remembers an id for the window only: after it, the id is a new job', async () => {
    const short = new SeenJobIds(redis, { keyPrefix, windowSeconds: 1 });
    expect(await short.mark([{ jobId: 'j1', position: '0:1', contentHash: 'h' }])).toEqual(['first']);
    expect(await redis.ttl(stateKeys(keyPrefix).seenJob('j1'))).toBe(1);
    await waitUntil(async () => (await redis.exists(stateKeys(keyPrefix).seenJob('j1'))) === 0, 'the marker did not expire', 5_000);
    expect(await short.mark([{ jobId: 'j1', position: '0:9', contentHash: 'h' }])).toEqual(['first']);
  });

  it('fails, rather than answering "first", while Redis is unreachable', async () => {
    const own = await startRedisServer();
    const client = await connectRedis(own.url, { readyTimeoutMs: 3_000, maxReconnectDelayMs: 100 });
    try {
      const store = new SeenJobIds(client, { keyPrefix, windowSeconds: 60 });
      await own.kill();
      await expect(store.mark([{ jobId: 'j1', position: '0:1', contentHash: 'h' }])).rejects.toThrow();
    } finally {
      await closeRedis(client);
      await own.stop();
    }
  });
});
