import type { FeedbackRequest, Score } from '@switchyard/contracts';

/** The scorer name of explicit user feedback. */
export const FEEDBACK_SCORER = 'feedback';

/** Feedback that breaks a rule; `field` is the proto field name, for an INVALID_ARGUMENT reply. */
export class InvalidFeedbackError extends Error {
  readonly code = 'INVALID_FEEDBACK';
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'InvalidFeedbackError';
  }
}

/** A user's rating of a job's answer as a Score. Throws InvalidFeedbackError naming the bad field. */
export function feedbackToScore(request: FeedbackRequest): Score {
  if (!request.jobId) throw new InvalidFeedbackError('job_id', 'is required');
  if (!Number.isFinite(request.quality) || request.quality < 0 || request.quality > 1) {
    throw new InvalidFeedbackError('quality', `must be a number between 0 and 1 (got ${request.quality})`);
  }
  return {
    jobId: request.jobId,
    model: request.model,
    taskType: request.taskType,
    quality: request.quality,
    scorer: FEEDBACK_SCORER,
    costUsd: 0,
    latencyMs: 0,
    components: { [FEEDBACK_SCORER]: request.quality },
    tenant: request.tenant,
  };
}
