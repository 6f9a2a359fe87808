import type Redis from 'ioredis';
import { completeJob } from '@switchyard/contracts';
import type { LiveStateStore } from './live-state-store';
import { startRedisServer, type TestRedis } from './testing/redis-server';
import { TestStores } from './testing/test-store';
import { reservationToCarry, type ReserveRequest } from './usage-limits';

/**
 * What a router's chunk of reservations and a worker's chunk of settlements cost Redis. The
 * server is this file's own, so INFO commandstats counts only these calls (commands a script
 * issues are counted there too).
 */
describe('usage limits: Redis commands per chunk', () => {
  let server: TestRedis;
  let stores: TestStores;
  let redis: Redis;
  let store: LiveStateStore;

  beforeAll(async () => {
    server = await startRedisServer();
    stores = new TestStores(server.url);
    ({ redis, store } = await stores.open());
  });
  afterAll(async () => {
    await stores.close();
    await server.stop();
  });

  /** Calls of each command since the last reset, scripts' own calls included. */
  async function commandCalls(): Promise<Record<string, number>> {
    const info = await redis.info('commandstats');
    return Object.fromEntries([...info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)].map(([, name, calls]) => [name, Number(calls)]));
  }

  /** Commands the scripts issued on keys: everything but the EVALSHA calls and INFO itself. */
  async function dataCommands(): Promise<number> {
    const calls = await commandCalls();
    return Object.entries(calls).reduce((sum, [name, n]) => (['evalsha', 'eval', 'info', 'config', 'script'].includes(name) ? sum : sum + n), 0);
  }

  const limits: ReserveRequest['limits'] = { tenant: { requestsPerMinute: 10_000, tokensPerMinute: 10_000_000, budgetUsd: 1_000, budgetWindow: 'day' }, model: { requestsPerMinute: 10_000, tokensPerMinute: 10_000_000 } };
  const chunk = (n: number): ReserveRequest[] => Array.from({ length: n }, (_, i) => ({ tenant: `tenant-${i % 2}`, model: `model-${i % 3}`, tokens: 100, costUsd: 0.01, limits }));

  it('reserves a chunk of 300 jobs for two tenants and three models in a handful of commands, counting every job', async () => {
    await redis.config('RESETSTAT');
    const results = await store.reserveAll(chunk(300));
    const commands = await dataCommands();

    expect(results.every((r) => r.ok)).toBe(true);
    // Each field read once and all written in one HSET per hash, then the usage hash's expiry.
    expect(commands).toBeLessThanOrEqual(16);
    const snapshot = await store.readSnapshot();
    expect(snapshot.tenantUsage['tenant-0']).toEqual({ requestsThisMinute: 150, tokensThisMinute: 15_000 });
    expect(snapshot.modelUsage['model-2']).toEqual({ requestsThisMinute: 100, tokensThisMinute: 10_000 });
    expect(snapshot.tenantSpendUsd['tenant-1']).toBeCloseTo(1.5, 10);
  });

  it('settles a chunk of 300 jobs with one marker each and a handful of other commands', async () => {
    const reserved = await store.reserveAll(chunk(300));
    const usages = reserved.map((r, i) => {
      if (!r.ok) throw new Error(r.reason);
      const job = completeJob({ id: `settle-${i}`, tenant: r.reservation.tenant, decision: { model: r.reservation.model, reservation: reservationToCarry(r.reservation) } });
      return { job, actual: { tokens: 50, costUsd: 0.005 }, budgetWindow: 'day' as const };
    });
    await redis.config('RESETSTAT');
    await store.settleJobUsage(usages);
    const calls = await commandCalls();
    const commands = await dataCommands();

    expect(calls.set).toBe(300);
    expect(commands - 300).toBeLessThanOrEqual(16);
    const snapshot = await store.readSnapshot();
    // 300 reserved in the first test and still counted, plus 300 reserved and settled down to half.
    expect(snapshot.tenantUsage['tenant-0'].tokensThisMinute).toBe(15_000 + 7_500);
    expect(snapshot.tenantSpendUsd['tenant-1']).toBeCloseTo(1.5 + 0.75, 10);
  });
});
