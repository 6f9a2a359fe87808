import type Redis from 'ioredis';
import { startTestRedis, type TestRedis } from './testing/redis-server';
import { TestStores } from './testing/test-store';
import { stateKeys } from './keys';
import type { LiveStateStore } from './live-state-store';

describe('worker leases and call statistics in the live snapshot', () => {
  let server: TestRedis;
  let client: Redis;
  let stores: TestStores;
  let store: LiveStateStore;

  beforeAll(async () => {
    server = await startTestRedis();
  });
  afterAll(() => server.stop());
  beforeEach(async () => {
    stores = new TestStores(server.url);
    ({ store, redis: client } = await stores.open());
  });
  afterEach(() => stores.close());

  it('shows a pool with its live workers, in-flight calls, EWMAs and tokens', async () => {
    const now = stores.clock.now;
    await store.heartbeat('p1', 'w1', { model: 'm1', capacity: 8, leaseSeconds: 10 });
    await store.heartbeat('p1', 'w2', { model: 'm1', capacity: 4, leaseSeconds: 10 });
    await store.callStarted('p1', 'w1');
    await store.callStarted('p1', 'w1');
    await store.callStarted('p1', 'w2');
    await store.callFinished('p1', 'w1', { ok: true, latencyMs: 100, tokens: 300 });
    await store.callFinished('p1', 'w2', { ok: false, latencyMs: 200, tokens: 0 });

    const snapshot = await store.readSnapshot(now);
    expect(snapshot.fresh).toBe(true);
    expect(snapshot.pools.p1).toEqual({
      poolId: 'p1',
      model: 'm1',
      inFlight: 1,
      capacity: 12,
      ewmaLatencyMs: 0.2 * 200 + 0.8 * 100,
      errorRate: 0.2,
      tokensPerMinute: 300,
      leaseExpiresAt: now + 10_000,
    });
  });

  it('never lets a late finish drive in-flight below zero', async () => {
    await store.heartbeat('p1', 'w1', { model: 'm1', capacity: 8, leaseSeconds: 10 });
    await store.callFinished('p1', 'w1', { ok: true, latencyMs: 50, tokens: 1 });
    await store.callStarted('p1', 'w1');
    expect((await store.readSnapshot()).pools.p1.inFlight).toBe(1);
  });

  it('drops a dead worker’s in-flight calls and capacity once its lease expires', async () => {
    await store.heartbeat('p1', 'alive', { model: 'm1', capacity: 8, leaseSeconds: 30 });
    await store.heartbeat('p1', 'dies', { model: 'm1', capacity: 8, leaseSeconds: 10 });
    await store.callStarted('p1', 'alive');
    for (let i = 0; i < 5; i++) await store.callStarted('p1', 'dies');
    expect((await store.readSnapshot()).pools.p1).toMatchObject({ inFlight: 6, capacity: 16 });

    stores.clock.now += 11_000;
    expect((await store.readSnapshot()).pools.p1).toMatchObject({ inFlight: 1, capacity: 8 });

    // The next heartbeat prunes the dead worker's fields for good.
    await store.heartbeat('p1', 'alive', { model: 'm1', capacity: 8, leaseSeconds: 30 });
    const workers = await client.hgetall(stateKeys(stores.keyPrefix).poolWorkers('p1'));
    expect(Object.keys(workers).sort()).toEqual(['alive:capacity', 'alive:inflight']);
  });

  it('reports a pool whose last worker died as expired, not as never seen', async () => {
    const now = stores.clock.now;
    await store.heartbeat('p1', 'w1', { model: 'm1', capacity: 8, leaseSeconds: 10 });
    await store.callStarted('p1', 'w1');
    const later = now + 60_000;
    const pool = (await store.readSnapshot(later)).pools.p1;
    expect(pool).toMatchObject({ inFlight: 0, capacity: 0, leaseExpiresAt: now + 10_000 });
    expect(pool.leaseExpiresAt).toBeLessThanOrEqual(later);
  });

  it('ends a released worker’s lease at once, and the pool’s when it was the last', async () => {
    await store.heartbeat('p1', 'w1', { model: 'm1', capacity: 8, leaseSeconds: 10 });
    await store.heartbeat('p1', 'w2', { model: 'm1', capacity: 2, leaseSeconds: 10 });
    await store.callStarted('p1', 'w1');
    await store.releaseWorker('p1', 'w1');
    let snapshot = await store.readSnapshot();
    expect(snapshot.pools.p1).toMatchObject({ inFlight: 0, capacity: 2, leaseExpiresAt: stores.clock.now + 10_000 });

    await store.releaseWorker('p1', 'w2');
    snapshot = await store.readSnapshot();
    expect(snapshot.pools.p1.leaseExpiresAt).toBeLessThanOrEqual(stores.clock.now);
  });

  it('binds call statistics to one worker for the model worker, in batches', async () => {
    await store.heartbeat('p2', 'w9', { model: 'm2', capacity: 3, leaseSeconds: 10 });
    const stats = store.workerCallStats('p2', 'w9');
    await stats.callsStarted(3);
    expect((await store.readSnapshot()).pools.p2.inFlight).toBe(3);
    await stats.callsFinished([{ ok: true, latencyMs: 10, tokens: 5 }]);
    expect((await store.readSnapshot()).pools.p2).toMatchObject({ inFlight: 2, ewmaLatencyMs: 10, errorRate: 0 });
  });

  it('applies a batch of finished calls exactly as the same calls finished one by one', async () => {
    const outcomes = [
      { ok: true, latencyMs: 120, tokens: 300 },
      { ok: false, latencyMs: 900, tokens: 0 },
      { ok: true, latencyMs: 40, tokens: 50 },
      { ok: true, latencyMs: 75, tokens: 10 },
    ];
    for (const pool of ['one-by-one', 'batched']) {
      await store.heartbeat(pool, 'w', { model: 'm', capacity: 8, leaseSeconds: 10 });
      await store.callStarted(pool, 'w', 3);
    }
    for (const outcome of outcomes) await store.callFinished('one-by-one', 'w', outcome);
    await store.callsFinished('batched', 'w', outcomes);
    const { pools } = await store.readSnapshot();
    expect({ ...pools.batched, poolId: 'either' }).toEqual({ ...pools['one-by-one'], poolId: 'either' });
    expect(pools.batched).toMatchObject({ inFlight: 0, tokensPerMinute: 360 });
  });

  it('publishes the Worker.Execute address of each live worker with its lease, and drops it when the worker leaves or its lease lapses', async () => {
    await store.heartbeat('p1', 'w1', { model: 'm1', capacity: 8, leaseSeconds: 10, address: '10.0.0.1:50053' });
    await store.heartbeat('p1', 'w2', { model: 'm1', capacity: 8, leaseSeconds: 1, address: '10.0.0.2:50053' });
    await store.heartbeat('p1', 'kafka-only', { model: 'm1', capacity: 8, leaseSeconds: 10 });
    await store.heartbeat('p2', 'w3', { model: 'm1', capacity: 8, leaseSeconds: 10, address: '10.0.0.3:50053' });
    expect(await store.readWorkerAddresses(['p1', 'p2', 'none'])).toEqual(
      new Map([
        ['p1', ['10.0.0.1:50053', '10.0.0.2:50053']],
        ['p2', ['10.0.0.3:50053']],
        ['none', []],
      ]),
    );
    stores.clock.now += 2_000;
    await store.releaseWorker('p2', 'w3');
    expect(await store.readWorkerAddresses(['p1', 'p2'])).toEqual(new Map([['p1', ['10.0.0.1:50053']], ['p2', []]]));
  });
});
