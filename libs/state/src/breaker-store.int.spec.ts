import { CLOSED_BREAKER, recordOutcome, type BreakerState } from '@switchyard/routing';
import type { LiveStateStore } from './live-state-store';
import { startTestRedis, type TestRedis } from './testing/redis-server';
import { TEST_BREAKER, TestStores } from './testing/test-store';

describe('breakers in Redis', () => {
  let server: TestRedis;
  let stores: TestStores;
  let store: LiveStateStore;

  beforeAll(async () => {
    server = await startTestRedis();
  });
  afterAll(() => server.stop());
  beforeEach(async () => {
    stores = new TestStores(server.url);
    ({ store } = await stores.open());
  });
  afterEach(() => stores.close());

  it('ejects after consecutive failures, for longer each time it fails straight after coming back', async () => {
    const t0 = 1_000_000;
    for (let i = 0; i < 2; i++) await store.recordOutcome('model:m1', false, t0);
    expect((await store.readSnapshot()).breakers['model:m1']).toEqual({ consecutiveFailures: 2, ejections: 0, ejectedUntil: 0 });

    expect(await store.recordOutcome('model:m1', false, t0)).toEqual({ consecutiveFailures: 0, ejections: 1, ejectedUntil: t0 + 1_000 });
    // Failures of calls already in flight while ejected count but do not extend the ejection.
    expect(await store.recordOutcome('model:m1', false, t0 + 500)).toEqual({ consecutiveFailures: 1, ejections: 1, ejectedUntil: t0 + 1_000 });

    const back = t0 + 2_000;
    expect(await store.recordOutcome('model:m1', false, back)).toMatchObject({ consecutiveFailures: 2, ejections: 1 });
    expect(await store.recordOutcome('model:m1', false, back)).toEqual({ consecutiveFailures: 0, ejections: 2, ejectedUntil: back + 2_000 });

    const later = back + 3_000;
    await store.recordOutcome('model:m1', true, later);
    for (let i = 0; i < 3; i++) await store.recordOutcome('model:m1', false, later);
    expect((await store.readSnapshot()).breakers['model:m1']).toEqual({ consecutiveFailures: 0, ejections: 1, ejectedUntil: later + 1_000 });
  });

  it('doubles the ejection time up to the maximum', async () => {
    let t = 1_000_000;
    const durations: number[] = [];
    for (let ejection = 0; ejection < 5; ejection++) {
      let state: BreakerState = CLOSED_BREAKER;
      for (let i = 0; i < TEST_BREAKER.consecutiveFailures; i++) state = await store.recordOutcome('pool:p1', false, t);
      durations.push(state.ejectedUntil - t);
      t = state.ejectedUntil;
    }
    expect(durations).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('follows routing’s recordOutcome rule on a long random sequence', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    let expected: BreakerState = CLOSED_BREAKER;
    let t = 5_000_000;
    for (let i = 0; i < 300; i++) {
      t += Math.floor(random() * 400);
      const ok = random() < 0.35;
      expected = recordOutcome(expected, ok, t, TEST_BREAKER);
      expect(await store.recordOutcome('model:fuzz', ok, t)).toEqual(expected);
    }
  });

  it('applies a batch of outcomes at one instant exactly as the TS rule applies them one by one', async () => {
    // Batches that trip the breaker, land while it is open, heal it and trip it again.
    const batches = [[false, false], [false, false, true], [false, false, false, false], [false], [true, true], [false, true, false, false, false, false, false]];
    for (const [round, outcomes] of batches.entries()) {
      const t = 9_000_000 + round * 700;
      let expected = (await store.readSnapshot()).breakers['model:batch'] ?? CLOSED_BREAKER;
      for (const ok of outcomes) expected = recordOutcome(expected, ok, t, TEST_BREAKER);
      expect(await store.recordOutcomes('model:batch', outcomes, t)).toEqual(expected);
    }
  });

  it('loses no failure when many replicas report at once', async () => {
    const { store: other } = await stores.open();
    await Promise.all([store, other, store, other].map((s) => s.recordOutcome('model:m2', false, 1_000)));
    // Three failures eject; the fourth lands while ejected and counts without extending.
    expect((await store.readSnapshot()).breakers['model:m2']).toEqual({ consecutiveFailures: 1, ejections: 1, ejectedUntil: 2_000 });
  });
});
