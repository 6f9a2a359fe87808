import type { Context } from '@opentelemetry/api';
import { affinityKeyOf, resultCodec, type Job, type ResultInput } from '@switchyard/contracts';
import type { HeaderMap } from './headers';

/** A message read from Kafka, with its value decoded. */
export interface InboundMessage<T> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: HeaderMap;
  value: T;
  /** The trace context its producer sent (W3C headers); root context when absent. */
  traceContext: Context;
}

/** A message to publish; the stage publishes a batch of them in one transaction. */
export interface OutboundRecord {
  topic: string;
  key: string | null;
  /**
   * What picks the partition (Kafka's default murmur2 of it), when not the key: a result keeps
   * its job id as key and goes with its job's affinity key, the partition its job came from, so a
   * worker's chunk of results is one partition of one transaction, not one per partition of the
   * topic. Only the exactly-once writer reads it; the at-least-once mode (kept for measuring)
   * partitions by key.
   */
  partitionKey?: string | null;
  value: Buffer;
  headers: HeaderMap;
}

/**
 * A job's result for the results topic: keyed by its job id, placed by its job's affinity key (see
 * `partitionKey`). Every path that publishes a result (worker, synchronous path, pipeline
 * advancer) builds it here, so they place results alike.
 */
export function resultRecord(topic: string, job: Pick<Job, 'id' | 'affinityKey' | 'tenant'>, result: ResultInput, headers: HeaderMap): OutboundRecord {
  return { topic, key: job.id, partitionKey: affinityKeyOf(job), value: resultCodec.encode(result), headers };
}

/** kafkajs sends one request per topic list: records grouped by topic, order kept within each. */
export function groupByTopic(records: OutboundRecord[]): { topic: string; messages: { key: string | null; value: Buffer; headers: Record<string, string> }[] }[] {
  const byTopic = new Map<string, { key: string | null; value: Buffer; headers: Record<string, string> }[]>();
  for (const r of records) {
    let list = byTopic.get(r.topic);
    if (!list) byTopic.set(r.topic, (list = []));
    list.push({ key: r.key, value: r.value, headers: r.headers });
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
