import type { LiveStateStore } from './live-state-store';
import type { ScoreRecord } from './score-stats';
import { startTestRedis, type TestRedis } from './testing/redis-server';
import { TestStores } from './testing/test-store';

describe('scorer statistics', () => {
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

  const score = (jobId: string, quality: number, extra: Partial<ScoreRecord> = {}): ScoreRecord => ({ jobId, model: 'm1', taskType: 'code', quality, costUsd: 0.01, latencyMs: 200, ...extra });

  it('counts each job once however often its result is scored', async () => {
    expect(await store.recordScore(score('j1', 1))).toBe(true);
    expect(await store.recordScore(score('j1', 1))).toBe(false);
    const { store: otherScorer } = await stores.open();
    const again = await Promise.all([store.recordScore(score('j2', 0.5)), otherScorer.recordScore(score('j2', 0.5))]);
    expect(again.sort()).toEqual([false, true]);
    expect((await store.readScoreStats()).find((s) => s.taskType === 'code')?.count).toBe(2);
  });

  it('keeps count, quality moments, fractional Beta evidence, cost and latency per task type and for all', async () => {
    await store.recordScore(score('j1', 1));
    await store.recordScore(score('j2', 0.5, { latencyMs: 400, costUsd: 0.03 }));
    await store.recordScore(score('j3', 0, { taskType: 'math' }));
    await store.recordScore(score('j4', 0.25, { model: 'm2' }));

    const stats = await store.readScoreStats();
    expect(stats.map((s) => `${s.model}/${s.taskType}`)).toEqual(['m1/all', 'm1/code', 'm1/math', 'm2/all', 'm2/code']);
    const code = stats[1];
    expect(code).toMatchObject({ count: 2, qualitySum: 1.5, qualitySumSq: 1.25, latencyMsSum: 600, alpha: 1.5, beta: 0.5 });
    expect(code.costUsdSum).toBeCloseTo(0.04, 12);
    expect(stats[0]).toMatchObject({ count: 3, qualitySum: 1.5, alpha: 1.5, beta: 1.5 });
  });

  it('records a batch exactly as one-by-one calls would, counting a job repeated in the batch once', async () => {
    const batch = [score('j1', 1), score('j2', 0.5, { latencyMs: 400 }), score('j1', 1), score('j3', 0, { taskType: 'math', model: 'm2' }), score('j4', 0.75, { taskType: '' })];
    const { store: oneByOne } = await stores.open();
    const single = [];
    for (const record of batch) single.push(await oneByOne.recordScore({ ...record, jobId: `single-${record.jobId}` }));

    expect(await store.recordScores(batch)).toEqual([true, true, false, true, true]);
    expect(single).toEqual([true, true, false, true, true]);
    const stats = await store.readScoreStats();
    expect(stats.map((s) => `${s.model}/${s.taskType}:${s.count}`)).toEqual(['m1/all:6', 'm1/code:4', 'm2/all:2', 'm2/math:2']);
    const code = stats[1];
    expect(code.qualitySum).toBeCloseTo(3, 12);
    expect(code.latencyMsSum).toBe(1_200);
    expect(await store.recordScores(batch.slice(0, 2))).toEqual([false, false]);
  });

  it('refuses a batch with one invalid score before writing any of it', async () => {
    await expect(store.recordScores([score('ok', 1), score('bad', -0.1)])).rejects.toThrow('quality must be in [0, 1] (got -0.1 for job bad)');
    expect(await store.readScoreStats()).toEqual([]);
  });

  it('refuses a quality outside [0, 1] without counting anything', async () => {
    await expect(store.recordScore(score('bad', 1.5))).rejects.toThrow('quality must be in [0, 1] (got 1.5 for job bad)');
    expect(await store.readScoreStats()).toEqual([]);
  });
});
