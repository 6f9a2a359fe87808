import type { Logger } from '@switchyard/telemetry';
import { HEADERS, type HeaderMap } from './headers';
import type { OutboundRecord } from './records';
import { BATCH_OVERHEAD_BYTES, DEFAULT_MAX_MESSAGE_BYTES, fitsAlone, recordBytes } from './record-size';

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

/** The source headers a dead letter keeps when all of them would not fit. */
const ESSENTIAL_HEADERS = [HEADERS.jobId, HEADERS.tenant, HEADERS.attempt, HEADERS.deadline, HEADERS.traceparent, HEADERS.contentType];

/** The code every dead letter carries: the error's own `code`, else ERROR. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'ERROR';
}

/** The id of the job an error is about, when the error knows it (decoding errors of a job that had one). */
export function errorJobId(error: unknown): string | undefined {
  const jobId = (error as { jobId?: unknown })?.jobId;
  return typeof jobId === 'string' && jobId ? jobId : undefined;
}

/** A record that would be larger than the broker accepts, so it goes to the DLQ instead of failing its transaction for ever. */
export class RecordTooLargeError extends Error {
  readonly code = 'RECORD_TOO_LARGE';
  constructor(what: string, bytes: number, maxMessageBytes: number) {
    super(`${what} would be a ${bytes}-byte record batch, over the broker's limit of ${maxMessageBytes} bytes (kafka.maxMessageBytes)`);
  }
}

/**
 * The DLQ record for a message that cannot go on: the original bytes, and in
 * headers the original topic, partition and offset, the stage and the reason,
 * and the job id when the source had none but the error knows it. It always fits the broker's limit: when the value would not, it is cut and
 * `sy-dlq-value-cut-from` gives its original length; when the source's
 * headers would not either, only the job's own headers are kept.
 */
export function deadLetterRecord(dlqTopic: string, source: DeadLetterSource, value: Buffer, stage: string, error: unknown, maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES): OutboundRecord {
  const message = error instanceof Error ? error.message : String(error);
  const jobId = source.headers[HEADERS.jobId] ?? errorJobId(error);
  const reason = {
    ...(jobId === undefined ? {} : { [HEADERS.jobId]: jobId }),
    [HEADERS.dlqOriginalTopic]: source.topic,
    [HEADERS.dlqOriginalPartition]: String(source.partition),
    [HEADERS.dlqOriginalOffset]: source.offset,
    [HEADERS.dlqStage]: stage,
    [HEADERS.dlqErrorCode]: errorCode(error),
    [HEADERS.dlqError]: message.slice(0, MAX_ERROR_CHARS),
  };
  const whole = { topic: dlqTopic, key: source.key, value, headers: { ...source.headers, ...reason } };
  if (fitsAlone(whole, maxMessageBytes)) return whole;
  const essential = Object.fromEntries(ESSENTIAL_HEADERS.filter((h) => source.headers[h] !== undefined).map((h) => [h, source.headers[h]]));
  const cut: OutboundRecord = { ...whole, value: Buffer.alloc(0), headers: { ...source.headers, ...reason, [HEADERS.dlqValueCutFrom]: String(value.length) } };
  if (!fitsAlone(cut, maxMessageBytes)) cut.headers = { ...essential, ...reason, [HEADERS.dlqValueCutFrom]: String(value.length) };
  const room = maxMessageBytes - BATCH_OVERHEAD_BYTES - recordBytes(cut);
  // The value's length prefix grows with it: a few bytes of slack keep the cut inside the limit.
  cut.value = value.subarray(0, Math.max(0, room - 8));
  return cut;
}

/** Where and as whom a stage dead-letters, and the broker's record size limit. */
export interface DeadLetterTarget {
  dlqTopic: string;
  stage: string;
  maxMessageBytes: number;
}

/**
 * The record itself when it fits the broker's limit, otherwise a dead letter
 * for its source, with the source's value (cut to fit) and RECORD_TOO_LARGE.
 * `sourceValue` is called only then: a stage that re-encodes its input to
 * dead-letter it does not pay for that on every record.
 */
export function withinSizeLimit(record: OutboundRecord, source: DeadLetterSource, sourceValue: () => Buffer, target: DeadLetterTarget): OutboundRecord {
  if (fitsAlone(record, target.maxMessageBytes)) return record;
  const error = new RecordTooLargeError(`the record for ${record.topic}`, BATCH_OVERHEAD_BYTES + recordBytes(record), target.maxMessageBytes);
  return deadLetterRecord(target.dlqTopic, source, sourceValue(), target.stage, error, target.maxMessageBytes);
}

/** Logs a job's dead letter once, with the job's id and the stage and code its headers carry (never its value), and returns it. */
export function loggedDeadLetter(logger: Pick<Logger, 'warn'>, record: OutboundRecord, jobId: string): OutboundRecord {
  logger.warn({ jobId, stage: record.headers[HEADERS.dlqStage], code: record.headers[HEADERS.dlqErrorCode] }, 'job dead-lettered');
  return record;
}
