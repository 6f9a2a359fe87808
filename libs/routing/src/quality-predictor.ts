import type { Classification, Job } from '@switchyard/contracts';

/** A prediction of how well a model will answer a job, with its uncertainty. */
export interface QualityEstimate {
  /** Expected quality, 0..1. */
  mean: number;
  /** A draw used by exploring policies (Thompson sampling) or an optimistic bound (UCB). */
  explore: number;
  /** Observations behind the estimate. */
  observations: number;
}

/**
 * Predicts each candidate's quality for this job. The learned policy and the
 * utility policy read it; the learning lib implements it from the scorer's
 * history and offline outcomes. Must be synchronous and in-memory: it runs on
 * every decision.
 */
export interface QualityPredictor {
  predict(job: Job, classification: Classification | null, models: readonly string[]): Map<string, QualityEstimate>;
}
