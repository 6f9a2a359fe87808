import type { ConfigDocument } from '@switchyard/config';
import { resultCodec } from '@switchyard/contracts';
import { closeRedis, connectRedis, LiveStateStore } from '@switchyard/state';
import { mixedJobs, publishJobs } from './job-mix';
import { PipelineRun } from './pipeline-run';
import { readConfigDocument } from './run-config';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const JOBS = 300;

/** Fast simulated models that fail a third of their calls, so jobs fall back and some run out of attempts. */
function flakyDocument(): ConfigDocument {
  const doc = readConfigDocument();
  doc.kafka = { ...doc.kafka, sessionTimeoutMs: 6_000 };
  for (const model of doc.models) model.simulated &&= { ...model.simulated, latencyMedianMs: 2, latencyP95Ms: 10, failureRate: 0.35 };
  doc.routing = { ...doc.routing, maxAttempts: 2 };
  return doc;
}

describe('budgets settle the actual cost through the real pipeline', () => {
  const run = new PipelineRun({ label: 'budget', document: flakyDocument(), brokers, redisUrl });

  beforeAll(() => run.start());
  afterAll(() => run.stop());

  it("leaves a tenant's spend equal to the sum of its results' costs after fallbacks and failures", async () => {
    const jobs = mixedJobs(JOBS, run.prefix, 'demo');
    await publishJobs(run.publisher, run.topics, jobs);
    const ids = new Set(jobs.map((j) => j.id ?? ''));
    const delivery = await run.settle(ids, 180_000);
    expect(delivery).toMatchObject({ lost: 0, duplicates: 0 });

    const results = run.results(ids).map((r) => resultCodec.decode(r.value));
    const fellBack = results.filter((r) => r.attempt > 0);
    const failedEveryAttempt = run.deadLetters(ids).length;
    // The run exercised what settlement must get right: calls released after a failure, fallbacks paid for.
    expect(fellBack.length).toBeGreaterThan(0);
    expect(failedEveryAttempt).toBeGreaterThan(0);

    const actual = results.reduce((sum, r) => sum + r.costUsd, 0);
    const predicted = results.reduce((sum, r) => sum + (r.decision?.predictedCostUsd ?? 0), 0);
    const redis = await connectRedis(run.config.redis.url);
    try {
      const store = new LiveStateStore(redis, { keyPrefix: run.config.redis.keyPrefix, breaker: run.config.routing.breaker });
      const spend = (await store.readSnapshot()).tenantSpendUsd.demo;
      expect(Math.abs(spend - actual)).toBeLessThan(1e-9);
      // What budgets counted before settlement: the predictions, which differ from the calls' costs.
      expect(Math.abs(predicted - actual)).toBeGreaterThan(1e-6);
    } finally {
      await closeRedis(redis);
    }
  });
});
