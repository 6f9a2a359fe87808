import { jobCodec } from './codec';
import type { Job as JobInput, Job__Output } from './generated/switchyard/v1/Job';

/** Raised when a decoded job breaks a rule every job must satisfy; names the field. */
export class InvalidJobError extends Error {
  readonly code = 'INVALID_JOB';
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

const ROLES = new Set(['system', 'user', 'assistant']);

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
    if (!ROLES.has(m.role)) throw new InvalidJobError(`messages[${i}].role`, `must be one of system, user, assistant (got "${m.role}")`);
  });
  job.attachments.forEach((a, i) => {
    if (!/^[a-z]+\/[\w.+-]+$/i.test(a.mimeType)) throw new InvalidJobError(`attachments[${i}].mime_type`, `is not a MIME type (got "${a.mimeType}")`);
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
  assertValidJob(job);
  return job;
}
