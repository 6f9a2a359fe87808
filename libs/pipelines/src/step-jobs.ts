import type { Job, JobInput, PipelineState, PipelineStepOutput, Result, ResultInput } from '@switchyard/contracts';
import type { StepLaunch } from './advance-pipeline';

/** A step's job id: the pipeline job's id and the step's name, so a replayed advance yields the same id. */
export function stepJobId(pipelineJobId: string, step: string): string {
  return `${pipelineJobId}/${step}`;
}

/** The model a pipeline's final result names, so results and scores tell pipelines from models. */
export function pipelineModelName(pipeline: string): string {
  return `pipeline/${pipeline}`;
}

/**
 * One step as a routed job of its own: the pipeline job's tenant, limits,
 * deadline and affinity, the step's route and prompt, and the pipeline state
 * so far (which the worker hands back on the step's result).
 */
export function stepJob(state: PipelineState, origin: Job, launch: StepLaunch, wave: readonly string[], finished: readonly PipelineStepOutput[], now: number): JobInput {
  const ownMessages = launch.prompt === null;
  return {
    id: stepJobId(origin.id, launch.step),
    tenant: origin.tenant,
    messages: ownMessages ? origin.messages : [],
    prompt: launch.prompt ?? origin.prompt,
    attachments: origin.attachments.filter((a) => launch.attachments === 'all' || (launch.attachments !== 'none' && a.mimeType.startsWith(`${launch.attachments}/`))),
    preferences: origin.preferences,
    affinityKey: origin.affinityKey,
    metadata: origin.metadata,
    deadlineUnixMs: origin.deadlineUnixMs,
    route: launch.route,
    // Only an answer that can become the pipeline's is held to the job's reference (a rewritten prompt is not an answer).
    reference: launch.answersFinal ? origin.reference : null,
    createdUnixMs: now,
    maxOutputTokens: origin.maxOutputTokens,
    pipelineState: { pipeline: state.pipeline, origin, steps: [...finished], step: launch.step, wave: [...wave], startedUnixMs: state.startedUnixMs },
  };
}

/** What a finished step's result says: the answer and who gave it at what cost. */
export type StepAnswer = Pick<Result, 'jobId' | 'output' | 'model' | 'pool' | 'costUsd' | 'latencyMs'> & { usage?: { inputTokens: number; outputTokens: number } | null; error?: Result['error'] };

/** A finished step from its result; `score` is the scorers' quality when the step's answer is one a pick chooses from. */
export function stepOutputOf(step: string, answer: StepAnswer, score: number | null): PipelineStepOutput {
  return {
    step,
    jobId: answer.jobId,
    output: answer.output,
    model: answer.model,
    pool: answer.pool,
    costUsd: answer.costUsd,
    latencyMs: answer.latencyMs,
    inputTokens: answer.usage?.inputTokens ?? 0,
    outputTokens: answer.usage?.outputTokens ?? 0,
    error: answer.error ?? null,
    score: score ?? 0,
    scored: score !== null,
    picked: '',
  };
}

/** A failed step: its job (and the model it last tried, when routed) and why it failed. */
export function failedStepOutput(step: string, job: { id: string; decision?: { model: string; pool: string } | null }, error: { code: string; message: string }): PipelineStepOutput {
  return {
    step,
    jobId: job.id,
    output: '',
    model: job.decision?.model ?? '',
    pool: job.decision?.pool ?? '',
    costUsd: 0,
    latencyMs: 0,
    inputTokens: 0,
    outputTokens: 0,
    error: { ...error, retryable: false },
    score: 0,
    scored: false,
    picked: '',
  };
}

/** The pipeline's one result: the output step's answer, every step, and the totals of cost, tokens and latency. */
export function pipelineResult(state: PipelineState, origin: Job, output: PipelineStepOutput, steps: readonly PipelineStepOutput[], now: number): ResultInput {
  const sum = (pick: (s: PipelineStepOutput) => number) => steps.reduce((total, s) => total + pick(s), 0);
  return {
    jobId: origin.id,
    tenant: origin.tenant,
    output: output.output,
    usage: { inputTokens: sum((s) => s.inputTokens), outputTokens: sum((s) => s.outputTokens) },
    costUsd: sum((s) => s.costUsd),
    latencyMs: now - Number(state.startedUnixMs),
    model: pipelineModelName(state.pipeline),
    pool: '',
    attempt: 0,
    classification: origin.classification,
    reference: origin.reference,
    finishReason: 'stop',
    completedUnixMs: now,
    jobCreatedUnixMs: origin.createdUnixMs,
    metadata: origin.metadata,
    steps: [...steps],
  };
}
