import type Redis from 'ioredis';
import { closeRedis, connectRedis, RedisUnavailableError } from './connect';
import { LiveSnapshotCache } from './live-snapshot-cache';
import { LiveStateStore } from './live-state-store';
import { randomKeyPrefix, startRedisServer, waitUntil, type TestRedis } from './testing/redis-server';
import { TEST_BREAKER } from './testing/test-store';

/** Redis killed and restarted under a running snapshot cache: always a child server of our own. */
describe('when Redis goes away and comes back', () => {
  let server: TestRedis;
  const opened: Redis[] = [];
  const connect = async (readyTimeoutMs = 3_000) => {
    const client = await connectRedis(server.url, { readyTimeoutMs, maxReconnectDelayMs: 100 });
    opened.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(opened.map((c) => closeRedis(c)));
    await server.stop();
  });

  it('serves the last snapshot as stale while Redis is down, then recovers by itself and writes work again', async () => {
    const store = new LiveStateStore(await connect(), { keyPrefix: randomKeyPrefix(), breaker: TEST_BREAKER });
    const lines: string[] = [];
    const logger = { warn: (_: object, m: string) => lines.push(`warn: ${m}`), info: (_: object, m: string) => lines.push(`info: ${m}`) };
    const cache = new LiveSnapshotCache(store, { refreshMs: 20, logger });
    try {
      await store.heartbeat('p1', 'w1', { model: 'm1', capacity: 4, leaseSeconds: 30 });
      await store.callStarted('p1', 'w1');
      expect(await cache.start()).toBe(true);
      expect(cache.current()).toMatchObject({ fresh: true, pools: { p1: { inFlight: 1, capacity: 4 } } });

      await server.kill();
      await waitUntil(() => !cache.current().fresh, 'the cache did not go stale', 5_000);
      expect(cache.current().pools.p1).toMatchObject({ inFlight: 1, capacity: 4 });
      await expect(store.callStarted('p1', 'w1')).rejects.toThrow();
      expect(lines).toEqual([expect.stringMatching(/^warn: live snapshot stale/)]);

      // The restarted server is empty (no persistence) and has no scripts loaded.
      await server.restart();
      await waitUntil(() => cache.current().fresh, 'the cache did not recover', 5_000);
      expect(lines).toEqual([expect.stringMatching(/^warn: /), expect.stringMatching(/^info: live snapshot fresh again/)]);
      await store.heartbeat('p1', 'w2', { model: 'm1', capacity: 2, leaseSeconds: 30 });
      await store.callStarted('p1', 'w2');
      // Both writes, asked together: a refresh between the heartbeat and the call would show the one without the other.
      const p1 = () => cache.current().pools.p1;
      await waitUntil(() => p1()?.capacity === 2 && p1()?.inFlight === 1, 'writes after the restart did not reach the snapshot', 5_000);
      expect(p1()).toMatchObject({ capacity: 2, inFlight: 1 });
    } finally {
      cache.close();
    }
  });

  it('fails to connect with an error naming the URL when nothing answers', async () => {
    await server.kill();
    try {
      const attempt = connect(300);
      await expect(attempt).rejects.toThrow(RedisUnavailableError);
      await expect(attempt).rejects.toThrow(`Redis at ${server.url} not ready within 300 ms`);
    } finally {
      await server.restart();
    }
  });

  it('waits for a Redis that starts after the connect began', async () => {
    await server.kill();
    const attempt = connect(5_000);
    await server.restart();
    const client = await attempt;
    expect(await client.ping()).toBe('PONG');
  });
});
