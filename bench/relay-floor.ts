/**
 * The pipeline's floor: a relay of exactly-once hops that forward each message unchanged, with
 * nothing else to do, and the ways bench:pipeline drives it (a burst, timed; an open-loop schedule,
 * each message timed).
 */
import { randomUUID } from 'node:crypto';
import { deleteThrowaway, ensureTopics, RecordPublisher, TransactionalStage, type Kafka } from '@switchyard/messaging';
import type { Logger } from '@switchyard/telemetry';
import { sendOnSchedule } from './open-loop';

/** Messages through a flow and how long they took, from the first send to the last one read. */
export interface FlowThroughput {
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

/** Runs the relay's hops somewhere (this process, or one process each) until stop(); `pids` are the processes doing the hops' work. */
export type RelayHopRunner = (hops: RelayHop[]) => Promise<{ pids: number[]; stop(): Promise<void> }>;

/** A running relay: messages sent to `input` come out of `output` after every hop. */
export interface Relay {
  input: string;
  output: string;
  /** The processes running the hops (this one, or one per hop). */
  pids: number[];
  /** Stops the hops and deletes the relay's topics. */
  stop(): Promise<void>;
}

const BATCH = 500;
const PARTITIONS = 3;
const RUN_HEADER = 'x-throughput-run';
/** When an open-loop message was due to be sent (epoch ms), so its reader can time it. */
const DUE_AT_HEADER = 'x-throughput-due-at';

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
    return { pids: [process.pid], stop: async () => void (await Promise.all(stages.map((stage) => stage.stop().catch(() => undefined)))) };
  };
}

/**
 * Starts the relay that shows what the delivery guarantee alone costs: `hops`
 * TransactionalStages, each forwarding every message unchanged to the next
 * topic with its exactly-once commit, no other work. By default they run in
 * this process; `runHops` can place them elsewhere (one process per hop, as
 * the pipeline's services are). One pass of up to 500 messages goes through
 * before it returns, so group joins are not counted by what is timed next.
 */
export async function startRelay(kafka: Kafka, options: { hops?: number; replicationFactor?: number; logger: Logger; runHops?: RelayHopRunner }): Promise<Relay> {
  const prefix = `switchyard-bench-relay-${randomUUID().slice(0, 8)}`;
  const topics = Array.from({ length: (options.hops ?? 4) + 1 }, (_, i) => `${prefix}-${i}`);
  const dlqTopic = `${prefix}-dlq`;
  await ensureTopics(kafka, [...topics, dlqTopic].map((topic) => ({ topic, partitions: PARTITIONS, replicationFactor: options.replicationFactor ?? 1 })));
  const hops = topics.slice(0, -1).map((from, i) => ({ from, to: topics[i + 1], dlqTopic }));
  const running = await (options.runHops ?? inProcessHops(kafka, options.logger))(hops);
  const relay = {
    input: topics[0],
    output: topics[topics.length - 1],
    pids: running.pids,
    stop: async () => {
      await running.stop();
      await deleteThrowaway(kafka, [...topics, dlqTopic]);
    },
  };
  try {
    await timeFlow(kafka, relay.input, relay.output, BATCH, 200);
  } catch (err) {
    await relay.stop();
    throw err;
  }
  return relay;
}

/**
 * Sends `count` messages of `bytes` bytes into `input` at `ratePerSecond` on a schedule (open loop,
 * through a transactional publisher as jobs are sent) and returns each one's latency in ms, from when
 * it was due to be sent to when a read_committed reader saw it on `output`, sorted.
 */
export async function openLoopLatencies(kafka: Kafka, input: string, output: string, count: number, ratePerSecond: number, bytes: number): Promise<number[]> {
  const run = randomUUID();
  const publisher = new RecordPublisher(kafka, `throughput-${run.slice(0, 8)}`);
  const latencies: number[] = [];
  const reader = await readRun(kafka, output, run, count, (dueAt) => latencies.push(Date.now() - Number(dueAt)));
  try {
    await publisher.connect();
    const value = Buffer.alloc(bytes, 120);
    await sendOnSchedule(count, ratePerSecond, (first, dueAtMs) =>
      publisher.publish(dueAtMs.map((due, j) => ({ topic: input, key: String(first + j), value, headers: { [RUN_HEADER]: run, [DUE_AT_HEADER]: String(due) } }))),
    );
    await reader.allRead;
    return latencies.sort((a, b) => a - b);
  } finally {
    await Promise.all([publisher.close(), reader.close()]);
  }
}

/** Sends `count` messages into `input` and times until a read_committed reader has seen all of this run's messages on `output`. */
export async function timeFlow(kafka: Kafka, input: string, output: string, count: number, bytes: number): Promise<FlowThroughput> {
  const run = randomUUID();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const reader = await readRun(kafka, output, run, count, () => undefined);
  try {
    await producer.connect();
    const value = Buffer.alloc(bytes, 120);
    const headers = { [RUN_HEADER]: run };
    const started = process.hrtime.bigint();
    for (let i = 0; i < count; i += BATCH) {
      const n = Math.min(BATCH, count - i);
      await producer.send({ topic: input, acks: -1, messages: Array.from({ length: n }, (_, j) => ({ key: String(i + j), value, headers })) });
    }
    await reader.allRead;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { messages: count, seconds, messagesPerSecond: count / seconds };
  } finally {
    await Promise.all([producer.disconnect(), reader.close()]);
  }
}

/**
 * A read_committed reader of `output` that counts the messages of run `run`, handing each one's
 * due-at header (if any) to `onMessage`; `allRead` resolves once `count` of them have been read.
 * It returns once the reader has joined its group, so the join (seconds, with the broker's initial
 * rebalance delay) is never part of what is timed.
 */
async function readRun(kafka: Kafka, output: string, run: string, count: number, onMessage: (dueAt: string | undefined) => void): Promise<{ allRead: Promise<void>; close(): Promise<void> }> {
  const consumer = kafka.consumer({ groupId: `${output}-reader-${run.slice(0, 8)}` });
  let received = 0;
  let finish: () => void = () => undefined;
  const allRead = new Promise<void>((resolve) => (finish = resolve));
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: output, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          if (message.headers?.[RUN_HEADER]?.toString() !== run) continue;
          received += 1;
          onMessage(message.headers[DUE_AT_HEADER]?.toString());
        }
        if (received >= count) finish();
      },
    });
    await joined;
  } catch (err) {
    await consumer.disconnect();
    throw err;
  }
  return { allRead, close: () => consumer.disconnect() };
}
