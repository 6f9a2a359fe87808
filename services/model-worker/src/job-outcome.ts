import type { ModelConfig } from '@switchyard/config';
import type { ErrorInfo, Job, ResultInput } from '@switchyard/contracts';
import { completionResult, type Completion } from '@switchyard/backends';
import { nextFallback } from '@switchyard/routing';

/** What happens to a job after one model call: publish a result, try a fallback, or dead-letter it. */
export type JobOutcome =
  | { kind: 'result'; result: ResultInput }
  | { kind: 'fallback'; job: Job; pool: string }
  | { kind: 'dead-letter'; code: string; reason: string };

export interface CallRecord {
  model: ModelConfig;
  pool: string;
  latencyMs: number;
  costUsd: number;
}

/** The result published for a successful call. */
export function successOutcome(job: Job, completion: Completion, call: CallRecord, now: number): JobOutcome {
  return { kind: 'result', result: completionResult(job, completion, { model: call.model.id, pool: call.pool, latencyMs: call.latencyMs, costUsd: call.costUsd, completedUnixMs: now }) };
}

/** After a failed call: the job handed to routing's next fallback, else the DLQ with the last error seen. */
export function failureOutcome(job: Job, error: ErrorInfo, failedModel: string, maxAttempts: number): JobOutcome {
  const tried = new Set([...job.triedModels, failedModel]);
  const { next, why } = nextFallback(job.decision, tried, job.attempt, maxAttempts);
  if (next) {
    return {
      kind: 'fallback',
      pool: next.pool,
      job: {
        ...job,
        attempt: job.attempt + 1,
        triedModels: [...tried],
        lastError: error,
        decision: job.decision && {
          ...job.decision,
          // The failed model's reservation was released; the fallback's call is settled as new spend.
          reservation: null,
          model: next.model,
          pool: next.pool,
          reasons: [...job.decision.reasons, `fallback: ${failedModel} failed (${error.code}), trying ${next.model}`],
        },
      },
    };
  }
  return { kind: 'dead-letter', code: error.code, reason: `${why}; last error from ${failedModel}: ${error.code}: ${error.message}` };
}
