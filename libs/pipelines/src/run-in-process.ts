import type { PipelineConfig } from '@switchyard/config';
import { jobText, type Job, type JobInput, type PipelineState, type PipelineStepOutput, type ResultInput } from '@switchyard/contracts';
import { advancePipeline, feedsPick } from './advance-pipeline';
import { jobLabels } from './job-labels';
import { failedStepOutput, pipelineResult, stepJob, stepOutputOf, type StepAnswer } from './step-jobs';

/**
 * What running a pipeline in process needs from its caller: a way to complete
 * one step's job, and to score an answer (the whole answer `complete` gave,
 * so the scorers see its finish reason, reference and labels).
 */
export interface InProcessSteps<A extends StepAnswer = StepAnswer> {
  /** Runs one step's job to its answer (the synchronous path's complete, with its routing, limits and fallbacks); throws when the step fails. */
  complete(job: JobInput): Promise<A>;
  /** The scorers' quality of an answer a pick chooses from, 0..1, or null when no scorer applies. */
  score(job: JobInput, answer: A): Promise<number | null>;
  now(): number;
}

export type InProcessOutcome = { kind: 'result'; result: ResultInput } | { kind: 'failed'; step: string; reason: string };

/** A thrown error as a step's failure: its code when it has one. */
function asFailure(err: unknown): { code: string; message: string } {
  const code = (err as { code?: unknown })?.code;
  return { code: typeof code === 'string' ? code : 'STEP_FAILED', message: err instanceof Error ? err.message : String(err) };
}

/**
 * The synchronous path's pipeline: the same graph and the same "what runs
 * next" as the Kafka path, each wave's steps completed at once in process,
 * and the same result (every step, the totals).
 */
export async function runPipelineInProcess<A extends StepAnswer>(name: string, pipeline: PipelineConfig, origin: Job, steps: InProcessSteps<A>): Promise<InProcessOutcome> {
  const state: PipelineState = { pipeline: name, origin, steps: [], step: '', wave: [], startedUnixMs: Number(origin.createdUnixMs) || steps.now() };
  let finished: PipelineStepOutput[] = [];
  for (;;) {
    const next = advancePipeline({ name, pipeline, finished, labels: jobLabels(origin), input: jobText(origin) });
    finished = [...finished, ...next.resolved];
    if (next.kind === 'finish') return { kind: 'result', result: pipelineResult(state, origin, next.output, finished, steps.now()) };
    if (next.kind === 'fail') return { kind: 'failed', step: next.step, reason: next.reason };
    const wave = next.steps.map((s) => s.step);
    const before = finished;
    const outputs = await Promise.all(
      next.steps.map(async (launch) => {
        const job = stepJob(state, origin, launch, wave, before, steps.now());
        try {
          const answer = await steps.complete(job);
          const score = feedsPick(pipeline, launch.step) ? await steps.score(job, answer) : null;
          return stepOutputOf(launch.step, answer, score);
        } catch (err) {
          return failedStepOutput(launch.step, { id: job.id ?? '' }, asFailure(err));
        }
      }),
    );
    finished = [...finished, ...outputs];
  }
}
