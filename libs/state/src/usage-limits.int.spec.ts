import { completeJob } from '@switchyard/contracts';
import type { LiveStateStore } from './live-state-store';
import { startTestRedis, type TestRedis } from './testing/redis-server';
import { TestStores } from './testing/test-store';
import { reservationToCarry, type ReserveRequest } from './usage-limits';

describe('rate limits and budgets across router replicas', () => {
  let server: TestRedis;
  let stores: TestStores;
  let replicaA: LiveStateStore;
  let replicaB: LiveStateStore;

  beforeAll(async () => {
    server = await startTestRedis();
  });
  afterAll(() => server.stop());
  beforeEach(async () => {
    stores = new TestStores(server.url);
    ({ store: replicaA } = await stores.open());
    ({ store: replicaB } = await stores.open());
  });
  afterEach(() => stores.close());

  const request = (limits: ReserveRequest['limits'], extra: Partial<ReserveRequest> = {}): ReserveRequest => ({ tenant: 'acme', model: 'm1', tokens: 100, costUsd: 0, limits, ...extra });

  it('lets exactly the limit of requests through when two replicas race for it', async () => {
    const limits = { tenant: { requestsPerMinute: 10 } };
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? replicaA : replicaB).reserve(request(limits))));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, reason: 'tenant acme: requests per minute 10 reached' });

    const snapshot = await replicaA.readSnapshot();
    expect(snapshot.tenantUsage.acme).toEqual({ requestsThisMinute: 10, tokensThisMinute: 1_000 });
    expect(snapshot.modelUsage.m1).toEqual({ requestsThisMinute: 10, tokensThisMinute: 1_000 });
  });

  it('enforces a model’s tokens per minute across tenants, and opens again next minute', async () => {
    const limits = { model: { tokensPerMinute: 250 } };
    expect((await replicaA.reserve(request(limits, { tenant: 'a' }))).ok).toBe(true);
    expect((await replicaB.reserve(request(limits, { tenant: 'b' }))).ok).toBe(true);
    expect(await replicaA.reserve(request(limits, { tenant: 'c' }))).toEqual({ ok: false, reason: 'model m1: tokens per minute 250 reached' });

    stores.clock.now += 60_000;
    expect((await replicaB.reserve(request(limits, { tenant: 'c' }))).ok).toBe(true);
  });

  it('stops a tenant at its budget across replicas and counts nothing for a refused request', async () => {
    const limits = { tenant: { budgetUsd: 1, budgetWindow: 'day' as const } };
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await (i % 2 ? replicaA : replicaB).reserve(request(limits, { costUsd: 0.3 })));
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false]);
    expect(outcomes[3]).toEqual({ ok: false, reason: 'tenant acme: budget 1 USD per day reached' });
    const snapshot = await replicaB.readSnapshot();
    expect(snapshot.tenantSpendUsd.acme).toBeCloseTo(0.9, 10);
    expect(snapshot.tenantUsage.acme.requestsThisMinute).toBe(3);
  });

  it('reserves a batch in order exactly as consecutive reserves would: a refused request counts nothing and a later one may still fit', async () => {
    const limits = { tenant: { requestsPerMinute: 3, tokensPerMinute: 350, budgetUsd: 1 } };
    const batch = [request(limits), request(limits, { tokens: 300 }), request(limits, { costUsd: 0.9 }), request(limits, { tokens: 50 }), request(limits)];
    const { store: oneByOne } = await stores.open();
    const single = [];
    for (const r of batch) single.push(await oneByOne.reserve({ ...r, tenant: 'solo' }));

    const batched = await replicaA.reserveAll(batch);
    expect(batched.map((r) => r.ok)).toEqual([true, false, true, true, false]);
    expect(single.map((r) => r.ok)).toEqual(batched.map((r) => r.ok));
    expect(batched[1]).toEqual({ ok: false, reason: 'tenant acme: tokens per minute 350 reached' });
    expect(batched[4]).toEqual({ ok: false, reason: 'tenant acme: requests per minute 3 reached' });
    const snapshot = await replicaB.readSnapshot();
    expect(snapshot.tenantUsage.acme).toEqual(snapshot.tenantUsage.solo);
    expect(snapshot.tenantUsage.acme).toEqual({ requestsThisMinute: 3, tokensThisMinute: 250 });
    expect(snapshot.tenantSpendUsd.acme).toBeCloseTo(0.9, 10);
  });

  it('settles a reservation to the actual cost and tokens, which frees room under the limits', async () => {
    const limits = { tenant: { budgetUsd: 1, tokensPerMinute: 1_000 } };
    const first = await replicaA.reserve(request(limits, { costUsd: 0.8, tokens: 900 }));
    if (!first.ok) throw new Error(first.reason);
    expect((await replicaB.reserve(request(limits, { costUsd: 0.5, tokens: 50 }))).ok).toBe(false);

    await replicaA.settle(first.reservation, { costUsd: 0.2, tokens: 400 });
    const snapshot = await replicaB.readSnapshot();
    expect(snapshot.tenantSpendUsd.acme).toBeCloseTo(0.2, 10);
    expect(snapshot.tenantUsage.acme.tokensThisMinute).toBe(400);
    expect((await replicaB.reserve(request(limits, { costUsd: 0.5, tokens: 500 }))).ok).toBe(true);
  });

  it('starts a fresh budget when the window rolls over and ignores settlements of the old one', async () => {
    const limits = { tenant: { budgetUsd: 1, budgetWindow: 'hour' as const } };
    const old = await replicaA.reserve(request(limits, { costUsd: 0.9 }));
    if (!old.ok) throw new Error(old.reason);
    stores.clock.now += 60 * 60 * 1000;
    expect((await replicaB.reserve(request(limits, { costUsd: 0.9 }))).ok).toBe(true);
    await replicaA.settle(old.reservation, { costUsd: 0, tokens: 100 });
    expect((await replicaA.readSnapshot()).tenantSpendUsd.acme).toBeCloseTo(0.9, 10);
  });

  it('records unreserved spend in the current window and never drops below zero', async () => {
    await replicaA.recordSpend('beta', 0.25, 'month');
    await replicaB.recordSpend('beta', 0.5, 'month');
    expect((await replicaA.readSnapshot()).tenantSpendUsd.beta).toBeCloseTo(0.75, 10);
    await replicaA.recordSpend('beta', -5, 'month');
    expect((await replicaA.readSnapshot()).tenantSpendUsd.beta).toBe(0);
  });

  it('settles each attempt of a routed job once, however often a replayed chunk repeats it', async () => {
    const limits = { tenant: { budgetUsd: 10, budgetWindow: 'day' as const } };
    const reserved = await replicaA.reserve(request(limits, { costUsd: 0.5, tokens: 300 }));
    if (!reserved.ok) throw new Error(reserved.reason);
    const routed = completeJob({ id: 'job-1', tenant: 'acme', decision: { model: 'm1', reservation: reservationToCarry(reserved.reservation) } });
    // First attempt fails (released), twice over; the fallback attempt, with no reservation, is new spend, twice over.
    const released = { job: routed, actual: { tokens: 0, costUsd: 0 }, budgetWindow: 'day' as const };
    await replicaA.settleJobUsage([released]);
    await replicaB.settleJobUsage([released]);
    const fallback = { ...routed, attempt: 1, decision: routed.decision && { ...routed.decision, reservation: null } };
    const spent = { job: fallback, actual: { tokens: 200, costUsd: 0.125 }, budgetWindow: 'day' as const };
    // A chunk may hold the same attempt twice (a job id sent twice before dedupe saw it): once is counted.
    await replicaA.settleJobUsage([spent, spent]);
    await replicaB.settleJobUsage([spent]);
    const snapshot = await replicaA.readSnapshot();
    expect(snapshot.tenantSpendUsd.acme).toBeCloseTo(0.125, 10);
    expect(snapshot.tenantUsage.acme.tokensThisMinute).toBe(0);
  });

  it('settles every job of a chunk in one call, each against its own reservation', async () => {
    const limits = { tenant: { budgetUsd: 10, budgetWindow: 'day' as const } };
    const usages = [];
    for (const [i, actual] of [
      [1, { tokens: 100, costUsd: 0.25 }],
      [2, { tokens: 500, costUsd: 1 }],
      [3, { tokens: 0, costUsd: 0 }],
    ] as const) {
      const reserved = await replicaA.reserve(request(limits, { costUsd: 0.5, tokens: 300 }));
      if (!reserved.ok) throw new Error(reserved.reason);
      const job = completeJob({ id: `chunk-job-${i}`, tenant: 'acme', decision: { model: 'm1', reservation: reservationToCarry(reserved.reservation) } });
      usages.push({ job, actual, budgetWindow: 'day' as const });
    }
    expect((await replicaA.readSnapshot()).tenantSpendUsd.acme).toBeCloseTo(1.5, 10);
    await replicaB.settleJobUsage(usages);
    const snapshot = await replicaA.readSnapshot();
    expect(snapshot.tenantSpendUsd.acme).toBeCloseTo(1.25, 10);
    expect(snapshot.tenantUsage.acme.tokensThisMinute).toBe(600);
  });
});
