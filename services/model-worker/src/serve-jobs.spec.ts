import { createNoopMeter, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { BackendError, ConcurrencyLimit, type Completion, type ModelBackend } from '@switchyard/backends';
import type { ModelConfig, PoolConfig } from '@switchyard/config';
import { completeJob, resultCodec, type Job } from '@switchyard/contracts';
import { HEADERS, topicNames, type InboundMessage } from '@switchyard/messaging';
import { ServiceMetrics } from '@switchyard/telemetry';
import pino from 'pino';
import { serveJobs, type ServeDeps } from './serve-jobs';

const topics = topicNames('t.');
const MAX_MESSAGE_BYTES = 4_096;

/** A model answering each job with the output its prompt names ("say:<n>" answers n characters), failing "fail" jobs for good. */
const backend: ModelBackend = {
  modelId: 'm1',
  async complete(request): Promise<Completion> {
    if (request.jobId.startsWith('fail')) throw new BackendError('BAD_REQUEST', 'the model refuses this request');
    const length = Number(/say:(\d+)/.exec(request.messages[0]?.content ?? '')?.[1] ?? 5);
    return { output: 'x'.repeat(length), usage: { inputTokens: 3, outputTokens: 2 }, finishReason: 'stop' };
  },
};

function deps() {
  const lines: { msg: string; jobId: string; stage: string; code: string }[] = [];
  const settled: unknown[][] = [];
  const serve: ServeDeps = {
    pool: { id: 'p1', model: 'm1', concurrency: 4 } as PoolConfig,
    model: { id: 'm1', timeoutMs: 5_000, pricing: { inputUsdPerMTok: 1, outputUsdPerMTok: 2 } } as ModelConfig,
    backend,
    limit: new ConcurrencyLimit(4),
    stats: { callStarted: () => undefined, callFinished: () => undefined },
    tracer: trace.getTracer('test'),
    metrics: new ServiceMetrics(createNoopMeter()),
    topics,
    deadLetters: { dlqTopic: topics.dlq, stage: 'model-worker', maxMessageBytes: MAX_MESSAGE_BYTES },
    logger: pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) }),
    maxAttempts: 3,
    settleUsage: async (usages) => void settled.push(usages),
  };
  return { serve, lines, settled };
}

function message(id: string, prompt: string): InboundMessage<Job> {
  const job = completeJob({ id, tenant: 'acme', prompt, decision: { model: 'm1', pool: 'p1' } });
  return { topic: topics.pool('p1'), partition: 0, offset: '0', key: id, headers: {}, value: job, traceContext: ROOT_CONTEXT };
}

describe('serveJobs', () => {
  it('turns each job into its result, keyed by job id and partitioned with its job, settling the whole chunk in one call', async () => {
    const { serve, settled } = deps();
    const records = await serveJobs([message('a', 'say:5'), message('b', 'say:7')], serve);
    expect(records.map((r) => [r.topic, r.key, r.partitionKey, resultCodec.decode(r.value).output])).toEqual([
      [topics.results, 'a', 'acme', 'xxxxx'],
      [topics.results, 'b', 'acme', 'xxxxxxx'],
    ]);
    expect(settled).toHaveLength(1);
    expect(settled[0]).toHaveLength(2);
  });

  it('dead-letters a result too large for the broker as RECORD_TOO_LARGE, cut to fit, and logs it once without the prompt', async () => {
    const { serve, lines } = deps();
    const records = await serveJobs([message('big', `say:${MAX_MESSAGE_BYTES} secret prompt`), message('small', 'say:3')], serve);
    expect(records[0].topic).toBe(topics.dlq);
    expect(records[0].headers[HEADERS.dlqErrorCode]).toBe('RECORD_TOO_LARGE');
    expect(records[0].value.length).toBeLessThan(MAX_MESSAGE_BYTES);
    expect(records[1].topic).toBe(topics.results);
    expect(lines.map((l) => [l.msg, l.jobId, l.stage, l.code])).toEqual([['job dead-lettered', 'big', 'model-worker', 'RECORD_TOO_LARGE']]);
    expect(JSON.stringify(lines)).not.toContain('secret prompt');
  });

  it('logs a job the model refuses once, with its code, as it goes to the DLQ', async () => {
    const { serve, lines } = deps();
    const [record] = await serveJobs([message('fail-1', 'say:3')], serve);
    expect(record.topic).toBe(topics.dlq);
    expect(lines.map((l) => [l.jobId, l.code])).toEqual([['fail-1', 'BAD_REQUEST']]);
  });
});
