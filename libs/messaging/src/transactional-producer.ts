import type { Kafka, Producer, Transaction } from 'kafkajs';
import { isFatalToProducer } from './producer-faults';

/** How long the coordinator lets a transaction stay open, unless told otherwise; a broker paused longer expires it. */
export const DEFAULT_TRANSACTION_TIMEOUT_MS = 30_000;

export interface TransactionalProducerOptions {
  transactionalId: string;
  /** How long the coordinator lets a transaction stay open before it aborts it and fences this producer. @default DEFAULT_TRANSACTION_TIMEOUT_MS */
  transactionTimeoutMs?: number;
}

/**
 * A kafkajs transactional producer under one fixed transactional id that
 * replaces itself when it can no longer commit: after an error that
 * producer-faults.ts calls fatal, or an abort that failed (kafkajs's state
 * machine is then stuck). The replacement starts under the same id, so its
 * initialisation aborts what the old one left open and fences it; the
 * caller's next transaction goes through.
 */
export class TransactionalProducer {
  private producer: Producer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: TransactionalProducerOptions,
  ) {}

  get transactionalId(): string {
    return this.options.transactionalId;
  }

  /**
   * Initialises the producer id now, which aborts a transaction an earlier
   * producer with this id left open and fences that producer.
   */
  async fence(): Promise<void> {
    await this.transact(async () => undefined);
  }

  /** Runs `work` inside one transaction and commits it; on failure aborts it and rethrows. */
  async transact(work: (transaction: Transaction) => Promise<void>): Promise<void> {
    const producer = await this.connected();
    let transaction: Transaction;
    try {
      transaction = await producer.transaction();
    } catch (err) {
      if (isFatalToProducer(err)) this.discard(producer);
      throw err;
    }
    try {
      await work(transaction);
      await transaction.commit();
    } catch (err) {
      const aborted = await transaction.abort().then(
        () => true,
        () => false,
      );
      if (!aborted || isFatalToProducer(err)) this.discard(producer);
      throw err;
    }
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect();
  }

  private async connected(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.kafka.producer({
      transactionalId: this.options.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: this.options.transactionTimeoutMs ?? DEFAULT_TRANSACTION_TIMEOUT_MS,
      // Short first retry: the next transaction often waits out CONCURRENT_TRANSACTIONS on the last commit (DESIGN.md).
      retry: { initialRetryTime: 10, maxRetryTime: 1_000, retries: 30 },
    });
    await producer.connect().catch(async (err: unknown) => {
      await producer.disconnect().catch(() => undefined);
      throw err;
    });
    this.producer = producer;
    return producer;
  }

  /** The next transaction starts on a new producer; the old one is only disconnected (the new one's init fences it). */
  private discard(producer: Producer): void {
    if (this.producer === producer) this.producer = undefined;
    producer.disconnect().catch(() => undefined);
  }
}
