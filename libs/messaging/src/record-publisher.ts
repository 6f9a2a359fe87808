import { randomUUID } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import type { OutboundRecord } from './records';
import { TransactionalProducer } from './transactional-producer';
import { TransactionWriter } from './transaction-writer';

export interface RecordPublisherOptions {
  /** How long a transaction may stay open before the coordinator aborts it. @default 30000 */
  transactionTimeoutMs?: number;
}

/**
 * Publishes records with one transaction per call: either every record of the
 * call is stored or the call throws, and a call that threw may simply be made
 * again. For producers of jobs (users, the demo, benchmarks) where a plain
 * send()'s acknowledgement cannot be trusted.
 *
 * A call that fails because the producer can no longer commit (its
 * transaction expired while a broker was paused, it was fenced, kafkajs is
 * stuck in COMMITTING) replaces the producer, so the retry goes through
 * (transactional-producer.ts). A commit that failed ambiguously may still
 * have stored the records; a retry then stores them twice, which ingestion's
 * dedupe by job id absorbs.
 */
export class RecordPublisher {
  private readonly producer: TransactionalProducer;
  private readonly admin: Admin;
  private readonly writer: TransactionWriter;
  private adminConnected = false;
  private queue: Promise<unknown> = Promise.resolve();

  /** `name` prefixes the transactional id; a random suffix keeps two publishers apart. */
  constructor(kafka: Kafka, name = 'publisher', options: RecordPublisherOptions = {}) {
    this.producer = new TransactionalProducer(kafka, {
      transactionalId: `${name}-${randomUUID()}`,
      transactionTimeoutMs: options.transactionTimeoutMs,
    });
    this.admin = kafka.admin();
    this.writer = new TransactionWriter(this.admin);
  }

  /** Connects and initialises the producer now rather than on the first call. */
  async connect(): Promise<void> {
    await this.connectAdmin();
    await this.producer.fence();
  }

  /** Resolves once the records are committed; calls are serialised (one transaction at a time). */
  publish(records: OutboundRecord[]): Promise<void> {
    const run = this.queue.then(() => this.publishNow(records));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async publishNow(records: OutboundRecord[]): Promise<void> {
    await this.connectAdmin();
    await this.producer.transact((transaction) => this.writer.write(transaction, records));
  }

  private async connectAdmin(): Promise<void> {
    if (!this.adminConnected) await this.admin.connect();
    this.adminConnected = true;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.producer.close();
    await this.admin.disconnect();
  }
}
