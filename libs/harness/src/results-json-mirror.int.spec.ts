import { CONTENT_TYPES, resultCodec } from '@switchyard/contracts';
import { HEADERS, TopicReader } from '@switchyard/messaging';
import { jobRecord } from './job-mix';
import { pipelineDocument, pipelineJobs } from './pipeline-mix';
import { PipelineRun } from './pipeline-run';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('the results JSON mirror (kafka.resultsJsonMirror) on the Kafka path', () => {
  const document = pipelineDocument(['enhance-then-answer']);
  document.kafka = { ...document.kafka, resultsJsonMirror: true };
  const run = new PipelineRun({ label: 'json-mirror', document, brokers, redisUrl });
  let mirror: TopicReader;

  beforeAll(async () => {
    await run.start();
    mirror = new TopicReader(run.kafka, [run.topics.resultsJson]);
    await mirror.start();
  });

  afterAll(async () => {
    await mirror?.close();
    await run.stop();
  });

  it("mirrors every result as proto3 JSON: each step's (model-worker) and each pipeline's own (pipeline-advancer)", async () => {
    const jobs = pipelineJobs(5, `${run.prefix}mirror`, ['enhance-then-answer']);
    await run.publisher.publish(jobs.map((job) => jobRecord(job, run.topics)));
    const ids = new Set(jobs.map((j) => j.id ?? ''));
    expect(await run.settle(ids, 120_000)).toMatchObject({ jobs: 5, results: 5, dlq: 0, lost: 0, duplicates: 0 });
    const expected = [...ids].flatMap((id) => [id, `${id}/enhance`, `${id}/answer`]);
    await mirror.waitUntil((records) => expected.every((id) => records.some((r) => r.key === id)), 60_000);
    for (const record of run.results(ids)) {
      const copies = mirror.records.filter((r) => r.key === record.key);
      expect(copies).toHaveLength(1);
      expect(copies[0].headers[HEADERS.contentType]).toBe(CONTENT_TYPES.json);
      expect(JSON.parse(copies[0].value.toString('utf8'))).toEqual(JSON.parse(resultCodec.toJson(record.value)));
      expect(resultCodec.decode(record.value).model).toBe('pipeline/enhance-then-answer');
    }
  });
});
