import { randomUUID } from 'node:crypto';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { OutboundRecord } from './records';
import { TransactionWriter } from './transaction-writer';

/**
 * Publishes records with one transaction per call: either every record of the
 * call is stored or the call throws. For producers of jobs (users, the demo,
 * benchmarks) where a plain send()'s acknowledgement cannot be trusted.
 */
export class RecordPublisher {
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly writer: TransactionWriter;
  private connected = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(kafka: Kafka, name = 'publisher') {
    this.producer = kafka.producer({
      transactionalId: `${name}-${randomUUID()}`,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 30_000,
      retry: { initialRetryTime: 10, maxRetryTime: 1_000, retries: 30 },
    });
    this.admin = kafka.admin();
    this.writer = new TransactionWriter(this.admin);
  }

  async connect(): Promise<void> {
    if (!this.connected) await Promise.all([this.producer.connect(), this.admin.connect()]);
    this.connected = true;
  }

  /** Resolves once the records are committed; calls are serialised (one transaction at a time). */
  publish(records: OutboundRecord[]): Promise<void> {
    const run = this.queue.then(() => this.publishNow(records));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async publishNow(records: OutboundRecord[]): Promise<void> {
    await this.connect();
    const transaction = await this.producer.transaction();
    try {
      await this.writer.write(transaction, records);
      await transaction.commit();
    } catch (err) {
      await transaction.abort().catch(() => undefined);
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.queue;
    await this.producer.disconnect();
    await this.admin.disconnect();
  }
}
