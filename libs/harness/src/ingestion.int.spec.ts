import type { ConfigDocument } from '@switchyard/config';
import { jobCodec, type JobInput } from '@switchyard/contracts';
import { DEFAULT_MAX_MESSAGE_BYTES, fitsAlone, HEADERS, type OutboundRecord } from '@switchyard/messaging';
import { jobRecord, mixedJobs } from './job-mix';
import { PipelineRun } from './pipeline-run';
import { readConfigDocument } from './run-config';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function fastModels(): ConfigDocument {
  const doc = readConfigDocument();
  doc.kafka = { ...doc.kafka, sessionTimeoutMs: 6_000 };
  for (const model of doc.models) model.simulated &&= { ...model.simulated, latencyMedianMs: 5, latencyP95Ms: 20, failureRate: 0 };
  return doc;
}

/** The largest prompt (of 'x') whose job record still fits the broker's default limit: "a few bytes under". */
function promptJustUnderLimit(job: JobInput, topics: PipelineRun['topics']): string {
  let low = 0;
  let high = DEFAULT_MAX_MESSAGE_BYTES;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fitsAlone(jobRecord({ ...job, prompt: 'x'.repeat(mid) }, topics), DEFAULT_MAX_MESSAGE_BYTES)) low = mid;
    else high = mid - 1;
  }
  return 'x'.repeat(low);
}

describe('ingestion on the real pipeline: a job id taken in once, records that cannot outgrow the broker', () => {
  const run = new PipelineRun({ label: 'ingest', document: fastModels(), brokers, redisUrl });
  const { topics, publisher, reader } = run;
  const one = (id: string, prompt = 'What is 2 plus 2?'): JobInput => ({ id: `${run.prefix}${id}`, tenant: 'demo', prompt, affinityKey: `${run.prefix}${id}` });
  const jsonRecord = (job: JobInput): OutboundRecord => ({ topic: topics.jobs, key: job.affinityKey ?? null, value: Buffer.from(JSON.stringify(job)), headers: { [HEADERS.contentType]: 'application/json' } });

  beforeAll(() => run.start());
  afterAll(() => run.stop());

  it('yields one result for a job id sent twice in separate produce calls, also as JSON and across a classifier restart', async () => {
    const job = one('twice');
    const ids = new Set([job.id ?? '']);
    await publisher.publish([jobRecord(job, topics)]);
    await publisher.publish([jobRecord(job, topics)]);
    await publisher.publish([jsonRecord(job)]);
    expect(await run.settle(ids, 120_000)).toMatchObject({ results: 1, dlq: 0, lost: 0, duplicates: 0 });

    const [classifier] = run.pipeline.instances('classifier');
    await classifier.stop('SIGTERM');
    await publisher.publish([jobRecord(job, topics)]);
    classifier.start();
    const marker = one('after-restart');
    await publisher.publish([jobRecord(marker, topics)]);
    expect(await run.settle(new Set([...ids, marker.id ?? '']), 120_000)).toMatchObject({ jobs: 2, results: 2, dlq: 0, lost: 0, duplicates: 0 });
  });

  it('dead-letters a job id reused for other content as DUPLICATE_JOB_ID', async () => {
    const job = one('reused');
    await publisher.publish([jobRecord(job, topics)]);
    await publisher.publish([jobRecord({ ...job, prompt: 'Something else entirely' }, topics)]);
    const ids = new Set([job.id ?? '']);
    await reader.waitUntil(() => run.results(ids).length + run.deadLetters(ids).length >= 2, 120_000);
    expect(run.results(ids)).toHaveLength(1);
    const [dead] = run.deadLetters(ids);
    expect(dead.headers).toMatchObject({ [HEADERS.dlqErrorCode]: 'DUPLICATE_JOB_ID', [HEADERS.dlqStage]: 'classifier' });
    expect(jobCodec.decode(dead.value).prompt).toBe('Something else entirely');
  });

  it('dead-letters jobs a few bytes under the broker limit, cut to fit, while the jobs behind them on the same partition flow', async () => {
    const key = `${run.prefix}big-partition`;
    const big = { ...one('big'), affinityKey: key };
    const bigRecord = jobRecord({ ...big, prompt: promptJustUnderLimit(big, topics) }, topics);
    // Same size without a tenant: the classifier's DLQ record, with its reason headers, would not fit either.
    const noTenant = { ...one('big-no-tenant'), affinityKey: key, tenant: '' };
    const noTenantRecord = jobRecord({ ...noTenant, prompt: promptJustUnderLimit(noTenant, topics) }, topics);
    const behind = mixedJobs(30, `${run.prefix}behind`).map((job) => ({ ...job, affinityKey: key }));
    await publisher.publish([bigRecord]);
    await publisher.publish([noTenantRecord]);
    await publisher.publish(behind.map((job) => jobRecord(job, topics)));

    const ids = new Set([big.id, noTenant.id, ...behind.map((j) => j.id)].map((id) => id ?? ''));
    expect(await run.settle(ids, 120_000)).toMatchObject({ jobs: 32, results: 30, dlq: 2, lost: 0, duplicates: 0 });
    const [tooLarge] = run.deadLetters(new Set([big.id ?? '']));
    expect(tooLarge.headers).toMatchObject({ [HEADERS.dlqErrorCode]: 'RECORD_TOO_LARGE', [HEADERS.dlqStage]: 'classifier', [HEADERS.dlqValueCutFrom]: String(bigRecord.value.length) });
    expect(tooLarge.headers[HEADERS.dlqError]).toMatch(/over the broker's limit of 1048588 bytes/);
    expect(bigRecord.value.subarray(0, tooLarge.value.length).equals(tooLarge.value)).toBe(true);
    const [invalid] = run.deadLetters(new Set([noTenant.id ?? '']));
    expect(invalid.headers).toMatchObject({ [HEADERS.dlqErrorCode]: 'INVALID_JOB', [HEADERS.dlqError]: 'tenant: is required', [HEADERS.dlqValueCutFrom]: String(noTenantRecord.value.length) });
  });
});
