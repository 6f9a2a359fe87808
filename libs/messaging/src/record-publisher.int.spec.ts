import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Kafka, Producer, ProducerConfig } from 'kafkajs';
import { createKafka } from './kafka-connection';
import { isFatalToProducer } from './producer-faults';
import { RecordPublisher } from './record-publisher';
import { deleteThrowaway, ensureTopics } from './topic-admin';
import { TopicReader } from './topic-reader';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const logger = pino({ level: 'silent' });

/** The kafka client, observed: every producer made through it is recorded with its config. */
function observed(kafka: Kafka): { kafka: Kafka; producers: { config: ProducerConfig; producer: Producer }[] } {
  const producers: { config: ProducerConfig; producer: Producer }[] = [];
  const spy = Object.create(kafka) as Kafka;
  spy.producer = (config?: ProducerConfig) => {
    const producer = kafka.producer(config);
    producers.push({ config: config ?? {}, producer });
    return producer;
  };
  return { kafka: spy, producers };
}

/**
 * The broker's coordinator looks for expired transactions every 10 s
 * (transaction.abort.timed.out.transaction.cleanup.interval.ms); a transaction
 * held open past its 1 s timeout and that scan is aborted, and its producer's
 * epoch bumped.
 */
const TRANSACTION_TIMEOUT_MS = 1_000;
const HOLD_OPEN_MS = 13_000;

describe('RecordPublisher after its producer can no longer commit', () => {
  const topic = `test-publisher-${randomUUID().slice(0, 8)}`;
  const kafka = createKafka({ brokers, clientId: 'publisher-test', logger });
  const reader = new TopicReader(kafka, [topic]);
  const records = (batch: string) => Array.from({ length: 10 }, (_, i) => ({ topic, key: `${batch}-${i}`, value: Buffer.from(batch), headers: {} }));
  const storedBatches = () => [...new Set(reader.records.map((r) => r.value.toString()))].sort();
  const stored = (count: number) => reader.waitUntil((all) => all.length >= count, 60_000);

  beforeAll(async () => {
    await ensureTopics(kafka, [{ topic, partitions: 2, replicationFactor: 1 }]);
    await reader.start();
  });

  afterAll(async () => {
    await reader.close();
    await deleteThrowaway(kafka, [topic]);
  });

  it('stores the next batches after the coordinator expired a transaction it held open', async () => {
    const spied = observed(kafka);
    const publisher = new RecordPublisher(spied.kafka, 'expiry-test', { transactionTimeoutMs: TRANSACTION_TIMEOUT_MS });
    try {
      await publisher.publish(records('expiry-a'));
      // Blocks this process (kafkajs with it) right after the next batch is produced, inside its transaction,
      // as a paused broker or a starved machine would hold it open.
      let holdNext = true;
      spied.producers[0].producer.on('producer.network.request', ({ payload }) => {
        if (!holdNext || payload.apiName !== 'Produce') return;
        holdNext = false;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, HOLD_OPEN_MS);
      });
      const expired = await publisher.publish(records('expiry-b')).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(isFatalToProducer(expired)).toBe(true);

      await publisher.publish(records('expiry-c'));
      await publisher.publish(records('expiry-d'));
      await stored(30);
      expect(storedBatches().filter((b) => b.startsWith('expiry'))).toEqual(['expiry-a', 'expiry-c', 'expiry-d']);
      expect(spied.producers).toHaveLength(2);
    } finally {
      await publisher.close();
    }
  }, 90_000);

  it('stores the next batches after a newer producer with its transactional id fenced it', async () => {
    const spied = observed(kafka);
    const publisher = new RecordPublisher(spied.kafka, 'fence-test');
    await publisher.publish(records('fence-a'));
    const intruder = kafka.producer({ transactionalId: spied.producers[0].config.transactionalId, idempotent: true, maxInFlightRequests: 1 });
    try {
      await intruder.connect();
      await (await intruder.transaction()).abort();

      const fenced = await publisher.publish(records('fence-b')).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(isFatalToProducer(fenced)).toBe(true);

      await publisher.publish(records('fence-c'));
      await stored(50);
      expect(storedBatches().filter((b) => b.startsWith('fence'))).toEqual(['fence-a', 'fence-c']);
    } finally {
      await intruder.disconnect();
      await publisher.close();
    }
  }, 90_000);
});

describe('RecordPublisher partitioning', () => {
  const topic = `test-partition-key-${randomUUID().slice(0, 8)}`;
  const kafka = createKafka({ brokers, clientId: 'partition-key-test', logger });
  const reader = new TopicReader(kafka, [topic]);
  const publisher = new RecordPublisher(kafka, 'partition-key-test');

  beforeAll(async () => {
    await ensureTopics(kafka, [{ topic, partitions: 3, replicationFactor: 1 }]);
    await reader.start();
  });

  afterAll(async () => {
    await publisher.close();
    await reader.close();
    await deleteThrowaway(kafka, [topic]);
  });

  it('places a record by its partition key when it has one, keeping its own key', async () => {
    const keyed = Array.from({ length: 30 }, (_, i) => ({ topic, key: `job-${i}`, value: Buffer.from('by-key'), headers: {} }));
    const grouped = Array.from({ length: 30 }, (_, i) => ({ topic, key: `job-${i}`, partitionKey: 'session-7', value: Buffer.from('by-partition-key'), headers: {} }));
    const anchor = { topic, key: 'session-7', value: Buffer.from('anchor'), headers: {} };
    await publisher.publish([...keyed, ...grouped, anchor]);
    await reader.waitUntil((all) => all.length >= 61, 60_000);

    const partitionsOf = (value: string) => new Set(reader.records.filter((r) => r.value.toString() === value).map((r) => r.partition));
    expect(partitionsOf('by-key').size).toBeGreaterThan(1);
    expect([...partitionsOf('by-partition-key')]).toEqual([...partitionsOf('anchor')]);
    expect(reader.records.filter((r) => r.value.toString() === 'by-partition-key').map((r) => r.key)).toEqual(grouped.map((r) => r.key));
  });
});
