import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { ensureTopics } from './topic-admin';

export interface RawThroughput {
  messages: number;
  seconds: number;
  messagesPerSecond: number;
}

/**
 * The ceiling a pipeline is compared with: this same client producing
 * `count` messages of `bytes` bytes in batches of 500 to one 3-partition
 * topic while one consumer group reads them, timed from the first send to
 * the last message read.
 */
export async function measureRawThroughput(kafka: Kafka, count: number, options: { bytes?: number; replicationFactor?: number } = {}): Promise<RawThroughput> {
  const topic = `switchyard-bench-raw-${randomUUID().slice(0, 8)}`;
  await ensureTopics(kafka, [{ topic, partitions: 3, replicationFactor: options.replicationFactor ?? 1 }]);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `${topic}-group` });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  let received = 0;
  let finish: () => void = () => undefined;
  const allRead = new Promise<void>((resolve) => (finish = resolve));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      received += batch.messages.length;
      if (received >= count) finish();
    },
  });
  const value = Buffer.alloc(options.bytes ?? 200, 120);
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i += 500) {
    const n = Math.min(500, count - i);
    await producer.send({ topic, acks: -1, messages: Array.from({ length: n }, (_, j) => ({ key: String(i + j), value })) });
  }
  await allRead;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  return { messages: count, seconds, messagesPerSecond: count / seconds };
}
