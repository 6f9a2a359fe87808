import { randomUUID } from 'node:crypto';
import { deleteThrowaway, ensureTopics, TransactionalStage, type Kafka } from '@switchyard/messaging';
import type { Logger } from '@switchyard/telemetry';

export interface RawThroughput {
  messages: number;
  seconds: number;
  messagesPerSecond: number;
}

/** One hop of the relay: forwards every message of `from` unchanged to `to`. */
export interface RelayHop {
  from: string;
  to: string;
  dlqTopic: string;
}

/** Runs the relay's hops somewhere (this process, or one process each) until stop(). */
export type RelayHopRunner = (hops: RelayHop[]) => Promise<{ stop(): Promise<void> }>;

const BATCH = 500;
const PARTITIONS = 3;
const RUN_HEADER = 'x-throughput-run';

/**
 * The ceiling a pipeline is compared with: this same client producing
 * `count` messages of `bytes` bytes in batches of 500 to one 3-partition
 * topic while one consumer group reads them, timed from the first send to
 * the last message read.
 */
export async function measureRawThroughput(kafka: Kafka, count: number, options: { bytes?: number; replicationFactor?: number } = {}): Promise<RawThroughput> {
  const topic = `switchyard-bench-raw-${randomUUID().slice(0, 8)}`;
  await ensureTopics(kafka, [{ topic, partitions: PARTITIONS, replicationFactor: options.replicationFactor ?? 1 }]);
  try {
    return await timeFlow(kafka, topic, topic, count, options.bytes ?? 200);
  } finally {
    await deleteThrowaway(kafka, [topic]);
  }
}

/** The stage of one relay hop: the exactly-once commit and nothing else. */
export function relayStage(kafka: Kafka, hop: RelayHop, logger: Logger): TransactionalStage<Buffer> {
  return new TransactionalStage<Buffer>({
    kafka,
    name: `relay-${hop.from}`,
    groupId: `${hop.from}-group`,
    topics: [hop.from],
    dlqTopic: hop.dlqTopic,
    decode: (value) => value,
    process: async (messages) => messages.map((m) => ({ topic: hop.to, key: m.key, value: m.value, headers: m.headers })),
    logger,
    sessionTimeoutMs: 10_000,
  });
}

/** Runs every hop in this process. */
function inProcessHops(kafka: Kafka, logger: Logger): RelayHopRunner {
  return async (hops) => {
    const stages = hops.map((hop) => relayStage(kafka, hop, logger));
    await Promise.all(stages.map((stage) => stage.start()));
    return { stop: async () => void (await Promise.all(stages.map((stage) => stage.stop().catch(() => undefined)))) };
  };
}

/**
 * What the delivery guarantee alone costs: `hops` TransactionalStages, each
 * forwarding every message unchanged to the next topic with its exactly-once
 * commit, no other work. By default they run in this process; `runHops` can
 * place them elsewhere (one process per hop, as the pipeline's services are).
 * Timed like the raw ceiling, from the first send into the first topic to the
 * last message read from the last one, after a warm-up pass so group joins
 * are not counted.
 */
export async function measureTransactionalRelay(
  kafka: Kafka,
  count: number,
  options: { hops?: number; bytes?: number; replicationFactor?: number; logger: Logger; runHops?: RelayHopRunner },
): Promise<RawThroughput> {
  const prefix = `switchyard-bench-relay-${randomUUID().slice(0, 8)}`;
  const topics = Array.from({ length: (options.hops ?? 4) + 1 }, (_, i) => `${prefix}-${i}`);
  const dlqTopic = `${prefix}-dlq`;
  await ensureTopics(kafka, [...topics, dlqTopic].map((topic) => ({ topic, partitions: PARTITIONS, replicationFactor: options.replicationFactor ?? 1 })));
  const hops = topics.slice(0, -1).map((from, i) => ({ from, to: topics[i + 1], dlqTopic }));
  const running = await (options.runHops ?? inProcessHops(kafka, options.logger))(hops);
  const [first, last] = [topics[0], topics[topics.length - 1]];
  try {
    await timeFlow(kafka, first, last, Math.min(count, BATCH), options.bytes ?? 200);
    return await timeFlow(kafka, first, last, count, options.bytes ?? 200);
  } finally {
    await running.stop();
    await deleteThrowaway(kafka, [...topics, dlqTopic]);
  }
}

/** Sends `count` messages into `input` and times until a read_committed reader has seen all of this run's messages on `output`. */
async function timeFlow(kafka: Kafka, input: string, output: string, count: number, bytes: number): Promise<RawThroughput> {
  const run = randomUUID();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `${output}-reader-${run.slice(0, 8)}` });
  await Promise.all([producer.connect(), consumer.connect()]);
  try {
    await consumer.subscribe({ topic: output, fromBeginning: true });
    let received = 0;
    let finish: () => void = () => undefined;
    const allRead = new Promise<void>((resolve) => (finish = resolve));
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) if (message.headers?.[RUN_HEADER]?.toString() === run) received += 1;
        if (received >= count) finish();
      },
    });
    const value = Buffer.alloc(bytes, 120);
    const headers = { [RUN_HEADER]: run };
    const started = process.hrtime.bigint();
    for (let i = 0; i < count; i += BATCH) {
      const n = Math.min(BATCH, count - i);
      await producer.send({ topic: input, acks: -1, messages: Array.from({ length: n }, (_, j) => ({ key: String(i + j), value, headers })) });
    }
    await allRead;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { messages: count, seconds, messagesPerSecond: count / seconds };
  } finally {
    await Promise.all([producer.disconnect(), consumer.disconnect()]);
  }
}
