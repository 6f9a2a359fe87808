import { randomUUID } from 'node:crypto';
import { context, trace } from '@opentelemetry/api';
import pino from 'pino';
import { resultCodec, type JobInput } from '@switchyard/contracts';
import { createKafka, HEADERS, RecordPublisher, TopicReader, topicNames } from '@switchyard/messaging';
import { startTracing } from '@switchyard/telemetry';
import { countDelivery } from './delivery-count';
import { jobRecord, mixedJobs } from './job-mix';
import { Pipeline } from './pipeline';
import { makeRunDir, readConfigDocument, writeRunConfig } from './run-config';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The sample config, fast simulated models, plus one model that fails every call. */
function testConfigDocument(prefix: string): Record<string, unknown> {
  const doc = readConfigDocument() as Record<string, any>;
  doc.kafka = { ...doc.kafka, brokers, topicPrefix: prefix, sessionTimeoutMs: 6_000 };
  doc.redis = { url: redisUrl, keyPrefix: `${prefix}sy:` };
  for (const model of doc.models) model.simulated = { ...model.simulated, latencyMedianMs: 5, latencyP95Ms: 20, failureRate: 0 };
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
  return doc;
}

describe('the four services over real Kafka and Redis', () => {
  const prefix = `e2e-${randomUUID().slice(0, 8)}.`;
  const topics = topicNames(prefix);
  const dir = makeRunDir('e2e');
  const { file, config } = writeRunConfig(dir, testConfigDocument(prefix));
  const pipeline = new Pipeline({ config, configFile: file, logDir: dir });
  const logger = pino({ level: 'silent' });
  const kafka = createKafka({ brokers, clientId: 'e2e-test', logger });
  const publisher = new RecordPublisher(kafka, 'e2e-producer');
  const reader = new TopicReader(kafka, [topics.results, topics.dlq]);
  const tracing = startTracing({ service: 'e2e-producer' });

  const resultsFor = (ids: Set<string>) => reader.records.filter((r) => r.topic === topics.results && ids.has(r.headers[HEADERS.jobId]));
  const dlqFor = (ids: Set<string>) => reader.records.filter((r) => r.topic === topics.dlq && ids.has(r.headers[HEADERS.jobId]));
  const waitForOutcomes = (ids: Set<string>, timeoutMs = 120_000) =>
    reader.waitUntil(() => resultsFor(ids).length + dlqFor(ids).length >= ids.size, timeoutMs);

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

  beforeAll(async () => {
    await reader.start();
    pipeline.start();
  });

  afterAll(async () => {
    await pipeline.stop();
    await reader.close();
    await publisher.close();
    await tracing.close();
  });

  it('turns N jobs into exactly N results, each carrying its route decision and its job trace', async () => {
    const jobs = mixedJobs(300, `${prefix}n`);
    const traceIds = await publishTraced(jobs);
    const ids = new Set(traceIds.keys());
    await waitForOutcomes(ids);
    const results = resultsFor(ids);
    expect(countDelivery(ids, results, dlqFor(ids))).toMatchObject({ jobs: 300, results: 300, dlq: 0, lost: 0, duplicates: 0 });
    for (const record of results) {
      const result = resultCodec.decode(record.value);
      expect(['small-fast', 'large-general']).toContain(result.model);
      expect(result.decision?.model).toBe(result.model);
      expect(result.decision?.reasons.length).toBeGreaterThan(0);
      expect(result.decision?.candidates.length).toBeGreaterThanOrEqual(2);
      expect(result.classification?.taskType).not.toBe('');
      expect(record.headers[HEADERS.traceparent]).toContain(traceIds.get(result.jobId));
    }
  });

  it('dead-letters a poison message with its reason while later jobs still flow', async () => {
    await publisher.publish([{ topic: topics.jobs, key: 'poison', value: Buffer.from([0xff, 0xff, 0xff]), headers: { [HEADERS.jobId]: `${prefix}poison` } }]);
    await publisher.publish([{ topic: topics.jobs, key: 'no-tenant', value: Buffer.from(''), headers: { [HEADERS.jobId]: `${prefix}empty` } }]);
    const jobs = mixedJobs(50, `${prefix}after-poison`);
    await publishTraced(jobs);
    const ids = new Set(jobs.map((j) => j.id ?? ''));
    await waitForOutcomes(ids);
    await reader.waitUntil(() => dlqFor(new Set([`${prefix}poison`, `${prefix}empty`])).length === 2, 30_000);
    const [poison] = dlqFor(new Set([`${prefix}poison`]));
    expect(poison.headers[HEADERS.dlqOriginalTopic]).toBe(topics.jobs);
    expect(poison.headers[HEADERS.dlqStage]).toBe('classifier');
    expect(poison.headers[HEADERS.dlqError]).toMatch(/not a valid Job/);
    const [empty] = dlqFor(new Set([`${prefix}empty`]));
    expect(empty.headers[HEADERS.dlqError]).toBe('id: is required');
    expect(resultsFor(ids)).toHaveLength(50);
  });

  it('falls back to another model when a backend fails every call', async () => {
    const jobs = mixedJobs(40, `${prefix}flaky`).map((job) => ({ ...job, route: 'flaky-first' }));
    await publishTraced(jobs);
    const ids = new Set(jobs.map((j) => j.id ?? ''));
    await waitForOutcomes(ids);
    const results = resultsFor(ids).map((r) => resultCodec.decode(r.value));
    expect(results).toHaveLength(40);
    for (const result of results) {
      expect(result.decision?.strategy).toBe('cascade');
      expect(result.model).toBe('large-general');
      expect(result.attempt).toBe(1);
      expect(result.decision?.reasons.join(' ')).toMatch(/fallback: always-fails failed \(SIMULATED_FAILURE\)/);
    }
  });

  it('leaves exactly one result per job when a worker is SIGKILLed mid-run and restarted', async () => {
    const jobs = mixedJobs(3_000, `${prefix}kill`);
    const ids = new Set(jobs.map((j) => j.id ?? ''));
    const publishing = publishTraced(jobs);
    await reader.waitUntil(() => resultsFor(ids).length >= 300, 120_000);
    const [victim] = pipeline.instances('model-worker');
    await victim.stop('SIGKILL');
    victim.start();
    await publishing;
    await waitForOutcomes(ids, 180_000);
    // A duplicate would arrive after the first outcome: count only once nothing has arrived for a while.
    await reader.waitUntil(() => reader.idleFor() > 3_000, 60_000);
    const count = countDelivery(ids, resultsFor(ids), dlqFor(ids));
    expect(count).toMatchObject({ jobs: 3_000, lost: 0, duplicates: 0 });
  });
});
