import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { resolveConfig, type ConfigDocument } from '@switchyard/config';
import { jobCodec, resultCodec, type JobInput, type ResultInput } from '@switchyard/contracts';
import { HEADERS, topicNames, type InboundMessage } from '@switchyard/messaging';
import { advancePipelineJobs, type AdvanceDeps } from './advance-stage';

const topics = topicNames('t.');
const model = (id: string) => ({ id, provider: 'simulated', pricing: { inputUsdPerMTok: 1, outputUsdPerMTok: 1 }, contextWindow: 8000, simulated: {} });
const config = resolveConfig(
  {
    models: [model('a'), model('b')],
    pools: [
      { id: 'pa', model: 'a' },
      { id: 'pb', model: 'b' },
    ],
    routing: { routes: { default: { policy: 'utility' } } },
    pipelines: {
      series: { output: 'answer', steps: { enhance: { models: ['a'], prompt: 'Improve: {{input}}' }, answer: { after: ['enhance'], route: 'default' } } },
      fan: { output: 'best', steps: { x: { models: ['a'] }, y: { models: ['b'] }, best: { after: ['x', 'y'], pick: {} } } },
    },
  } as ConfigDocument,
  {},
  'spec',
);

/** An in-memory PipelineJoins with the same contract: only the arrival that completes the wave gets the outputs. */
function memoryJoins(): AdvanceDeps['joins'] {
  const waves = new Map<string, Map<string, string>>();
  return {
    async arrive(jobId, wave, expected, step, output) {
      const key = `${jobId}:${wave}`;
      const outputs = waves.get(key) ?? new Map<string, string>();
      waves.set(key, outputs);
      outputs.set(step, output);
      return outputs.size === expected ? outputs : null;
    },
  };
}

const deps = (): AdvanceDeps => ({ pipelines: config.pipelines, scorers: [], joins: memoryJoins(), tracer: trace.getTracer('spec'), topics, now: () => 1_000 });
let offset = 0;
function message(topic: string, value: Buffer, headers: Record<string, string> = {}): InboundMessage<Buffer> {
  return { topic, partition: 0, offset: String(offset++), key: null, headers, value, traceContext: ROOT_CONTEXT };
}
const pipelineJob = (fields: Partial<JobInput> = {}): JobInput => ({ id: 'job-1', tenant: 'acme', prompt: 'hi there', pipeline: 'series', createdUnixMs: 500, reference: { text: 'Hello' }, ...fields });

/** The worker's result for a step job: the step's state handed back. */
function stepResult(stepJob: Buffer, output: string, fields: Partial<ResultInput> = {}): Buffer {
  const job = jobCodec.decode(stepJob);
  return resultCodec.encode({ jobId: job.id, tenant: job.tenant, output, model: 'a', costUsd: 0.25, latencyMs: 7, usage: { inputTokens: 3, outputTokens: 4 }, pipelineState: job.pipelineState, ...fields });
}

describe('advancePipelineJobs', () => {
  it('runs a series: the first step job, then the next with the output it reads, then the one final result with every step', async () => {
    const d = deps();
    const [first] = await advancePipelineJobs([message(topics.pipelines, jobCodec.encode(pipelineJob()))], d);
    expect(first.topic).toBe(topics.jobs);
    const enhance = jobCodec.decode(first.value);
    expect(enhance).toMatchObject({ id: 'job-1/enhance', tenant: 'acme', prompt: 'Improve: hi there', route: 'pipeline/series/enhance/models', reference: null });
    expect(first.headers[HEADERS.jobId]).toBe('job-1/enhance');

    const [second] = await advancePipelineJobs([message(topics.results, stepResult(first.value, 'Say hello'))], d);
    const answer = jobCodec.decode(second.value);
    expect(answer).toMatchObject({ id: 'job-1/answer', prompt: 'Say hello', route: 'default', reference: { text: 'Hello' } });

    const [final] = await advancePipelineJobs([message(topics.results, stepResult(second.value, 'Hello'))], d);
    expect(final.topic).toBe(topics.results);
    expect(final.headers[HEADERS.jobId]).toBe('job-1');
    const result = resultCodec.decode(final.value);
    expect(result).toMatchObject({ jobId: 'job-1', output: 'Hello', model: 'pipeline/series', costUsd: 0.5, latencyMs: 500, usage: { inputTokens: 6, outputTokens: 8 } });
    expect(result.steps.map((s) => [s.step, s.output])).toEqual([
      ['enhance', 'Say hello'],
      ['answer', 'Hello'],
    ]);
  });

  it('waits for every branch of a fan-out, then picks, publishing exactly one result', async () => {
    const d = deps();
    const branches = await advancePipelineJobs([message(topics.pipelines, jobCodec.encode(pipelineJob({ pipeline: 'fan' })))], d);
    expect(branches.map((r) => jobCodec.decode(r.value).id)).toEqual(['job-1/x', 'job-1/y']);
    expect(await advancePipelineJobs([message(topics.results, stepResult(branches[0].value, 'one'))], d)).toEqual([]);
    const [final] = await advancePipelineJobs([message(topics.results, stepResult(branches[1].value, 'two', { costUsd: 0.1 }))], d);
    // No scorer applied to either, so the cheaper answer wins.
    expect(resultCodec.decode(final.value)).toMatchObject({ output: 'two', steps: [{ step: 'x' }, { step: 'y' }, { step: 'best', picked: 'y' }] });
  });

  it('takes a dead-lettered step job as the step failing, and dead-letters the pipeline job naming it', async () => {
    const d = deps();
    const [first] = await advancePipelineJobs([message(topics.pipelines, jobCodec.encode(pipelineJob()))], d);
    const dead = message(topics.dlq, first.value, { [HEADERS.dlqStage]: 'router', [HEADERS.dlqErrorCode]: 'LIMIT_EXCEEDED', [HEADERS.dlqError]: 'tenant acme over its limit' });
    const [failed] = await advancePipelineJobs([dead], d);
    expect(failed.topic).toBe(topics.dlq);
    expect(failed.headers).toMatchObject({
      [HEADERS.jobId]: 'job-1',
      [HEADERS.dlqStage]: 'pipeline-advancer',
      [HEADERS.dlqErrorCode]: 'PIPELINE_STEP_FAILED',
      [HEADERS.dlqError]: 'pipeline "series": step "enhance" failed: LIMIT_EXCEEDED: tenant acme over its limit; step "answer" needs its output',
    });
    // Read back from the DLQ, its own dead letter is not taken for a step.
    expect(await advancePipelineJobs([message(topics.dlq, failed.value, failed.headers)], d)).toEqual([]);
  });

  it('dead-letters a job naming an unknown pipeline, and ignores results and dead letters of other jobs', async () => {
    const d = deps();
    const [dead] = await advancePipelineJobs([message(topics.pipelines, jobCodec.encode(pipelineJob({ pipeline: 'nope' })))], d);
    expect(dead.headers[HEADERS.dlqErrorCode]).toBe('UNKNOWN_PIPELINE');
    expect(dead.headers[HEADERS.dlqError]).toBe('pipeline: names unknown pipeline "nope" (known: series, fan)');
    const plain = resultCodec.encode({ jobId: 'other', tenant: 'acme', output: 'x' });
    expect(await advancePipelineJobs([message(topics.results, plain), message(topics.dlq, Buffer.from([0xff, 0x01]))], d)).toEqual([]);
  });
});
