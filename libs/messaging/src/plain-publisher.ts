import type { Kafka, Producer } from 'kafkajs';
import { groupByTopic, type OutboundRecord } from './records';

/**
 * Sends records the way most producers outside this project do (a Python or
 * Go service, kcat): no transaction, no idempotence, retries on error, so a
 * retried send can store a record twice. The chaos harness sends jobs with it
 * to show that ingestion's dedupe by job id absorbs that. Not a way to publish
 * jobs from this project: kafkajs's plain send can also resolve for records
 * that never landed when a leader dies (DESIGN.md, kafkajs issue #1303).
 */
export class PlainPublisher {
  private readonly producer: Producer;
  private connected = false;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({ idempotent: false, maxInFlightRequests: 5, retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 10 } });
  }

  async connect(): Promise<void> {
    if (!this.connected) await this.producer.connect();
    this.connected = true;
  }

  async publish(records: OutboundRecord[]): Promise<void> {
    await this.connect();
    await this.producer.sendBatch({ acks: -1, topicMessages: groupByTopic(records) });
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}
