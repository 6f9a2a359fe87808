import type { Context } from '@opentelemetry/api';
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
  value: Buffer;
  headers: HeaderMap;
}
