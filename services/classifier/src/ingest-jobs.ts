import { createHash } from 'node:crypto';
import { jobCodec, type Job } from '@switchyard/contracts';
import { deadLetterRecord, loggedDeadLetter, withinSizeLimit, type DeadLetterTarget, type InboundMessage, type OutboundRecord } from '@switchyard/messaging';
import type { IncomingJobId, SeenVerdict } from '@switchyard/state';
import type { Logger } from '@switchyard/telemetry';

/** A job as it arrived on the jobs topic: decoded, and the bytes its producer sent (which a dead letter carries). */
export interface IncomingJob {
  job: Job;
  bytes: Buffer;
}

/** A producer reused a job id, within the dedupe window, for a job with other content. */
export class DuplicateJobIdError extends Error {
  readonly code = 'DUPLICATE_JOB_ID';
}

export interface IngestDeps {
  /** Marks the chunk's job ids as seen, in order; throws while the store is unreachable. */
  markSeen(records: IncomingJobId[]): Promise<SeenVerdict[]>;
  /** Labels the jobs taken in; one record per job, in order. */
  classify(messages: InboundMessage<Job>[]): OutboundRecord[];
  deadLetters: DeadLetterTarget;
  logger: Logger;
  /** Running total of duplicates dropped, for the log line. */
  duplicates: { dropped: number };
}

/**
 * A hash of what a job asks for: its content with `created_unix_ms` left out
 * (a producer's resend may stamp a new one) and metadata in key order, so the
 * protobuf and JSON forms of one job hash alike.
 */
export function jobContentHash(job: Job): string {
  const metadata = Object.fromEntries(Object.entries(job.metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return createHash('sha256').update(jobCodec.encode({ ...job, createdUnixMs: 0, metadata })).digest('base64url').slice(0, 22);
}

/**
 * Takes each job id in once per dedupe window, then classifies. A chunk's
 * ids are checked in one call before anything is produced; if that call
 * fails (Redis unreachable) it throws, so the stage commits nothing and
 * replays the chunk with backoff: a duplicate is never let through unchecked.
 * A resend of the same job is dropped (logged, counted); the id reused for
 * other content goes to the DLQ (DUPLICATE_JOB_ID); an output over the
 * broker's size limit goes to the DLQ (RECORD_TOO_LARGE) instead of failing
 * the transaction on every replay.
 */
export async function ingestJobs(messages: InboundMessage<IncomingJob>[], deps: IngestDeps): Promise<OutboundRecord[]> {
  const verdicts = await deps.markSeen(messages.map(({ partition, offset, value }) => ({ jobId: value.job.id, position: `${partition}:${offset}`, contentHash: jobContentHash(value.job) })));
  const classified = deps.classify(messages.filter((_, i) => verdicts[i] === 'first').map((m) => ({ ...m, value: m.value.job })));
  const { stage } = deps.deadLetters;
  let next = 0;
  const records: OutboundRecord[] = [];
  messages.forEach((message, i) => {
    const { job, bytes } = message.value;
    if (verdicts[i] === 'duplicate') {
      deps.duplicates.dropped += 1;
      deps.logger.info({ jobId: job.id, stage, partition: message.partition, offset: message.offset, duplicatesDropped: deps.duplicates.dropped }, 'duplicate job dropped: its id was taken in before with the same content');
    } else if (verdicts[i] === 'conflict') {
      const error = new DuplicateJobIdError(`job id "${job.id}" was taken in before with other content, within the dedupe window (classifier.dedupeWindowSeconds)`);
      records.push(loggedDeadLetter(deps.logger, deadLetterRecord(deps.deadLetters.dlqTopic, message, bytes, stage, error, deps.deadLetters.maxMessageBytes), job.id));
    } else {
      const record = classified[next++];
      const fitted = withinSizeLimit(record, message, () => bytes, deps.deadLetters);
      records.push(fitted === record ? record : loggedDeadLetter(deps.logger, fitted, job.id));
    }
  });
  return records;
}
