import type { Admin, Consumer, Kafka, KafkaMessage, Producer, Transaction } from 'kafkajs';
import type { Logger } from '@switchyard/telemetry';
import { deadLetterRecord, errorCode, errorJobId } from './dead-letter';
import { HEADERS, normalizeHeaders, type HeaderMap } from './headers';
import { groupByTopic, type InboundMessage, type OutboundRecord } from './records';
import { ChunkSizes } from './chunk-sizes';
import { StableOffsetFetcher } from './stable-offset-fetch';
import { TransactionalProducer } from './transactional-producer';
import { TransactionWriter } from './transaction-writer';
import { extractTraceContext } from './trace-propagation';

/**
 * Consume → process → produce with exactly-once effect on Kafka-to-Kafka hops.
 *
 * Each consumed chunk's outputs and its next offset are committed in ONE
 * transaction, so outputs are visible to read_committed readers iff the
 * input is marked consumed. kafkajs's plain send() was measured resolving for
 * records that never landed when a leader died (DESIGN.md); a transaction's
 * commit fails instead, and we replay the chunk.
 *
 * Zombie fencing follows Kafka's original EOS design (KIP-98): one
 * transactional id per input partition. Whoever processes a partition first
 * initialises that id (which aborts and fences an earlier owner's open
 * transaction), then re-reads the committed offset and skips what the earlier
 * owner already committed. kafkajs cannot attach consumer-group generation to
 * its offset commits (KIP-447), so this is the fence that holds with it; the
 * re-read is KIP-447's stable read (stable-offset-fetch.ts).
 */
export interface StageOptions<T> {
  kafka: Kafka;
  /** Names the stage in logs, DLQ headers and transactional ids. */
  name: string;
  groupId: string;
  topics: string[];
  dlqTopic: string;
  /** Decodes and validates one message (its headers say how it is encoded); throwing sends it to the DLQ with the error. */
  decode(value: Buffer, headers: HeaderMap): T;
  /** Turns a chunk of valid messages into records to publish; throwing retries the chunk. */
  process(messages: InboundMessage<T>[]): Promise<OutboundRecord[]>;
  logger: Logger;
  sessionTimeoutMs: number;
  /** Largest chunk committed in one transaction. @default 500 (or the minimum, if larger) */
  maxMessagesPerTransaction?: number;
  /** Smallest chunk, and the first one (e.g. a few rounds of a worker's concurrency). @default 100 (or the maximum, if smaller) */
  minMessagesPerTransaction?: number;
  /**
   * Processing time one chunk should take. Chunks start at the minimum and
   * double while a chunk takes under half of this, halve when one takes
   * longer, so fast work is committed in few large transactions and slow work
   * (model calls) in small ones that are cheap to replay after a crash.
   * @default 200
   */
  chunkTargetMs?: number;
  /** Partitions processed at once by this member. @default 3 */
  partitionsConcurrently?: number;
  /** Prefix of the per-partition transactional ids. @default groupId */
  transactionalIdPrefix?: string;
  /** Consumer fetch size cap; small values keep chunks (and replays) small. @default 1 MiB */
  maxBytesPerPartition?: number;
  /**
   * "exactly-once" (default): outputs and offsets in one transaction.
   * "at-least-once": plain idempotent send, then an offset commit — faster,
   * but a crash between the two replays the chunk and a lost send is not
   * noticed; kept only to measure what the guarantee costs.
   */
  delivery?: 'exactly-once' | 'at-least-once';
  /** The broker's `message.max.bytes`: batches are split to fit it, and a dead letter is cut to fit it. @default 1048588 */
  maxMessageBytes?: number;
  /** Told after each committed chunk (metrics: hop latency, dead letters), never for one that will be replayed; must not throw. */
  onCommitted?(chunk: CommittedChunk): void;
}

/** What one committed transaction consumed and published. */
export interface CommittedChunk {
  topic: string;
  /** Kafka timestamps (Unix ms) of the consumed records: when each was written to `topic`. */
  writtenUnixMs: number[];
  /** Every record published with it, dead letters included. */
  published: OutboundRecord[];
}

const HEARTBEAT_EVERY_MS = 1_000;
const MAX_BACKOFF_MS = 5_000;
/** kafkajs does not retry AddOffsetsToTxn; the coordinator answers this until the previous commit's markers are written. */
const OFFSETS_RETRY_DELAY_MS = 5;
const OFFSETS_RETRIES = 200;

export class TransactionalStage<T> {
  private readonly consumer: Consumer;
  private readonly admin: Admin;
  private readonly producers = new Map<string, Promise<TransactionalProducer>>();
  /**
   * Per partition, the offset below which its input is already published:
   * read from the group right after fencing the previous owner, then advanced
   * by each of our commits. After every rebalance kafkajs restarts from the
   * group's offset with a plain read, which right after a commit (for seconds
   * after a broker restart) still answers the offset before it; without this
   * floor the chunk just committed would be published again by the same,
   * unfenced producer. It outlives the partition's producer: a replacement
   * (after a failed transaction) takes the higher of it and the offset read
   * again, so the floor never moves back.
   */
  private readonly floors = new Map<string, bigint>();
  private readonly plainProducer?: Producer;
  private readonly writer: TransactionWriter;
  private readonly offsets: StableOffsetFetcher;
  private readonly chunkSizes: ChunkSizes;
  private failures = 0;
  private started = false;
  private healthy = false;

  constructor(private readonly options: StageOptions<T>) {
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs,
      heartbeatInterval: Math.max(500, Math.floor(options.sessionTimeoutMs / 5)),
      readUncommitted: false,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
      retry: { retries: 50, initialRetryTime: 100, maxRetryTime: 2_000 },
    });
    const maxChunk = options.maxMessagesPerTransaction ?? Math.max(500, options.minMessagesPerTransaction ?? 0);
    this.chunkSizes = new ChunkSizes(options.minMessagesPerTransaction ?? Math.min(100, maxChunk), maxChunk, options.chunkTargetMs ?? 200);
    this.admin = options.kafka.admin();
    this.writer = new TransactionWriter(this.admin, options.maxMessageBytes);
    this.offsets = new StableOffsetFetcher(options.kafka);
    if (options.delivery === 'at-least-once') this.plainProducer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.healthy = false;
      options.logger.error({ err: payload.error, restart: payload.restart }, 'consumer crashed');
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      this.healthy = true;
      options.logger.info({ assignment: payload.memberAssignment }, 'joined consumer group');
    });
  }

  /** True while the consumer is in its group and the last transaction did not fail. */
  isReady(): boolean {
    return this.started && this.healthy && this.failures === 0;
  }

  async start(): Promise<void> {
    await this.admin.connect();
    await this.plainProducer?.connect();
    await this.consumer.connect();
    for (const topic of this.options.topics) await this.consumer.subscribe({ topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 3,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.started = true;
  }

  /** Stops fetching, lets the chunk in flight finish and commit, then disconnects. */
  async stop(): Promise<void> {
    this.started = false;
    await this.consumer.disconnect();
    const producers = await Promise.allSettled(this.producers.values());
    for (const entry of producers) if (entry.status === 'fulfilled') await entry.value.close().catch(() => undefined);
    await this.plainProducer?.disconnect().catch(() => undefined);
    await this.offsets.close().catch(() => undefined);
    await this.admin.disconnect();
  }

  private async handleBatch(payload: Parameters<NonNullable<Parameters<Consumer['run']>[0]>['eachBatch'] & {}>[0]): Promise<void> {
    const { batch, heartbeat, resolveOffset, isRunning, isStale } = payload;
    const { topic, partition } = batch;
    const sizeKey = `${topic}:${partition}`;
    try {
      if (!this.plainProducer) await this.producerFor(topic, partition);
    } catch (err) {
      await this.backOff(topic, partition, batch.messages[0]?.offset, err, 'cannot initialise the partition producer');
      return;
    }
    const floor = this.floors.get(sizeKey) ?? -1n;
    const messages = batch.messages.filter((m) => BigInt(m.offset) >= floor);
    // Offsets only grow within a batch, so what is skipped is its head; resolving it moves the fetch past.
    const skipped = batch.messages.length - messages.length;
    if (skipped > 0) resolveOffset(batch.messages[skipped - 1].offset);
    for (let i = 0; i < messages.length; ) {
      if (!isRunning() || isStale()) return;
      const chunk = messages.slice(i, i + this.chunkSizes.next(sizeKey));
      i += chunk.length;
      const keepAlive = setInterval(() => heartbeat().catch(() => undefined), HEARTBEAT_EVERY_MS);
      try {
        const started = performance.now();
        const outputs = await this.processChunk(topic, partition, chunk);
        this.chunkSizes.record(sizeKey, chunk.length, performance.now() - started);
        const next = (BigInt(chunk[chunk.length - 1].offset) + 1n).toString();
        await this.commit(topic, partition, outputs, next);
        if (!this.plainProducer) this.floors.set(sizeKey, BigInt(next));
        resolveOffset(chunk[chunk.length - 1].offset);
        this.failures = 0;
        this.options.onCommitted?.({ topic, writtenUnixMs: chunk.map((m) => Number(m.timestamp)), published: outputs });
      } catch (err) {
        await this.backOff(topic, partition, chunk[0].offset, err, 'chunk failed; it will be replayed');
        return;
      } finally {
        clearInterval(keepAlive);
      }
    }
  }

  private async processChunk(topic: string, partition: number, chunk: KafkaMessage[]): Promise<OutboundRecord[]> {
    const valid: InboundMessage<T>[] = [];
    const deadLetters: OutboundRecord[] = [];
    for (const message of chunk) {
      const headers = normalizeHeaders(message.headers as Record<string, unknown>);
      const key = message.key ? message.key.toString('utf8') : null;
      const value = message.value ?? Buffer.alloc(0);
      try {
        valid.push({ topic, partition, offset: message.offset, key, headers, value: this.options.decode(value, headers), traceContext: extractTraceContext(headers) });
      } catch (err) {
        const code = errorCode(err);
        this.options.logger.warn({ jobId: headers[HEADERS.jobId] ?? errorJobId(err), stage: this.options.name, code, topic, partition, offset: message.offset, err: (err as Error).message }, 'invalid message sent to the DLQ');
        deadLetters.push(deadLetterRecord(this.options.dlqTopic, { topic, partition, offset: message.offset, key, headers }, value, this.options.name, err, this.options.maxMessageBytes));
      }
    }
    const outputs = valid.length > 0 ? await this.options.process(valid) : [];
    return [...outputs, ...deadLetters];
  }

  private async commit(topic: string, partition: number, outputs: OutboundRecord[], nextOffset: string): Promise<void> {
    if (this.plainProducer && outputs.length > 0) await this.plainProducer.sendBatch({ acks: -1, topicMessages: groupByTopic(outputs) });
    // With nothing to publish atomically with the offset (at-least-once mode has sent it already), a
    // plain commit does: the group coordinator refuses it from a member of an older generation (a
    // zombie), and a transaction costs the broker four requests or more (AddOffsetsToTxn,
    // TxnOffsetCommit, EndTxn, its markers) where this is one. A scorer's chunk is always this case;
    // its Redis writes are idempotent.
    if (this.plainProducer || outputs.length === 0) {
      await this.consumer.commitOffsets([{ topic, partition, offset: nextOffset }]);
      return;
    }
    const producer = await this.producerFor(topic, partition);
    await producer.transact(async (transaction) => {
      // Offsets first: right after the previous commit the coordinator answers
      // CONCURRENT_TRANSACTIONS until its markers are written, and this call
      // waits that out before any record is sent.
      await sendOffsetsOnceReady(transaction, { consumerGroupId: this.options.groupId, topics: [{ topic, partitions: [{ partition, offset: nextOffset }] }] });
      await this.writer.write(transaction, outputs);
    });
  }

  /**
   * One producer per input partition, created on first use: creating it
   * fences the partition's previous owner, then reads the offset that owner
   * committed so its already-published work is skipped, not redone.
   */
  private producerFor(topic: string, partition: number): Promise<TransactionalProducer> {
    const key = `${topic}:${partition}`;
    let entry = this.producers.get(key);
    if (!entry) {
      entry = this.createProducer(topic, partition);
      this.producers.set(key, entry);
      entry.catch(() => this.producers.delete(key));
    }
    return entry;
  }

  private async createProducer(topic: string, partition: number): Promise<TransactionalProducer> {
    const producer = new TransactionalProducer(this.options.kafka, {
      transactionalId: `${this.options.transactionalIdPrefix ?? this.options.groupId}.${topic}.${partition}`,
    });
    try {
      await producer.fence();
      const committed = await this.stableCommittedOffset(topic, partition);
      const key = `${topic}:${partition}`;
      const floor = this.floors.get(key) ?? -1n;
      this.floors.set(key, committed > floor ? committed : floor);
      return producer;
    } catch (err) {
      await producer.close().catch(() => undefined);
      throw err;
    }
  }

  /**
   * The group's committed offset for the partition, once no transaction is
   * still applying one. Fencing waits for the previous owner's last commit to
   * complete, but the group coordinator applies a committed transaction's
   * offsets a moment after its markers are written (later still after a
   * broker restart); a plain read in that moment returns the previous offset
   * (stable-offset-fetch.int.spec.ts shows it), and the chunk the previous
   * owner just committed would be published twice.
   */
  private async stableCommittedOffset(topic: string, partition: number): Promise<bigint> {
    const offsets = await this.offsets.committedOffsets(this.options.groupId, topic, [partition]);
    return BigInt(offsets.get(partition) ?? '-1');
  }

  /**
   * Drops the partition's producer after any failure, not only one that
   * producer-faults.ts calls fatal: a commit that failed may still have been
   * applied, and only a new producer's fence followed by a stable read of the
   * group's offset tells which. Then rewinds to the first unpublished message,
   * waits, and lets the consumer refetch.
   */
  private async backOff(topic: string, partition: number, offset: string | undefined, err: unknown, what: string): Promise<void> {
    this.failures += 1;
    const key = `${topic}:${partition}`;
    const entry = this.producers.get(key);
    this.producers.delete(key);
    entry?.then((p) => p.close()).catch(() => undefined);
    const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(this.failures, 6));
    this.options.logger.warn({ topic, partition, offset, err: (err as Error)?.message ?? String(err), retryInMs: delay }, what);
    if (offset !== undefined) this.consumer.seek({ topic, partition, offset });
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Transaction.sendOffsets, retrying only CONCURRENT_TRANSACTIONS (the previous commit still finishing) at a short interval. */
async function sendOffsetsOnceReady(transaction: Transaction, offsets: Parameters<Transaction['sendOffsets']>[0]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await transaction.sendOffsets(offsets);
    } catch (err) {
      if ((err as { type?: string }).type !== 'CONCURRENT_TRANSACTIONS' || attempt >= OFFSETS_RETRIES) throw err;
      await new Promise((resolve) => setTimeout(resolve, OFFSETS_RETRY_DELAY_MS));
    }
  }
}
