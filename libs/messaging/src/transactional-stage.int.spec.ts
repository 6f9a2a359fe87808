import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { decodeJob, jobCodec } from '@switchyard/contracts';
import { createKafka } from './kafka-connection';
import { HEADERS, jobHeaders } from './headers';
import { RecordPublisher } from './record-publisher';
import { ensureTopics } from './topic-admin';
import { TopicReader } from './topic-reader';
import { topicNames } from './topics';
import { TransactionalStage } from './transactional-stage';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const logger = pino({ level: 'silent' });

describe('TransactionalStage on a real broker', () => {
  const topics = topicNames(`test-${randomUUID().slice(0, 8)}.`);
  const kafka = createKafka({ brokers, clientId: 'stage-test', logger });
  const publisher = new RecordPublisher(kafka, 'stage-test');
  let stage: TransactionalStage<ReturnType<typeof decodeJob>>;
  let reader: TopicReader;

  beforeAll(async () => {
    await ensureTopics(kafka, [topics.jobs, topics.classified, topics.dlq].map((topic) => ({ topic, partitions: 3, replicationFactor: 1 })));
    stage = new TransactionalStage({
      kafka,
      name: 'test-stage',
      groupId: `${topics.jobs}-group`,
      topics: [topics.jobs],
      dlqTopic: topics.dlq,
      decode: decodeJob,
      process: async (messages) =>
        messages.map((m) => ({ topic: topics.classified, key: m.key, value: jobCodec.encode({ ...m.value, route: 'seen-by-stage' }), headers: m.headers })),
      logger,
      sessionTimeoutMs: 10_000,
      maxMessagesPerTransaction: 7,
    });
    await stage.start();
    reader = new TopicReader(kafka, [topics.classified, topics.dlq]);
    await reader.start();
  });

  afterAll(async () => {
    await reader.close();
    await stage.stop();
    await publisher.close();
  });

  it('carries each job through with its headers and the proto codec, once, and dead-letters a poison message with its origin', async () => {
    const jobs = Array.from({ length: 40 }, (_, i) => ({ id: `job-${i}`, tenant: 'acme', prompt: `question ${i}`, metadata: { n: String(i) } }));
    await publisher.publish(jobs.map((job) => ({ topic: topics.jobs, key: `k${job.id}`, value: jobCodec.encode(job), headers: jobHeaders({ ...job, attempt: 0, deadlineUnixMs: 0 }) })));
    await publisher.publish([{ topic: topics.jobs, key: 'poison', value: Buffer.from('this is not a protobuf job'), headers: { [HEADERS.jobId]: 'poison-1' } }]);
    await publisher.publish([{ topic: topics.jobs, key: 'late', value: jobCodec.encode({ id: 'late-job', tenant: 'acme', prompt: 'after the poison' }), headers: {} }]);

    await reader.waitUntil((records) => records.length >= 42, 60_000);
    const classified = reader.records.filter((r) => r.topic === topics.classified);
    const decoded = classified.map((r) => jobCodec.decode(r.value));
    expect(new Set(decoded.map((j) => j.id)).size).toBe(41);
    expect(classified).toHaveLength(41);
    expect(decoded.every((j) => j.route === 'seen-by-stage')).toBe(true);
    expect(decoded.find((j) => j.id === 'job-3')?.metadata).toEqual({ n: '3' });
    expect(classified.find((r) => r.key === 'kjob-3')?.headers[HEADERS.tenant]).toBe('acme');

    const [dead] = reader.records.filter((r) => r.topic === topics.dlq);
    expect(dead.value.toString()).toBe('this is not a protobuf job');
    expect(dead.headers[HEADERS.dlqOriginalTopic]).toBe(topics.jobs);
    expect(Number(dead.headers[HEADERS.dlqOriginalPartition])).toBeGreaterThanOrEqual(0);
    expect(dead.headers[HEADERS.dlqOriginalOffset]).toMatch(/^\d+$/);
    expect(dead.headers[HEADERS.dlqStage]).toBe('test-stage');
    expect(dead.headers[HEADERS.dlqError]).toMatch(/not a valid Job|id: is required/);
  });
});
