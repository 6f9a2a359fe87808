import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Kafka, RequestEvent } from 'kafkajs';
import { createKafka } from './kafka-connection';
import { HEADERS } from './headers';
import { RecordPublisher } from './record-publisher';
import { deleteThrowaway, ensureTopics } from './topic-admin';
import { TopicReader } from './topic-reader';
import { TransactionalStage } from './transactional-stage';
import { StableOffsetFetcher } from './stable-offset-fetch';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const logger = pino({ level: 'silent' });

/** A Kafka whose producers and consumers count the requests they send, by API name (kafkajs's instrumentation events). */
function countingRequests(): { kafka: Kafka; sent: Map<string, number> } {
  const kafka = createKafka({ brokers, clientId: 'stage-requests-counted', logger });
  const sent = new Map<string, number>();
  const tally = ({ payload }: RequestEvent) => sent.set(payload.apiName, (sent.get(payload.apiName) ?? 0) + 1);
  const [producer, consumer] = [kafka.producer.bind(kafka), kafka.consumer.bind(kafka)];
  kafka.producer = (config) => {
    const client = producer(config);
    client.on(client.events.REQUEST, tally);
    return client;
  };
  kafka.consumer = (config) => {
    const client = consumer(config);
    client.on(client.events.REQUEST, tally);
    return client;
  };
  return { kafka, sent };
}

/**
 * The broker's CPU per job follows the requests a transaction costs (about
 * 0.2 ms of broker CPU each on this machine kind, warm): a chunk's
 * transaction looks its coordinators up once per producer, not before each
 * request (the kafkajs patch), and a chunk with nothing to publish commits
 * its offset with one request, no transaction.
 */
describe('TransactionalStage requests per chunk', () => {
  const prefix = `test-requests-${randomUUID().slice(0, 8)}`;
  const [input, output, dlq] = ['in', 'out', 'dlq'].map((name) => `${prefix}.${name}`);
  const admin = createKafka({ brokers, clientId: 'stage-requests-test', logger });
  const publisher = new RecordPublisher(admin, 'stage-requests-test');
  const reader = new TopicReader(admin, [output, dlq]);
  const chunks = 6;
  const chunkSize = 10;

  const stageOf = (kafka: Kafka, groupId: string, publishes: boolean, seen: string[]) =>
    new TransactionalStage<string>({
      kafka,
      name: 'requests-stage',
      groupId,
      topics: [input],
      dlqTopic: dlq,
      decode: (value) => value.toString('utf8'),
      process: async (messages) => {
        seen.push(...messages.map((m) => m.value));
        return publishes ? messages.map((m) => ({ topic: output, key: m.key, value: Buffer.from(m.value), headers: m.headers })) : [];
      },
      logger,
      sessionTimeoutMs: 6_000,
      minMessagesPerTransaction: chunkSize,
      maxMessagesPerTransaction: chunkSize,
    });

  beforeAll(async () => {
    await ensureTopics(admin, [input, output, dlq].map((topic) => ({ topic, partitions: 1, replicationFactor: 1 })));
    await reader.start();
    await publisher.publish(Array.from({ length: chunks * chunkSize }, (_, i) => ({ topic: input, key: `k${i}`, value: Buffer.from(`job-${i}`), headers: { [HEADERS.jobId]: `job-${i}` } })));
  });

  afterAll(async () => {
    await reader.close();
    await publisher.close();
    await deleteThrowaway(admin, [input, output, dlq], [`${prefix}-publishing`, `${prefix}-silent`]);
  });

  it('looks up the transaction and group coordinators once, not on every transaction', async () => {
    const { kafka, sent } = countingRequests();
    const seen: string[] = [];
    const stage = stageOf(kafka, `${prefix}-publishing`, true, seen);
    await stage.start();
    try {
      await reader.waitUntil((records) => records.filter((r) => r.topic === output).length >= chunks * chunkSize, 60_000);
    } finally {
      await stage.stop();
    }
    expect(new Set(reader.records.map((r) => r.headers[HEADERS.jobId])).size).toBe(chunks * chunkSize);
    expect(sent.get('EndTxn')).toBe(chunks);
    // One lookup for InitProducerId, one for the transaction coordinator's first use, one for the group coordinator's; the consumer's own one.
    expect(sent.get('GroupCoordinator')).toBeLessThanOrEqual(4);
  });

  it('commits a chunk that publishes nothing with one OffsetCommit and no transaction', async () => {
    const groupId = `${prefix}-silent`;
    const { kafka, sent } = countingRequests();
    const seen: string[] = [];
    const stage = stageOf(kafka, groupId, false, seen);
    await stage.start();
    const offsets = new StableOffsetFetcher(admin);
    try {
      for (const deadline = Date.now() + 60_000; seen.length < chunks * chunkSize && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
    } finally {
      // stop() lets the chunk in flight finish and commit before it disconnects.
      await stage.stop();
    }
    try {
      expect((await offsets.committedOffsets(groupId, input, [0])).get(0)).toBe(String(chunks * chunkSize));
    } finally {
      await offsets.close();
    }
    expect(seen).toHaveLength(chunks * chunkSize);
    expect(sent.get('EndTxn') ?? 0).toBe(0);
    expect(sent.get('AddOffsetsToTxn') ?? 0).toBe(0);
    expect(sent.get('OffsetCommit')).toBe(chunks);
  });
});
