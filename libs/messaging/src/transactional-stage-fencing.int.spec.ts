import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { createKafka } from './kafka-connection';
import { HEADERS } from './headers';
import { RecordPublisher } from './record-publisher';
import { deleteThrowaway, ensureTopics } from './topic-admin';
import { TopicReader } from './topic-reader';
import { TransactionalStage } from './transactional-stage';
import type { InboundMessage } from './records';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const logger = pino({ level: 'silent' });

/**
 * A stage's partition producer is fenced when another producer initialises
 * its transactional id: what a coordinator does to a transaction that outlived
 * its timeout (a paused broker, a starved process), and what a new owner of
 * the partition does to a zombie. The stage must replace the producer, keep
 * its partition's floor, and publish every input exactly once.
 */
describe('TransactionalStage when its partition producer is fenced mid-stream', () => {
  const prefix = `test-fencing-${randomUUID().slice(0, 8)}`;
  const [input, output, dlq] = ['in', 'out', 'dlq'].map((name) => `${prefix}.${name}`);
  const groupId = `${prefix}-stage`;
  const kafka = createKafka({ brokers, clientId: 'stage-fencing-test', logger });
  const publisher = new RecordPublisher(kafka, 'stage-fencing-test');
  const intruder = kafka.producer({ transactionalId: `${groupId}.${input}.0`, idempotent: true, maxInFlightRequests: 1 });
  const processed: string[] = [];
  let fenced = false;

  /** Copies each message; the first time it meets job-20 it first fences the stage's producer, so that chunk's commit fails. */
  const copy = async (messages: InboundMessage<string>[]) => {
    processed.push(...messages.map((m) => m.value));
    if (!fenced && messages.some((m) => m.value === 'job-20')) {
      fenced = true;
      await intruder.connect();
      await (await intruder.transaction()).abort();
    }
    return messages.map((m) => ({ topic: output, key: m.key, value: Buffer.from(m.value), headers: m.headers }));
  };

  const stage = new TransactionalStage<string>({
    kafka,
    name: 'copy-stage',
    groupId,
    topics: [input],
    dlqTopic: dlq,
    decode: (value) => value.toString('utf8'),
    process: copy,
    logger,
    sessionTimeoutMs: 6_000,
    minMessagesPerTransaction: 5,
    maxMessagesPerTransaction: 5,
  });
  const reader = new TopicReader(kafka, [output, dlq]);

  const publish = (from: number, count: number) =>
    publisher.publish(Array.from({ length: count }, (_, i) => ({ topic: input, key: `k${from + i}`, value: Buffer.from(`job-${from + i}`), headers: { [HEADERS.jobId]: `job-${from + i}` } })));

  beforeAll(async () => {
    await ensureTopics(kafka, [input, output, dlq].map((topic) => ({ topic, partitions: 1, replicationFactor: 1 })));
    await stage.start();
    await reader.start();
  });

  afterAll(async () => {
    await reader.close();
    await stage.stop();
    await intruder.disconnect();
    await publisher.close();
    await deleteThrowaway(kafka, [input, output, dlq], [groupId]);
  });

  it('replaces the producer and publishes every input exactly once', async () => {
    await publish(0, 20);
    await reader.waitUntil((records) => records.length >= 20, 60_000);
    await publish(20, 20);
    await reader.waitUntil((records) => records.some((r) => r.headers[HEADERS.jobId] === 'job-39'), 60_000);

    const ids = reader.records.filter((r) => r.topic === output).map((r) => r.headers[HEADERS.jobId]);
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => `job-${i}`));
    // The fenced chunk's commit failed and the chunk was processed again by the replacement.
    expect(processed.filter((value) => value === 'job-20')).toHaveLength(2);
  }, 90_000);
});
