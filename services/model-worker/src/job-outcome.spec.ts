import type { Job } from '@switchyard/contracts';
import { completeJob } from '@switchyard/contracts';
import { failureOutcome } from './job-outcome';

function routedJob(overrides: Partial<Job> = {}): Job {
  const job = completeJob({ id: 'j1', tenant: 't', prompt: 'hello' });
  return {
    ...job,
    decision: {
      model: 'a', pool: 'pa', strategy: 'utility', reasons: [], candidates: [], predictedQuality: 0, predictedCostUsd: 0, predictedLatencyMs: 0, decidedUnixMs: 0, route: 'default', reservation: null,
      fallbacks: [{ model: 'b', pool: 'pb' }, { model: 'c', pool: 'pc' }],
    },
    ...overrides,
  };
}

const timeout = { code: 'TIMEOUT', message: 'no answer in 30000 ms', retryable: true };

describe('failureOutcome', () => {
  it('sends a failed job to the first fallback with the attempt counted', () => {
    const outcome = failureOutcome(routedJob(), timeout, 'a', 3);
    expect(outcome.kind).toBe('fallback');
    if (outcome.kind !== 'fallback') return;
    expect(outcome.pool).toBe('pb');
    expect(outcome.job.attempt).toBe(1);
    expect(outcome.job.triedModels).toEqual(['a']);
    expect(outcome.job.decision?.model).toBe('b');
    expect(outcome.job.lastError?.code).toBe('TIMEOUT');
  });

  it('never retries a model the job already tried', () => {
    const outcome = failureOutcome(routedJob({ attempt: 1, triedModels: ['a'] }), timeout, 'b', 5);
    expect(outcome.kind === 'fallback' && outcome.pool).toBe('pc');
  });

  it('dead-letters the job when attempts are exhausted, naming the last error', () => {
    const outcome = failureOutcome(routedJob({ attempt: 2, triedModels: ['a'] }), timeout, 'b', 3);
    expect(outcome).toEqual({ kind: 'dead-letter', code: 'TIMEOUT', reason: expect.stringContaining('attempts exhausted (3)') });
  });

  it('dead-letters the job when no untried fallback is left', () => {
    const job = routedJob();
    job.decision!.fallbacks = [];
    const outcome = failureOutcome(job, timeout, 'a', 3);
    expect(outcome.kind === 'dead-letter' && outcome.reason).toContain('no fallback left');
  });
});
