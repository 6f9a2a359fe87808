/** The one place that names Kafka header keys. Values are UTF-8 strings. */
export const HEADERS = {
  jobId: 'sy-job-id',
  tenant: 'sy-tenant',
  attempt: 'sy-attempt',
  deadline: 'sy-deadline-unix-ms',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  dlqOriginalTopic: 'sy-dlq-original-topic',
  dlqOriginalPartition: 'sy-dlq-original-partition',
  dlqOriginalOffset: 'sy-dlq-original-offset',
  dlqStage: 'sy-dlq-stage',
  dlqErrorCode: 'sy-dlq-error-code',
  dlqError: 'sy-dlq-error',
  /** On a dead letter whose value was cut to fit the broker's limit: the original value's length in bytes. */
  dlqValueCutFrom: 'sy-dlq-value-cut-from',
  /** How a job's value is encoded: `application/x-protobuf` (also when absent) or `application/json` (proto3 JSON). */
  contentType: 'content-type',
} as const;

export type HeaderMap = Record<string, string>;

/** kafkajs header values can be Buffer, string, arrays or undefined; we use one string each. */
export function normalizeHeaders(raw: Record<string, unknown> | undefined): HeaderMap {
  const out: HeaderMap = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first !== null) out[key] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}

/** Headers every job-carrying message has: id, tenant, attempt, deadline. */
export function jobHeaders(job: { id: string; tenant: string; attempt: number; deadlineUnixMs: number }): HeaderMap {
  return {
    [HEADERS.jobId]: job.id,
    [HEADERS.tenant]: job.tenant,
    [HEADERS.attempt]: String(job.attempt),
    [HEADERS.deadline]: String(job.deadlineUnixMs),
  };
}
