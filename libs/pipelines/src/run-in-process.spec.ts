import { completeJob, type JobInput } from '@switchyard/contracts';
import { runPipelineInProcess, type InProcessSteps } from './run-in-process';
import type { StepAnswer } from './step-jobs';
import { onlyPipeline, specConfig } from './spec-config';

const origin = completeJob({ id: 'job-1', tenant: 'acme', prompt: 'hi', createdUnixMs: 100, reference: { text: 'right' } });

function steps(answer: (job: JobInput) => Partial<StepAnswer> | Error): InProcessSteps & { calls: JobInput[] } {
  const calls: JobInput[] = [];
  return {
    calls,
    now: () => 1_000,
    async complete(job) {
      calls.push(job);
      const a = answer(job);
      if (a instanceof Error) throw a;
      return { jobId: job.id ?? '', output: '', model: 'text-a', pool: 'p-text', costUsd: 0.5, latencyMs: 3, usage: { inputTokens: 1, outputTokens: 2 }, ...a };
    },
    async score(job, a) {
      return a.output === job.reference?.text ? 1 : 0;
    },
  };
}

describe('runPipelineInProcess', () => {
  it('runs a series step by step, each step a job of its own, into one result with every step and the totals', async () => {
    const pipeline = onlyPipeline(specConfig({ s: { output: 'b', steps: { a: { models: ['text-a'], prompt: 'Improve: {{input}}' }, b: { after: ['a'], route: 'default' } } } }));
    const run = steps((job) => ({ output: job.id === 'job-1/a' ? 'better hi' : 'hello' }));
    const outcome = await runPipelineInProcess('s', pipeline, origin, run);
    expect(run.calls.map((j) => [j.id, j.prompt, j.route])).toEqual([
      ['job-1/a', 'Improve: hi', 'pipeline/s/a/models'],
      ['job-1/b', 'better hi', 'default'],
    ]);
    expect(outcome).toMatchObject({ kind: 'result', result: { jobId: 'job-1', output: 'hello', model: 'pipeline/s', costUsd: 1, latencyMs: 900, usage: { inputTokens: 2, outputTokens: 4 } } });
  });

  it('runs a fan-out at once, keeps the best-scored answer, and records a failed branch', async () => {
    const pipeline = onlyPipeline(specConfig({ f: { output: 'best', steps: { x: { models: ['text-a'] }, y: { models: ['vision'] }, z: { route: 'default' }, best: { after: ['x', 'y', 'z'], pick: { minAnswers: 2 } } } } }));
    const run = steps((job) => (job.id === 'job-1/z' ? Object.assign(new Error('no model answered'), { code: 'ALL_ATTEMPTS_FAILED' }) : { output: job.id === 'job-1/y' ? 'right' : 'wrong' }));
    const outcome = await runPipelineInProcess('f', pipeline, origin, run);
    expect(outcome.kind === 'result' && outcome.result.output).toBe('right');
    const byStep = outcome.kind === 'result' ? new Map(outcome.result.steps?.map((s) => [s.step, s])) : new Map();
    expect(byStep.get('best')).toMatchObject({ picked: 'y', score: 1 });
    expect(byStep.get('z')).toMatchObject({ error: { code: 'ALL_ATTEMPTS_FAILED', message: 'no model answered' } });
  });

  it('fails naming the step when a step the output needs failed', async () => {
    const pipeline = onlyPipeline(specConfig({ s: { output: 'b', steps: { a: { route: 'default' }, b: { after: ['a'], route: 'default' } } } }));
    const outcome = await runPipelineInProcess('s', pipeline, origin, steps(() => Object.assign(new Error('over budget'), { code: 'LIMIT_EXCEEDED' })));
    expect(outcome).toEqual({ kind: 'failed', step: 'a', reason: 'step "a" failed: LIMIT_EXCEEDED: over budget; step "b" needs its output' });
  });
});
