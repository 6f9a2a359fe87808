import { CONTENT_TYPES, resultCodec } from '@switchyard/contracts';
import { HEADERS } from './headers';
import type { OutboundRecord } from './records';
import type { TopicNames } from './topics';

/**
 * Each result record followed by its proto3 JSON copy on the mirror topic
 * (`kafka.resultsJsonMirror`), for consumers without protobuf. Both go out in
 * the chunk's one transaction, so a read_committed reader of either topic
 * sees every result exactly once. Applied to every service's stage by
 * runService, and to the synchronous path's results by the router.
 */
export function withResultsJsonMirror(records: OutboundRecord[], topics: TopicNames): OutboundRecord[] {
  return records.flatMap((record) =>
    record.topic === topics.results
      ? [record, { topic: topics.resultsJson, key: record.key, partitionKey: record.partitionKey, value: Buffer.from(resultCodec.toJson(record.value)), headers: { ...record.headers, [HEADERS.contentType]: CONTENT_TYPES.json } }]
      : [record],
  );
}
