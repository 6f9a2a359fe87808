import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { createKafka } from './kafka-connection';
import { deleteThrowaway, ensureTopics } from './topic-admin';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/**
 * Every stage and the independent reader consume with read_committed; this is
 * the kafkajs behaviour they rely on (patches/kafkajs+2.2.4.patch).
 */
describe('read_committed consumption of aborted transactions on a real broker', () => {
  const kafka = createKafka({ brokers, clientId: 'aborted-txn-test', logger: pino({ level: 'silent' }) });
  const topic = `test-aborted-${randomUUID().slice(0, 8)}`;
  const groups: string[] = [];

  beforeAll(async () => {
    await ensureTopics(kafka, [{ topic, partitions: 1, replicationFactor: 1 }]);
    const [first, second] = [1, 2].map((n) => kafka.producer({ transactionalId: `${topic}-${n}`, idempotent: true, maxInFlightRequests: 1 }));
    const plain = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await Promise.all([first.connect(), second.connect(), plain.connect()]);
    const [a, b] = [await first.transaction(), await second.transaction()];
    // Offsets 0..3, the two producers' aborted transactions interleaved, then a committed record. The
    // coordinator writes abort markers after it answers, so that record lands at 6 after both markers
    // or at 5 between them (seen in CI); either way the fetches below start inside both transactions.
    await a.send({ topic, messages: [{ value: 'aborted-1' }] });
    await b.send({ topic, messages: [{ value: 'aborted-2' }] });
    await b.send({ topic, messages: [{ value: 'aborted-2' }] });
    await a.send({ topic, messages: [{ value: 'aborted-1' }] });
    await a.abort();
    await b.abort();
    await plain.send({ topic, messages: [{ value: 'committed' }] });
    await Promise.all([first.disconnect(), second.disconnect(), plain.disconnect()]);
  });
  afterAll(() => deleteThrowaway(kafka, [topic], groups));

  it.each(['0', '1', '2', '3'])('a fetch starting at offset %s, inside both aborted transactions, yields only the committed record', async (start) => {
    const groupId = `${topic}-from-${start}`;
    groups.push(groupId);
    const consumer = kafka.consumer({ groupId, readUncommitted: false });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      const seen: string[] = [];
      let sawCommitted: () => void = () => undefined;
      const committedRead = new Promise<void>((resolve) => (sawCommitted = resolve));
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(message.value?.toString() ?? '');
          if (message.value?.toString() === 'committed') sawCommitted();
        },
      });
      consumer.seek({ topic, partition: 0, offset: start });
      await committedRead;
      expect(seen).toEqual(['committed']);
    } finally {
      await consumer.disconnect();
    }
  });
});
