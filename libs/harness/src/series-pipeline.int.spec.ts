import { resultCodec } from '@switchyard/contracts';
import { HEADERS } from '@switchyard/messaging';
import { jobRecord } from './job-mix';
import { pipelineDocument, pipelineJobs } from './pipeline-mix';
import { PipelineRun } from './pipeline-run';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('a series pipeline with prompt enhancement', () => {
  const run = new PipelineRun({ label: 'series', document: pipelineDocument(['enhance-then-answer']), brokers, redisUrl });

  beforeAll(() => run.start());
  afterAll(() => run.stop());

  it('rewrites each prompt with the enhancement model, then answers the rewritten prompt, in one result per job', async () => {
    const jobs = pipelineJobs(30, `${run.prefix}series`, ['enhance-then-answer']);
    await run.publisher.publish(jobs.map((job) => jobRecord(job, run.topics)));
    const ids = new Set(jobs.map((j) => j.id ?? ''));
    expect(await run.settle(ids, 120_000)).toMatchObject({ jobs: 30, results: 30, dlq: 0, lost: 0, duplicates: 0 });
    for (const record of run.results(ids)) {
      const result = resultCodec.decode(record.value);
      expect(result.model).toBe('pipeline/enhance-then-answer');
      expect(result.steps.map((s) => s.step)).toEqual(['enhance', 'answer']);
      const [enhance, answer] = result.steps;
      expect(enhance.model).toBe('small-fast');
      expect(enhance.jobId).toBe(`${result.jobId}/enhance`);
      expect(['small-fast', 'large-general']).toContain(answer.model);
      expect(result.output).toBe(answer.output);
      expect(result.costUsd).toBeCloseTo(enhance.costUsd + answer.costUsd, 12);
      expect(result.usage?.outputTokens).toBe(enhance.outputTokens + answer.outputTokens);
      expect(enhance.costUsd).toBeGreaterThan(0);
      expect(result.latencyMs).toBeGreaterThan(0);
    }
  });

  it('publishes each step as a routed job with its own result, in the pipeline job trace', async () => {
    const jobs = pipelineJobs(3, `${run.prefix}steps`, ['enhance-then-answer']);
    await run.publisher.publish(jobs.map((job) => jobRecord(job, run.topics)));
    const ids = new Set(jobs.map((j) => j.id ?? ''));
    await run.settle(ids, 120_000);
    const stepIds = new Set([...ids].flatMap((id) => [`${id}/enhance`, `${id}/answer`]));
    const stepResults = run.results(stepIds);
    expect(stepResults).toHaveLength(6);
    for (const record of stepResults) {
      const step = resultCodec.decode(record.value);
      expect(step.decision?.route).toMatch(/^(pipeline\/enhance-then-answer\/enhance\/models|default)$/);
      const pipelineJobId = step.jobId.slice(0, step.jobId.lastIndexOf('/'));
      const [final] = run.results(new Set([pipelineJobId]));
      const traceId = (headers: Record<string, string>) => headers[HEADERS.traceparent]?.split('-')[1];
      expect(traceId(final.headers)).toMatch(/^[0-9a-f]{32}$/);
      expect(traceId(record.headers)).toBe(traceId(final.headers));
    }
  });
});
