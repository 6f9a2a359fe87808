import { HEADERS, type CommittedChunk, type ConsumerLagReader } from '@switchyard/messaging';
import type { ConsumerLag, ServiceMetrics } from '@switchyard/telemetry';

/** A stage's consumer group and the topics it reads, for its lag. */
export interface ConsumedTopics {
  groupId: string;
  topics: string[];
}

/** Hop latency and dead letters of each committed chunk: counted once, never for a replayed chunk. */
export function recordCommittedChunks(metrics: ServiceMetrics, stage: string, dlqTopic: string): (chunk: CommittedChunk) => void {
  return (chunk) => {
    metrics.hopCommitted(stage, chunk.topic, chunk.writtenUnixMs);
    for (const record of chunk.published) {
      if (record.topic === dlqTopic) metrics.deadLettered(stage, record.headers[HEADERS.dlqErrorCode] ?? 'ERROR');
    }
  };
}

/**
 * The lag of every stage this service started, asked of Kafka when metrics
 * are collected. While Kafka cannot answer, no lag is reported (a gap in the
 * graph, not a zero) and the failure is the caller's to log.
 */
export function consumerLagOf(reader: ConsumerLagReader, consumed: readonly ConsumedTopics[], onError: (err: unknown) => void): () => Promise<ConsumerLag[]> {
  return async () => {
    try {
      const perGroup = await Promise.all(consumed.map(async ({ groupId, topics }) => (await reader.lag(groupId, topics)).map(({ topic, lag }) => ({ group: groupId, topic, lag }))));
      return perGroup.flat();
    } catch (err) {
      onError(err);
      return [];
    }
  };
}
