import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { createKafka } from './kafka-connection';
import { StableOffsetFetcher } from './stable-offset-fetch';
import { deleteThrowaway, ensureTopics } from './topic-admin';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

describe('stable committed offsets (OffsetFetch v7, require_stable) on a real broker', () => {
  const kafka = createKafka({ brokers, clientId: 'stable-offsets-test', logger: pino({ level: 'silent' }) });
  const topic = `test-stable-offsets-${randomUUID().slice(0, 8)}`;
  const groupId = `${topic}-group`;
  const fetcher = new StableOffsetFetcher(kafka);
  const admin = kafka.admin();
  const producer = kafka.producer({ transactionalId: `${topic}-txn`, idempotent: true, maxInFlightRequests: 1 });

  beforeAll(async () => {
    await ensureTopics(kafka, [{ topic, partitions: 2, replicationFactor: 1 }]);
    await Promise.all([admin.connect(), producer.connect()]);
  });
  afterAll(async () => {
    await Promise.all([fetcher.close(), producer.disconnect(), admin.disconnect()]);
    await deleteThrowaway(kafka, [topic], [groupId]);
  });

  it('answers -1 for partitions the group never committed', async () => {
    expect(await fetcher.committedOffsets(groupId, topic, [0, 1])).toEqual(new Map([[0, '-1'], [1, '-1']]));
  });

  it('refuses an offset a transaction is still committing, which a v4 read reports as the previous one, and returns it once committed', async () => {
    const transaction = await producer.transaction();
    await transaction.sendOffsets({ consumerGroupId: groupId, topics: [{ topic, partitions: [{ partition: 1, offset: '42' }] }] });

    const [v4] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(v4.partitions.find((p) => p.partition === 1)?.offset).toBe('-1');
    await expect(fetcher.committedOffsets(groupId, topic, [1], { timeoutMs: 500 })).rejects.toMatchObject({ type: 'UNSTABLE_OFFSET_COMMIT' });

    const stable = fetcher.committedOffsets(groupId, topic, [0, 1]);
    await transaction.commit();
    expect(await stable).toEqual(new Map([[0, '-1'], [1, '42']]));
  });
});
