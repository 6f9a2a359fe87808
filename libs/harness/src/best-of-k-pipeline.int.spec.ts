import { resultCodec } from '@switchyard/contracts';
import { HEADERS } from '@switchyard/messaging';
import { jobRecord } from './job-mix';
import { pipelineDocument, pipelineJobs } from './pipeline-mix';
import { PipelineRun } from './pipeline-run';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('a parallel best-of-k pipeline', () => {
  const document = pipelineDocument(['best-of-3']);
  // A weak model, so the branches disagree and the pick has something to choose.
  document.models.find((m) => m.id === 'small-fast')!.simulated!.quality = { default: 0.3 };
  // A model that fails every call, as the third branch of two more pipelines: one needs two answers, one all three.
  document.models.push({ id: 'always-fails', provider: 'simulated', pricing: { inputUsdPerMTok: 1, outputUsdPerMTok: 1 }, contextWindow: 32_000, simulated: { latencyMedianMs: 1, failureRate: 1 } });
  document.pools.push({ id: 'fails-a', model: 'always-fails', concurrency: 4 });
  for (const [name, minAnswers] of [['two-of-three', 2], ['three-of-three', 3]] as const) {
    document.pipelines![name] = {
      steps: { fast: { models: ['small-fast'] }, strong: { models: ['large-general'] }, broken: { models: ['always-fails'] }, best: { after: ['fast', 'strong', 'broken'], pick: { minAnswers } } },
      output: 'best',
    };
  }
  const run = new PipelineRun({ label: 'best-of-k', document, brokers, redisUrl });

  beforeAll(() => run.start());
  afterAll(() => run.stop());

  it('fans each job out to three models and keeps the answer the scorers rate best, in one result per job', async () => {
    const jobs = pipelineJobs(40, `${run.prefix}best`, ['best-of-3']);
    await run.publisher.publish(jobs.map((job) => jobRecord(job, run.topics)));
    const ids = new Set(jobs.map((j) => j.id ?? ''));
    expect(await run.settle(ids, 120_000)).toMatchObject({ jobs: 40, results: 40, dlq: 0, lost: 0, duplicates: 0 });
    let disagreements = 0;
    for (const record of run.results(ids)) {
      const result = resultCodec.decode(record.value);
      const branches = result.steps.filter((s) => s.step !== 'best');
      expect(branches.map((s) => s.step).sort()).toEqual(['fast', 'routed', 'strong']);
      expect(branches.find((s) => s.step === 'fast')?.model).toBe('small-fast');
      expect(branches.find((s) => s.step === 'strong')?.model).toBe('large-general');
      const best = result.steps.find((s) => s.step === 'best')!;
      const top = Math.max(...branches.map((s) => s.score));
      expect(branches.every((s) => s.scored)).toBe(true);
      expect(best.score).toBe(top);
      expect(branches.find((s) => s.step === best.picked)?.output).toBe(result.output);
      expect(result.costUsd).toBeCloseTo(branches.reduce((sum, s) => sum + s.costUsd, 0), 12);
      if (new Set(branches.map((s) => s.score)).size > 1) disagreements += 1;
    }
    // The weak model is wrong on most jobs while the strong one is right: the pick mattered.
    expect(disagreements).toBeGreaterThan(0);
  });

  it('records a failed branch and answers when enough branches did, or dead-letters the job naming the pick when too few did', async () => {
    const jobs = pipelineJobs(10, `${run.prefix}partial`, ['best-of-3']).map((job, i) => ({ ...job, pipeline: i % 2 === 0 ? 'two-of-three' : 'three-of-three' }));
    await run.publisher.publish(jobs.map((job) => jobRecord(job, run.topics)));
    const ids = new Set(jobs.map((j) => j.id ?? ''));
    expect(await run.settle(ids, 120_000)).toMatchObject({ jobs: 10, results: 5, dlq: 5, lost: 0, duplicates: 0 });
    for (const record of run.results(ids)) {
      const result = resultCodec.decode(record.value);
      expect(result.model).toBe('pipeline/two-of-three');
      const broken = result.steps.find((s) => s.step === 'broken');
      expect(broken?.error?.code).toBe('SIMULATED_FAILURE');
      expect(['fast', 'strong']).toContain(result.steps.find((s) => s.step === 'best')?.picked);
    }
    for (const dead of run.deadLetters(ids)) {
      expect(dead.headers[HEADERS.dlqStage]).toBe('pipeline-advancer');
      expect(dead.headers[HEADERS.dlqErrorCode]).toBe('PIPELINE_STEP_FAILED');
      expect(dead.headers[HEADERS.dlqError]).toMatch(/^pipeline "three-of-three": step "best" failed: TOO_FEW_ANSWERS: 2 of 3 answers succeeded, 3 needed \(broken: SIMULATED_FAILURE\)/);
    }
  });
});
