import type { Job, Result } from '@switchyard/contracts';
import type { Completion, CompletionUsage } from './completion';

/** Which model and pool answered, in how long and at what cost. */
export interface CompletedCall {
  model: string;
  pool: string;
  latencyMs: number;
  costUsd: number;
  completedUnixMs: number;
}

/**
 * The Result of a job its model answered, on either path (a worker's Kafka record, the synchronous
 * answer): the job's own fields, the completion and the call's figures. A pipeline step's result
 * carries its job's pipeline state back to the pipeline advancer.
 */
export function completionResult(job: Job, completion: Completion, call: CompletedCall): Result & { usage: CompletionUsage } {
  return {
    jobId: job.id,
    tenant: job.tenant,
    output: completion.output,
    usage: completion.usage,
    costUsd: call.costUsd,
    latencyMs: call.latencyMs,
    decision: job.decision,
    error: null,
    model: call.model,
    pool: call.pool,
    attempt: job.attempt,
    classification: job.classification,
    reference: job.reference,
    finishReason: completion.finishReason,
    completedUnixMs: call.completedUnixMs,
    jobCreatedUnixMs: job.createdUnixMs,
    metadata: job.metadata,
    pipelineState: job.pipelineState,
    steps: [],
  };
}
