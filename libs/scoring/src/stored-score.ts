import type { Result } from '@switchyard/contracts';
import type { CombinedScore } from './combine-verdicts';

/** What is kept of a scored result: the figures the router's learned quality is built from. */
export interface StoredScore {
  jobId: string;
  model: string;
  taskType: string;
  /** 0..1. */
  quality: number;
  costUsd: number;
  latencyMs: number;
}

/** The scorer that only checks an answer is not empty. */
const ONLY_NONEMPTY = 'nonempty';

/**
 * The storage rule: a result with no applicable scorer is not stored, nor one scored by the
 * non-empty check alone, which says nothing about correctness and would teach the router that every
 * answer is perfect.
 */
export function storedScore(result: Result, score: CombinedScore | null): StoredScore | null {
  if (!score || score.scorer === ONLY_NONEMPTY) return null;
  return {
    jobId: result.jobId,
    model: result.model,
    taskType: result.classification?.taskType || 'unknown',
    quality: score.quality,
    costUsd: result.costUsd,
    latencyMs: result.latencyMs,
  };
}
