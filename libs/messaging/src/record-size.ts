/**
 * How many bytes a record takes on the broker, so a stage can check before
 * producing instead of meeting MESSAGE_TOO_LARGE in a transaction that then
 * fails for ever. The broker's `message.max.bytes` bounds a whole record
 * batch (https://kafka.apache.org/documentation/#recordbatch), and kafkajs
 * puts every record one send() gives a partition into one batch.
 */
import type { OutboundRecord } from './records';

/** Kafka's default `message.max.bytes`: 1 MiB plus the 12-byte log overhead. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

/** A v2 record batch's header, the 12-byte log overhead (offset and length) included. */
export const BATCH_OVERHEAD_BYTES = 61;

/** Bytes of an unsigned varint. */
function varintBytes(value: number): number {
  let bytes = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    bytes += 1;
  }
  return bytes;
}

/** Bytes of a zigzag varint (lengths, where -1 means null). */
function zigzagBytes(value: number): number {
  return varintBytes(value >= 0 ? value * 2 : -value * 2 - 1);
}

function lengthPrefixed(bytes: number | null): number {
  return bytes === null ? zigzagBytes(-1) : zigzagBytes(bytes) + bytes;
}

/** Longest timestamp delta (a varlong) and offset delta a record of a batch may carry. */
const MAX_DELTAS_BYTES = 10 + 5;

/** An upper bound of one record's bytes inside a batch, its length prefix included. */
export function recordBytes(record: Pick<OutboundRecord, 'key' | 'value' | 'headers'>): number {
  let body = 1 + MAX_DELTAS_BYTES;
  body += lengthPrefixed(record.key === null ? null : Buffer.byteLength(record.key));
  body += lengthPrefixed(record.value.length);
  const headers = Object.entries(record.headers);
  body += zigzagBytes(headers.length);
  for (const [key, value] of headers) body += lengthPrefixed(Buffer.byteLength(key)) + lengthPrefixed(Buffer.byteLength(value));
  return zigzagBytes(body) + body;
}

/** Whether a batch holding only this record fits the broker's limit. */
export function fitsAlone(record: Pick<OutboundRecord, 'key' | 'value' | 'headers'>, maxMessageBytes: number): boolean {
  return BATCH_OVERHEAD_BYTES + recordBytes(record) <= maxMessageBytes;
}

/**
 * Splits records (of one partition, in order) into runs whose batch fits the
 * limit. A record too large on its own gets a run of its own: the broker
 * refuses it, which is the caller's check to make (fitsAlone) before this.
 */
export function splitIntoBatches<R extends Pick<OutboundRecord, 'key' | 'value' | 'headers'>>(records: R[], maxMessageBytes: number): R[][] {
  const batches: R[][] = [];
  let current: R[] = [];
  let bytes = BATCH_OVERHEAD_BYTES;
  for (const record of records) {
    const size = recordBytes(record);
    if (current.length > 0 && bytes + size > maxMessageBytes) {
      batches.push(current);
      current = [];
      bytes = BATCH_OVERHEAD_BYTES;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
