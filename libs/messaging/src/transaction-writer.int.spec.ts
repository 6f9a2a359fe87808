import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { RequestEvent } from 'kafkajs';
import { createKafka } from './kafka-connection';
import { deleteThrowaway, ensureTopics } from './topic-admin';
import { TopicReader } from './topic-reader';
import { TransactionWriter } from './transaction-writer';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const logger = pino({ level: 'silent' });

/**
 * A partition's records go out in batches the broker accepts (`message.max.bytes`, here a writer
 * limit of 5,000 bytes against 2,000-byte records: two a batch), all partitions of the leader
 * together, one send per round of batches; each partition keeps its records' order.
 */
describe('TransactionWriter', () => {
  const topic = `test-writer-${randomUUID().slice(0, 8)}`;
  const kafka = createKafka({ brokers, clientId: 'writer-test', logger });
  const admin = kafka.admin();
  const reader = new TopicReader(kafka, [topic]);

  beforeAll(async () => {
    await ensureTopics(kafka, [{ topic, partitions: 3, replicationFactor: 1 }]);
    await admin.connect();
    await reader.start();
  });

  afterAll(async () => {
    await reader.close();
    await admin.disconnect();
    await deleteThrowaway(kafka, [topic]);
  });

  it('splits each partition into batches that fit, sends a round of batches at a time, and keeps each partition in order', async () => {
    const records = Array.from({ length: 12 }, (_, i) => ({ topic, key: `key-${i % 4}`, value: Buffer.alloc(2_000, i), headers: { seq: String(i) } }));
    const producer = kafka.producer({ transactionalId: `${topic}-tx`, idempotent: true, maxInFlightRequests: 1 });
    let produceRequests = 0;
    producer.on(producer.events.REQUEST, ({ payload }: RequestEvent) => {
      if (payload.apiName === 'Produce') produceRequests += 1;
    });
    await producer.connect();
    try {
      const transaction = await producer.transaction();
      await new TransactionWriter(admin, 5_000).write(transaction, records);
      await transaction.commit();
    } finally {
      await producer.disconnect();
    }
    await reader.waitUntil((all) => all.length >= records.length, 60_000);

    const byPartition = new Map<number, number[]>();
    for (const r of [...reader.records].sort((a, b) => Number(a.offset) - Number(b.offset))) byPartition.set(r.partition, [...(byPartition.get(r.partition) ?? []), Number(r.headers.seq)]);
    const perPartition = [...byPartition.values()];
    expect(perPartition.flat().sort((a, b) => a - b)).toEqual(records.map((_, i) => i));
    for (const seqs of perPartition) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // Each round carries at most one two-record batch per partition: as many rounds as the fullest partition needs.
    const fullest = Math.max(...perPartition.map((seqs) => seqs.length));
    expect(produceRequests).toBe(Math.ceil(fullest / 2));
  });
});
