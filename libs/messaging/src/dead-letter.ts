import { HEADERS, type HeaderMap } from './headers';
import type { OutboundRecord } from './records';

/** Where a dead-lettered message came from. */
export interface DeadLetterSource {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: HeaderMap;
}

/** Longest error text kept in a header; the rest is cut so one bad message cannot bloat the DLQ. */
const MAX_ERROR_CHARS = 2_000;

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'ERROR';
}

/**
 * The DLQ record for a message that cannot go on: the original bytes, and in
 * headers the original topic, partition and offset, the stage and the reason.
 */
export function deadLetterRecord(dlqTopic: string, source: DeadLetterSource, value: Buffer, stage: string, error: unknown): OutboundRecord {
  const message = error instanceof Error ? error.message : String(error);
  return {
    topic: dlqTopic,
    key: source.key,
    value,
    headers: {
      ...source.headers,
      [HEADERS.dlqOriginalTopic]: source.topic,
      [HEADERS.dlqOriginalPartition]: String(source.partition),
      [HEADERS.dlqOriginalOffset]: source.offset,
      [HEADERS.dlqStage]: stage,
      [HEADERS.dlqErrorCode]: errorCode(error),
      [HEADERS.dlqError]: message.slice(0, MAX_ERROR_CHARS),
    },
  };
}
