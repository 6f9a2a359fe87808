import { Partitioners, type Admin, type PartitionMetadata, type Transaction } from 'kafkajs';
import type { OutboundRecord } from './records';
import { DEFAULT_MAX_MESSAGE_BYTES, splitIntoBatches } from './record-size';

/**
 * Writes records inside a transaction one topic-partition at a time.
 *
 * kafkajs's send() sends to every leader at once and, when one of them fails,
 * retries the whole call while another leader's request may still be in
 * flight; the retry gives that leader's records new sequence numbers, so they
 * are written twice inside the same transaction — measured here on a
 * three-broker cluster (110 duplicates of 3,000 jobs with no fault at all,
 * triggered by CONCURRENT_TRANSACTIONS). With one partition per call nothing
 * else is in flight when a call is retried, and a retried batch keeps its
 * sequence number, so the broker drops a copy it already has.
 *
 * A send of several partitions also loses records: kafkajs's retry skips
 * every broker that has answered, so a partition whose leader moved to such a
 * broker (NOT_LEADER from the old one) is never sent, and the send resolves.
 * Seen when sends were grouped by leader (c3dad4d, reverted): 384 of 20,000
 * results never written after a broker paused for 35 s, with every input
 * offset committed; reproduced against kafkajs with two brokers in memory
 * (kafkajs-multi-leader-send.spec.ts).
 *
 * kafkajs also puts all of a send's records for a partition into one record
 * batch, and the broker bounds a batch by `message.max.bytes`: two 600 kB
 * jobs for one partition would fail the transaction on every replay. So a
 * partition's records go out in as many sends as keep each batch in bounds.
 */
export class TransactionWriter {
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private readonly metadata = new Map<string, Promise<PartitionMetadata[]>>();

  constructor(
    private readonly admin: Admin,
    private readonly maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
  ) {}

  async write(transaction: Transaction, records: OutboundRecord[]): Promise<void> {
    const byPartition = new Map<string, { topic: string; partition: number; records: OutboundRecord[] }>();
    for (const record of records) {
      const partition = await this.partitionOf(record);
      const key = `${record.topic}\u0000${partition}`;
      let group = byPartition.get(key);
      if (!group) byPartition.set(key, (group = { topic: record.topic, partition, records: [] }));
      group.records.push(record);
    }
    for (const { topic, partition, records: group } of byPartition.values()) {
      for (const batch of splitIntoBatches(group, this.maxMessageBytes)) {
        await transaction.send({ topic, acks: -1, messages: batch.map((r) => ({ key: r.key, value: r.value, headers: r.headers, partition })) });
      }
    }
  }

  /** The partition kafkajs's default (Java-compatible murmur2) partitioner picks for the partition key, else the key. */
  private async partitionOf(record: OutboundRecord): Promise<number> {
    let metadata = this.metadata.get(record.topic);
    if (!metadata) {
      metadata = this.admin.fetchTopicMetadata({ topics: [record.topic] }).then(({ topics }) => topics[0].partitions);
      this.metadata.set(record.topic, metadata);
      metadata.catch(() => this.metadata.delete(record.topic));
    }
    const partitionMetadata = await metadata;
    return this.partitioner({ topic: record.topic, partitionMetadata, message: { key: record.partitionKey ?? record.key, value: record.value } });
  }
}
