import { Partitioners, type Admin, type PartitionMetadata, type Transaction } from 'kafkajs';
import type { OutboundRecord } from './records';
import { DEFAULT_MAX_MESSAGE_BYTES, splitIntoBatches } from './record-size';

/** How long a topic's partitions and their leaders are used before they are fetched again. */
const METADATA_MAX_AGE_MS = 30_000;

/**
 * Writes records inside a transaction: each leader's partitions in one send (one
 * AddPartitionsToTxn and one Produce request), one leader after another.
 *
 * kafkajs's send() sends to every leader at once, and its transaction coordinator
 * answers CONCURRENT_TRANSACTIONS to the second of two AddPartitionsToTxn in flight
 * for one transaction; unpatched, kafkajs then retried while the other leader's
 * request was still in flight and wrote its records twice (110 duplicates of 3,000
 * jobs on a three-broker cluster with no fault). The kafkajs patch makes a retry wait
 * for every request (patches/README.md); sending to one leader at a time keeps the
 * coordinator from refusing in the first place. Leaders come from metadata at most
 * `METADATA_MAX_AGE_MS` old, forgotten after a failed write: when a leader moved,
 * kafkajs still sends each partition to its real leader, so a stale map costs
 * requests, never records. Before, every partition had its own send, two round trips
 * each: nine for a router chunk that reaches three pools of three partitions.
 *
 * kafkajs also puts all of a send's records for a partition into one record
 * batch, and the broker bounds a batch by `message.max.bytes`: two 600 kB
 * jobs for one partition would fail the transaction on every replay. So a
 * partition's records are split into batches that keep in bounds, and a leader
 * gets as many sends as its fullest partition has batches.
 */
export class TransactionWriter {
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private readonly metadata = new Map<string, { fetchedAt: number; partitions: Promise<PartitionMetadata[]> }>();

  constructor(
    private readonly admin: Admin,
    private readonly maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
    private readonly now: () => number = Date.now,
  ) {}

  async write(transaction: Transaction, records: OutboundRecord[]): Promise<void> {
    try {
      for (const partitions of (await this.byLeader(records)).values()) {
        const batched = [...partitions.values()].map(({ topic, partition, records: group }) => ({ topic, partition, batches: splitIntoBatches(group, this.maxMessageBytes) }));
        const rounds = Math.max(...batched.map(({ batches }) => batches.length));
        for (let round = 0; round < rounds; round++) {
          const topicMessages = batched
            .filter(({ batches }) => round < batches.length)
            .map(({ topic, partition, batches }) => ({ topic, messages: batches[round].map((r) => ({ key: r.key, value: r.value, headers: r.headers, partition })) }));
          await transaction.sendBatch({ acks: -1, topicMessages });
        }
      }
    } catch (err) {
      this.metadata.clear();
      throw err;
    }
  }

  /** Records grouped by their partition's leader, then by topic-partition, in order. */
  private async byLeader(records: OutboundRecord[]): Promise<Map<number, Map<string, { topic: string; partition: number; records: OutboundRecord[] }>>> {
    const leaders = new Map<number, Map<string, { topic: string; partition: number; records: OutboundRecord[] }>>();
    for (const record of records) {
      const { partition, leader } = await this.placementOf(record);
      let partitions = leaders.get(leader);
      if (!partitions) leaders.set(leader, (partitions = new Map()));
      const key = `${record.topic}\u0000${partition}`;
      let group = partitions.get(key);
      if (!group) partitions.set(key, (group = { topic: record.topic, partition, records: [] }));
      group.records.push(record);
    }
    return leaders;
  }

  /** The partition kafkajs's default (Java-compatible murmur2) partitioner picks for the partition key, else the key, and its leader. */
  private async placementOf(record: OutboundRecord): Promise<{ partition: number; leader: number }> {
    let cached = this.metadata.get(record.topic);
    if (!cached || this.now() - cached.fetchedAt > METADATA_MAX_AGE_MS) {
      const partitions = this.admin.fetchTopicMetadata({ topics: [record.topic] }).then(({ topics }) => topics[0].partitions);
      cached = { fetchedAt: this.now(), partitions };
      this.metadata.set(record.topic, cached);
      partitions.catch(() => this.metadata.delete(record.topic));
    }
    const partitionMetadata = await cached.partitions;
    const partition = this.partitioner({ topic: record.topic, partitionMetadata, message: { key: record.partitionKey ?? record.key, value: record.value } });
    return { partition, leader: partitionMetadata.find((p) => p.partitionId === partition)?.leader ?? -1 };
  }
}
