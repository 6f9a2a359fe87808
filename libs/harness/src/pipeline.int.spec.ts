import { context, trace } from '@opentelemetry/api';
import type { ConfigDocument } from '@switchyard/config';
import { resultCodec, type JobInput } from '@switchyard/contracts';
import { HEADERS } from '@switchyard/messaging';
import { startTracing } from '@switchyard/telemetry';
import { jobRecord, mixedJobs } from './job-mix';
import { PipelineRun } from './pipeline-run';
import { readConfigDocument } from './run-config';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The sample config, fast simulated models, plus one model that fails every call. */
function testConfigDocument(): ConfigDocument {
  const doc = readConfigDocument();
  doc.kafka = { ...doc.kafka, sessionTimeoutMs: 6_000 };
  for (const model of doc.models) model.simulated &&= { ...model.simulated, latencyMedianMs: 5, latencyP95Ms: 20, failureRate: 0 };
  doc.models.push({
    id: 'always-fails',
    provider: 'simulated',
    pricing: { inputUsdPerMTok: 0.01, outputUsdPerMTok: 0.01 },
    contextWindow: 32000,
    qualityPrior: { default: 0.95 },
    simulated: { latencyMedianMs: 1, failureRate: 1 },
  });
  doc.pools.push({ id: 'fails-a', model: 'always-fails', concurrency: 4 });
  doc.routing.routes.default.candidates = ['small-fast', 'large-general'];
  doc.routing.routes['flaky-first'] = { policy: 'cascade', cascade: { models: ['always-fails', 'large-general'], threshold: 0.5 } };
  doc.tenants = [...(doc.tenants ?? []), { id: 'tiny', requestsPerMinute: 5 }];
  return doc;
}

describe('the four services over real Kafka and Redis', () => {
  const run = new PipelineRun({ label: 'e2e', document: testConfigDocument(), brokers, redisUrl });
  const { topics, publisher, reader } = run;
  const tracing = startTracing({ service: 'e2e-producer' });
  const idsOf = (jobs: JobInput[]) => new Set(jobs.map((j) => j.id ?? ''));

  /** Publishes each job under a root span of its own, so its trace id is known. */
  async function publishTraced(jobs: JobInput[]): Promise<Map<string, string>> {
    const traceIds = new Map<string, string>();
    const records = jobs.map((job) => {
      const span = tracing.tracer.startSpan('produce job');
      traceIds.set(job.id ?? '', span.spanContext().traceId);
      const record = context.with(trace.setSpan(context.active(), span), () => jobRecord(job, topics));
      span.end();
      return record;
    });
    for (let i = 0; i < records.length; i += 500) await publisher.publish(records.slice(i, i + 500));
    return traceIds;
  }

  beforeAll(() => run.start());

  afterAll(async () => {
    await run.stop();
    await tracing.close();
  });

  it('turns N jobs into exactly N results, each carrying its route decision and its job trace', async () => {
    const jobs = mixedJobs(300, `${run.prefix}n`);
    const traceIds = await publishTraced(jobs);
    const ids = idsOf(jobs);
    expect(await run.settle(ids, 120_000)).toMatchObject({ jobs: 300, results: 300, dlq: 0, lost: 0, duplicates: 0 });
    for (const record of run.results(ids)) {
      const result = resultCodec.decode(record.value);
      expect(['small-fast', 'large-general']).toContain(result.model);
      expect(result.decision?.model).toBe(result.model);
      expect(result.decision?.reasons.length).toBeGreaterThan(0);
      // By default a routed job carries only refused candidates (routing.jobCandidates): none here.
      expect(result.decision?.candidates.filter((c) => c.eligible)).toEqual([]);
      expect(result.classification?.taskType).not.toBe('');
      expect(record.headers[HEADERS.traceparent]).toContain(traceIds.get(result.jobId));
    }
  });

  it('dead-letters a poison message with its reason while later jobs still flow', async () => {
    const poisonIds = new Set([`${run.prefix}poison`, `${run.prefix}empty`]);
    await publisher.publish([{ topic: topics.jobs, key: 'poison', value: Buffer.from([0xff, 0xff, 0xff]), headers: { [HEADERS.jobId]: `${run.prefix}poison` } }]);
    await publisher.publish([{ topic: topics.jobs, key: 'empty', value: Buffer.from(''), headers: { [HEADERS.jobId]: `${run.prefix}empty` } }]);
    const jobs = mixedJobs(50, `${run.prefix}after-poison`);
    await publishTraced(jobs);
    expect(await run.settle(idsOf(jobs), 120_000)).toMatchObject({ results: 50, lost: 0, duplicates: 0 });
    await reader.waitUntil(() => run.deadLetters(poisonIds).length === 2, 30_000);
    const [poison] = run.deadLetters(new Set([`${run.prefix}poison`]));
    expect(poison.headers[HEADERS.dlqOriginalTopic]).toBe(topics.jobs);
    expect(poison.headers[HEADERS.dlqStage]).toBe('classifier');
    expect(poison.headers[HEADERS.dlqError]).toMatch(/not a valid Job/);
    const [empty] = run.deadLetters(new Set([`${run.prefix}empty`]));
    expect(empty.headers[HEADERS.dlqError]).toBe('id: is required');
  });

  it('falls back to another model when a backend fails every call', async () => {
    const jobs = mixedJobs(40, `${run.prefix}flaky`).map((job) => ({ ...job, route: 'flaky-first' }));
    await publishTraced(jobs);
    const ids = idsOf(jobs);
    expect(await run.settle(ids, 120_000)).toMatchObject({ results: 40, lost: 0, duplicates: 0 });
    for (const result of run.results(ids).map((r) => resultCodec.decode(r.value))) {
      expect(result.decision?.strategy).toBe('cascade');
      expect(result.model).toBe('large-general');
      expect(result.attempt).toBe(1);
      expect(result.decision?.reasons.join(' ')).toMatch(/fallback: always-fails failed \(SIMULATED_FAILURE\)/);
    }
  });

  it('dead-letters the jobs of a tenant over its shared per-minute request limit, naming the limit', async () => {
    const jobs = mixedJobs(12, `${run.prefix}tiny`, 'tiny');
    await publishTraced(jobs);
    const ids = idsOf(jobs);
    const count = await run.settle(ids, 120_000);
    expect(count).toMatchObject({ lost: 0, duplicates: 0 });
    // Windows are calendar minutes: 5 pass, or 10 when the burst straddles a minute boundary.
    expect([5, 10]).toContain(count.results);
    expect(count.dlq).toBe(12 - count.results);
    for (const dead of run.deadLetters(ids)) {
      expect(dead.headers[HEADERS.dlqErrorCode]).toBe('LIMIT_EXCEEDED');
      expect(dead.headers[HEADERS.dlqError]).toMatch(/tiny/);
    }
  });

  it('leaves exactly one result per job when a worker is SIGKILLed mid-run and restarted', async () => {
    const jobs = mixedJobs(3_000, `${run.prefix}kill`);
    const ids = idsOf(jobs);
    const publishing = publishTraced(jobs);
    await reader.waitUntil(() => run.results(ids).length >= 300, 120_000);
    const [victim] = run.pipeline.instances('model-worker');
    await victim.stop('SIGKILL');
    victim.start();
    await publishing;
    expect(await run.settle(ids, 180_000)).toMatchObject({ jobs: 3_000, lost: 0, duplicates: 0 });
  });
});
