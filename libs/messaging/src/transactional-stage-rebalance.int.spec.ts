import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { createKafka } from './kafka-connection';
import { HEADERS } from './headers';
import { RecordPublisher } from './record-publisher';
import { deleteThrowaway, ensureTopics } from './topic-admin';
import { TopicReader } from './topic-reader';
import { TransactionalStage } from './transactional-stage';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const logger = pino({ level: 'silent' });

/**
 * After every rebalance kafkajs restarts a partition from the group's
 * committed offset, read without require_stable. Right after a transaction
 * commits (for seconds when a broker was just killed) that read still gives
 * the offset before it. Here the group's offset is rewound on purpose, which
 * makes that moment last, and a rebalance follows.
 */
describe('TransactionalStage when a rebalance restarts it from an offset it already committed', () => {
  const prefix = `test-rebalance-${randomUUID().slice(0, 8)}`;
  const [input, output, dlq] = ['in', 'out', 'dlq'].map((name) => `${prefix}.${name}`);
  const groupId = `${prefix}-stage`;
  const kafka = createKafka({ brokers, clientId: 'stage-rebalance-test', logger });
  const publisher = new RecordPublisher(kafka, 'stage-rebalance-test');
  const stage = new TransactionalStage<string>({
    kafka,
    name: 'copy-stage',
    groupId,
    topics: [input],
    dlqTopic: dlq,
    decode: (value) => value.toString('utf8'),
    process: async (messages) => messages.map((m) => ({ topic: output, key: m.key, value: Buffer.from(m.value), headers: m.headers })),
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
    await publisher.close();
    await deleteThrowaway(kafka, [input, output, dlq], [groupId]);
  });

  it('publishes nothing twice', async () => {
    await publish(0, 20);
    await reader.waitUntil((records) => records.length >= 20, 60_000);

    // A transactional offset commit carries no group generation (kafkajs has no KIP-447), so the
    // broker takes it from outside the group: the stage's own commits go the same way.
    const rewinder = kafka.producer({ transactionalId: `${prefix}-rewinder`, idempotent: true, maxInFlightRequests: 1 });
    await rewinder.connect();
    const rewind = await rewinder.transaction();
    await rewind.sendOffsets({ consumerGroupId: groupId, topics: [{ topic: input, partitions: [{ partition: 0, offset: '0' }] }] });
    await rewind.commit();
    await rewinder.disconnect();

    // A member joining and leaving makes the group rebalance twice; the stage resumes from offset 0.
    const visitor = kafka.consumer({ groupId, sessionTimeout: 6_000, readUncommitted: false });
    const joined = new Promise<void>((resolve) => visitor.on(visitor.events.GROUP_JOIN, () => resolve()));
    await visitor.connect();
    await visitor.subscribe({ topic: input, fromBeginning: true });
    await visitor.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined });
    await joined;
    await visitor.disconnect();

    // The partition is read in order, so once the later jobs are out, any replay of the first twenty is too.
    await publish(20, 5);
    await reader.waitUntil((records) => records.some((r) => r.headers[HEADERS.jobId] === 'job-24'), 60_000);
    const ids = reader.records.filter((r) => r.topic === output).map((r) => r.headers[HEADERS.jobId]);
    expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => `job-${i}`));
  });
});
