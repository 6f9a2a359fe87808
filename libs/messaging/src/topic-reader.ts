import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { normalizeHeaders, type HeaderMap } from './headers';

export interface ReadRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: HeaderMap;
  value: Buffer;
  /** Unix ms when this reader received it. */
  receivedAt: number;
}

/**
 * An independent read_committed reader with a throwaway group, used to count
 * what the pipeline really published (tests, demo, chaos harness), never
 * trusting the services' own counters.
 */
export class TopicReader {
  private readonly consumer: Consumer;
  readonly records: ReadRecord[] = [];
  /**
   * topic/partition/offset of every record kept. The reader commits nothing,
   * so after a rebalance kafkajs fetches from the start again; a record read
   * twice is one record, not a duplicate the pipeline wrote.
   */
  private readonly seen = new Set<string>();
  private lastArrival = Date.now();

  constructor(
    kafka: Kafka,
    private readonly topics: string[],
  ) {
    this.consumer = kafka.consumer({ groupId: `switchyard-reader-${randomUUID()}`, readUncommitted: false, sessionTimeout: 30_000 });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    for (const topic of this.topics) await this.consumer.subscribe({ topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const receivedAt = Date.now();
        for (const m of batch.messages) {
          const position = `${batch.topic}\u0000${batch.partition}\u0000${m.offset}`;
          if (this.seen.has(position)) continue;
          this.seen.add(position);
          this.records.push({
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key ? m.key.toString('utf8') : null,
            headers: normalizeHeaders(m.headers as Record<string, unknown>),
            value: m.value ?? Buffer.alloc(0),
            receivedAt,
          });
        }
        if (batch.messages.length > 0) this.lastArrival = Date.now();
      },
    });
  }

  /** Milliseconds since the last record arrived. */
  idleFor(): number {
    return Date.now() - this.lastArrival;
  }

  /** Resolves when `done(records)` holds, or rejects after `timeoutMs` naming what it saw. */
  async waitUntil(done: (records: ReadRecord[]) => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.records)) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms with ${this.records.length} records on ${this.topics.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    await this.consumer.disconnect();
  }
}
