import type { Admin, Kafka } from 'kafkajs';

export interface TopicLag {
  topic: string;
  /** Records between the group's committed offset and the end of the log, summed over partitions. */
  lag: number;
}

/**
 * How far a consumer group is behind, per topic, read with one admin client.
 * On transactional topics the end of the log includes the last commit
 * marker, so a group that has consumed everything shows up to one record per
 * partition written in a transaction.
 */
export class ConsumerLagReader {
  private readonly admin: Admin;
  private connected?: Promise<void>;

  constructor(kafka: Kafka) {
    this.admin = kafka.admin();
  }

  async lag(groupId: string, topics: string[]): Promise<TopicLag[]> {
    this.connected ??= this.admin.connect().catch((err: unknown) => {
      this.connected = undefined;
      throw err;
    });
    await this.connected;
    const committed = await this.admin.fetchOffsets({ groupId, topics });
    return Promise.all(
      committed.map(async ({ topic, partitions }) => {
        const ends = await this.admin.fetchTopicOffsets(topic);
        let lag = 0;
        for (const end of ends) {
          const offset = Number(partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
          // No committed offset yet: the group will start from the beginning of what is retained.
          lag += Number(end.high) - (offset >= 0 ? offset : Number(end.low));
        }
        return { topic, lag };
      }),
    );
  }

  async close(): Promise<void> {
    if (this.connected) await this.admin.disconnect();
  }
}
