import { DecodeError, jobCodec } from './codec';
import { Proto3JsonError } from './proto-json';
import type { Job as JobInput, Job__Output } from './generated/switchyard/v1/Job';

/** Raised when a decoded job breaks a rule every job must satisfy; names the field. */
export class InvalidJobError extends Error {
  readonly code = 'INVALID_JOB';
  /** The refused job's id, when it has one: for the dead-letter log line and headers. */
  jobId?: string;
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

const ROLES = new Set(['system', 'user', 'assistant']);

/** type/subtype with optional parameters (RFC 9110 §8.3.1), e.g. `text/plain; charset=utf-8`. */
const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(\s*;\s*[a-z0-9!#$&^_.+-]+=("[^"]*"|[a-z0-9!#$&^_.+-]+))*\s*$/i;

/** The `content-type` values of Switchyard's Kafka records: a job on the jobs topic may be either (absent means protobuf). */
export const CONTENT_TYPES = { protobuf: 'application/x-protobuf', json: 'application/json' } as const;

/** The job's value is in an encoding Switchyard does not read; names the header value. */
export class UnsupportedContentTypeError extends Error {
  readonly code = 'UNSUPPORTED_CONTENT_TYPE';
  constructor(contentType: string) {
    super(`content-type "${contentType.slice(0, 100)}" is not supported: use ${CONTENT_TYPES.protobuf} (the default) or ${CONTENT_TYPES.json}`);
  }
}

/**
 * The rules a job must satisfy on every path (Kafka or gRPC). Throws
 * InvalidJobError naming the first broken field.
 */
export function assertValidJob(job: Job__Output): void {
  if (!job.id) throw new InvalidJobError('id', 'is required');
  if (job.id.length > 256) throw new InvalidJobError('id', 'is longer than 256 characters');
  if (!job.tenant) throw new InvalidJobError('tenant', 'is required');
  if (!job.prompt && job.messages.length === 0 && job.attachments.length === 0) {
    throw new InvalidJobError('prompt', 'a job needs a prompt, messages or attachments');
  }
  job.messages.forEach((m, i) => {
    if (!ROLES.has(m.role)) throw new InvalidJobError(`messages[${i}].role`, `must be one of system, user, assistant (got "${m.role.slice(0, 40)}")`);
  });
  job.attachments.forEach((a, i) => {
    if (!MEDIA_TYPE.test(a.mimeType)) throw new InvalidJobError(`attachments[${i}].mimeType`, `is not a MIME type (got "${a.mimeType.slice(0, 100)}")`);
  });
  const p = job.preferences;
  if (p) {
    for (const key of ['maxCostUsd', 'minQuality', 'qualityWeight', 'costWeight', 'latencyWeight'] as const) {
      if (!Number.isFinite(p[key]) || p[key] < 0) throw new InvalidJobError(`preferences.${key}`, 'must be a finite number ≥ 0');
    }
    if (p.minQuality > 1) throw new InvalidJobError('preferences.minQuality', 'must be between 0 and 1');
  }
}

/** The text of a job as one string: its prompt, or its messages joined. */
export function jobText(job: Pick<Job__Output, 'prompt' | 'messages'>): string {
  if (job.messages.length === 0) return job.prompt;
  return job.messages.map((m) => m.content).join('\n');
}

/** A job with every field present and defaulted exactly as the codec yields it on every path. */
export function completeJob(fields: JobInput): Job__Output {
  return jobCodec.decode(jobCodec.encode(fields));
}

/** Decodes a Kafka value into a job and checks the contract; throws (→ DLQ) when either fails. */
export function decodeJob(value: Uint8Array): Job__Output {
  const job = jobCodec.decode(value);
  checkNamingJob(job);
  return job;
}

/** assertValidJob, with the job's id on the error so a dead letter can name the job. */
function checkNamingJob(job: Job__Output): void {
  try {
    assertValidJob(job);
  } catch (err) {
    if (err instanceof InvalidJobError && job.id) err.jobId = job.id;
    throw err;
  }
}

/** The `id` of a JSON job that could not be decoded, if it has a string one. */
function jsonJobId(value: Uint8Array): string | undefined {
  try {
    const id = (JSON.parse(Buffer.from(value).toString('utf8')) as { id?: unknown })?.id;
    return typeof id === 'string' && id ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The media type of a `content-type` value without its parameters, lower case. */
function mediaType(contentType: string): string {
  return contentType.split(';', 1)[0].trim().toLowerCase();
}

/**
 * Decodes a job as a producer sent it: protobuf, or the proto3 JSON mapping
 * of switchyard.v1.Job, chosen by its `content-type` header (absent:
 * protobuf). Throws (→ DLQ) naming the header value, the field, or the rule.
 */
export function decodeJobAs(value: Uint8Array, contentType: string | undefined): Job__Output {
  const media = contentType === undefined ? CONTENT_TYPES.protobuf : mediaType(contentType);
  if (media === CONTENT_TYPES.protobuf) return decodeJob(value);
  if (media !== CONTENT_TYPES.json) throw new UnsupportedContentTypeError(contentType ?? '');
  let job: Job__Output;
  try {
    job = jobCodec.decodeJson(value);
  } catch (err) {
    if (err instanceof Proto3JsonError) {
      err.jobId = jsonJobId(value);
      throw err;
    }
    throw err instanceof DecodeError ? err : new DecodeError('Job (JSON)', err);
  }
  checkNamingJob(job);
  return job;
}
