import type { Reference, Result } from '@switchyard/contracts';

/** What a scorer looks at: one answer and what the producer said a good answer looks like. */
export interface ScoringInput {
  /** The job scored, when known; names the judge's own request. */
  jobId?: string;
  output: string;
  /** stop, length (truncated) or error; empty when unknown. */
  finishReason: string;
  /** Empty strings in it mean "not set", as in the proto. */
  reference: Pick<Reference, 'text' | 'regex' | 'jsonSchema'> | null;
  metadata: Record<string, string>;
  taskType: string;
  /** The question, when known; only the judge reads it. */
  prompt?: string;
}

export interface ScorerVerdict {
  /** 0..1 */
  quality: number;
  /** Why, in words, for logs and debugging. */
  detail: string;
}

/** A scorer returns null when it does not apply to the input (e.g. no reference to compare with). */
export interface Scorer {
  readonly name: string;
  score(input: ScoringInput): ScorerVerdict | null | Promise<ScorerVerdict | null>;
}

/** A scorer that answers at once (every scorer but the judge). */
export interface SyncScorer extends Scorer {
  score(input: ScoringInput): ScorerVerdict | null;
}

/** The configured scorers, in config order. */
export type ScorerSet = readonly Scorer[];

/** What scoring reads of a result: a published one, or the synchronous path's answer before it is published. */
export type ScoredResult = Pick<Result, 'jobId' | 'output' | 'error' | 'finishReason' | 'reference' | 'metadata' | 'classification'>;

/** The scoring input of a result. */
export function scoringInputFromResult(result: ScoredResult): ScoringInput {
  return {
    jobId: result.jobId,
    output: result.output,
    finishReason: result.error ? 'error' : result.finishReason,
    reference: result.reference,
    metadata: result.metadata,
    taskType: result.classification?.taskType ?? '',
  };
}
