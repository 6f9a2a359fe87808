import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { ConsumerLagReader } from './consumer-lag';
import { createKafka } from './kafka-connection';
import { RecordPublisher } from './record-publisher';
import { ensureTopics } from './topic-admin';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

describe('ConsumerLagReader on a real broker', () => {
  const topic = `lag-test-${randomUUID().slice(0, 8)}`;
  const groupId = `${topic}-group`;
  const kafka = createKafka({ brokers, clientId: 'lag-test', logger: pino({ level: 'silent' }) });
  const publisher = new RecordPublisher(kafka, 'lag-test');
  const lags = new ConsumerLagReader(kafka);
  const admin = kafka.admin();

  beforeAll(async () => {
    await ensureTopics(kafka, [{ topic, partitions: 2, replicationFactor: 1 }]);
    await admin.connect();
  });

  afterAll(async () => {
    await lags.close();
    await publisher.close();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('counts what a group has not consumed, from its committed offsets to the end of each partition', async () => {
    await publisher.publish(Array.from({ length: 10 }, (_, i) => ({ topic, key: `k${i}`, value: Buffer.from(`v${i}`), headers: {} })));
    const ends = await admin.fetchTopicOffsets(topic);
    const end = (partition: number) => Number(ends.find((e) => e.partition === partition)?.high);
    // The keys spread over both partitions (murmur2 is deterministic), so the sum below adds two terms.
    expect([end(0), end(1)].every((n) => n > 0)).toBe(true);

    // Before the group commits anything, all of it is behind.
    expect(await lags.lag(groupId, [topic])).toEqual([{ topic, lag: end(0) + end(1) }]);

    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '1' }, { partition: 1, offset: String(end(1)) }] });
    expect(await lags.lag(groupId, [topic])).toEqual([{ topic, lag: end(0) - 1 }]);
  });
});
