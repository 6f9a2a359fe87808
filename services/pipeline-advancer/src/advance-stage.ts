import { SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { PipelineConfig } from '@switchyard/config';
import { affinityKeyOf, jobCodec, jobText, resultCodec, type Job, type PipelineState, type PipelineStepOutput } from '@switchyard/contracts';
import { deadLetterRecord, HEADERS, injectTraceContext, jobHeaders, resultRecord, type InboundMessage, type OutboundRecord, type TopicNames } from '@switchyard/messaging';
import { advancePipeline, failedStepOutput, feedsPick, jobLabels, pipelineResult, stepJob, stepOutputOf } from '@switchyard/pipelines';
import { scoreResult, type ScorerSet } from '@switchyard/scoring';
import { SPAN_ATTRIBUTES } from '@switchyard/telemetry';

/** Names this stage in DLQ headers; its own dead letters are not read back as failed steps. */
export const ADVANCER_STAGE = 'pipeline-advancer';

export interface AdvanceDeps {
  pipelines: Record<string, PipelineConfig>;
  scorers: ScorerSet;
  /** Where a wave of steps launched together waits for all of them (PipelineJoins). */
  joins: { arrive(jobId: string, wave: string, expected: number, step: string, output: string): Promise<Map<string, string> | null> };
  tracer: Tracer;
  topics: TopicNames;
  now?: () => number;
}

/**
 * Advances pipeline jobs: a new one (from the pipelines topic) launches its
 * first steps; a step's result (results topic) or dead letter (DLQ) is
 * recorded, and once its wave has finished the pipeline launches what runs
 * next, publishes its one result, or is dead-lettered naming the failed step.
 * Messages are handled in order, so a chunk's wave arrivals reach Redis in
 * offset order, as on a replay.
 */
export async function advancePipelineJobs(messages: InboundMessage<Buffer>[], deps: AdvanceDeps): Promise<OutboundRecord[]> {
  const records: OutboundRecord[] = [];
  for (const message of messages) records.push(...(await advanceOne(message, deps)));
  return records;
}

async function advanceOne(message: InboundMessage<Buffer>, deps: AdvanceDeps): Promise<OutboundRecord[]> {
  if (message.topic === deps.topics.pipelines) return start(message, deps);
  if (message.topic === deps.topics.results) {
    const result = decodeOrNull(() => resultCodec.decode(message.value));
    const state = result?.pipelineState;
    if (!result || !state?.step) return [];
    const pipeline = deps.pipelines[state.pipeline];
    const score = pipeline && feedsPick(pipeline, state.step) ? await scoreResult(result, deps.scorers) : null;
    return arrive(message, state, stepOutputOf(state.step, result, score?.quality ?? null), deps);
  }
  if (message.topic === deps.topics.dlq && message.headers[HEADERS.dlqStage] !== ADVANCER_STAGE) {
    const job = decodeOrNull(() => jobCodec.decode(message.value));
    const state = job?.pipelineState;
    if (!job || !state?.step) return [];
    const failed = failedStepOutput(state.step, job, { code: message.headers[HEADERS.dlqErrorCode] ?? 'ERROR', message: message.headers[HEADERS.dlqError] ?? '' });
    return arrive(message, state, failed, deps);
  }
  return [];
}

/** A pipeline job as it arrives: its state starts empty. */
function start(message: InboundMessage<Buffer>, deps: AdvanceDeps): OutboundRecord[] {
  let job: Job;
  try {
    job = jobCodec.decode(message.value);
  } catch (err) {
    return [deadLetterRecord(deps.topics.dlq, message, message.value, ADVANCER_STAGE, err)];
  }
  if (!deps.pipelines[job.pipeline]) {
    const known = Object.keys(deps.pipelines).join(', ') || 'none configured';
    const error = Object.assign(new Error(`pipeline: names unknown pipeline "${job.pipeline}" (known: ${known})`), { code: 'UNKNOWN_PIPELINE' });
    return [deadLetterRecord(deps.topics.dlq, message, message.value, ADVANCER_STAGE, error)];
  }
  const now = (deps.now ?? Date.now)();
  const state: PipelineState = { pipeline: job.pipeline, origin: job, steps: [], step: '', wave: [], startedUnixMs: Number(job.createdUnixMs) || now };
  return withSpan(message, job, deps, (span, context) => advance(message, state, job, [], deps, span, context));
}

/** A finished step: alone in its wave it goes on at once; otherwise the wave's last arrival takes every step on. */
async function arrive(message: InboundMessage<Buffer>, state: PipelineState, record: PipelineStepOutput, deps: AdvanceDeps): Promise<OutboundRecord[]> {
  const origin = state.origin;
  if (!origin) return [];
  const wave = state.wave.length > 0 ? state.wave : [state.step];
  let finished: PipelineStepOutput[];
  if (wave.length === 1) {
    finished = [...state.steps, record];
  } else {
    const outputs = await deps.joins.arrive(origin.id, wave[0], wave.length, record.step, JSON.stringify(record));
    if (!outputs) return [];
    finished = [...state.steps, ...wave.map((step) => JSON.parse(outputs.get(step) ?? 'null') as PipelineStepOutput)];
  }
  return withSpan(message, origin, deps, (span, context) => advance(message, state, origin, finished, deps, span, context));
}

function advance(message: InboundMessage<Buffer>, state: PipelineState, origin: Job, finished: PipelineStepOutput[], deps: AdvanceDeps, span: Span, context: Context): OutboundRecord[] {
  const now = (deps.now ?? Date.now)();
  const pipeline = deps.pipelines[state.pipeline];
  const headers = (job: { id: string; tenant: string; deadlineUnixMs: number | string }) =>
    injectTraceContext(jobHeaders({ id: job.id, tenant: job.tenant, attempt: 0, deadlineUnixMs: Number(job.deadlineUnixMs) }), context);
  const source = { ...message, key: origin.id, headers: headers(origin) };
  if (!pipeline) {
    const error = Object.assign(new Error(`pipeline: "${state.pipeline}" is no longer in the config`), { code: 'UNKNOWN_PIPELINE' });
    return [deadLetterRecord(deps.topics.dlq, source, jobCodec.encode(origin), ADVANCER_STAGE, error)];
  }
  const next = advancePipeline({ name: state.pipeline, pipeline, finished, labels: jobLabels(origin), input: jobText(origin) });
  const steps = [...finished, ...next.resolved];
  span.setAttribute(SPAN_ATTRIBUTES.pipelineOutcome, next.kind);
  switch (next.kind) {
    case 'launch': {
      const wave = next.steps.map((s) => s.step);
      span.setAttribute(SPAN_ATTRIBUTES.pipelineLaunched, wave.join(','));
      return next.steps.map((launch) => {
        const job = stepJob(state, origin, launch, wave, steps, now);
        return { topic: deps.topics.jobs, key: affinityKeyOf(origin), value: jobCodec.encode(job), headers: headers({ id: job.id ?? '', tenant: origin.tenant, deadlineUnixMs: origin.deadlineUnixMs }) };
      });
    }
    case 'finish': {
      const result = pipelineResult(state, origin, next.output, steps, now);
      return [resultRecord(deps.topics.results, origin, result, headers(origin))];
    }
    case 'fail': {
      span.setStatus({ code: SpanStatusCode.ERROR, message: next.reason });
      const error = Object.assign(new Error(`pipeline "${state.pipeline}": ${next.reason}`), { code: 'PIPELINE_STEP_FAILED' });
      const failed: Job = { ...origin, pipelineState: { ...state, steps, step: '', wave: [] } };
      return [deadLetterRecord(deps.topics.dlq, source, jobCodec.encode(failed), ADVANCER_STAGE, error)];
    }
  }
}

/** Every advance is a span in the pipeline job's one trace; the records it publishes carry that span on. */
function withSpan<T>(message: InboundMessage<Buffer>, origin: Job, deps: AdvanceDeps, work: (span: Span, context: Context) => T): T {
  const span = deps.tracer.startSpan(
    'advance pipeline',
    { kind: SpanKind.CONSUMER, attributes: { [SPAN_ATTRIBUTES.jobId]: origin.id, [SPAN_ATTRIBUTES.tenant]: origin.tenant, [SPAN_ATTRIBUTES.pipeline]: origin.pipeline } },
    message.traceContext,
  );
  try {
    return work(span, trace.setSpan(message.traceContext, span));
  } finally {
    span.end();
  }
}

/** Results and dead letters of other jobs share these topics; what is not a pipeline step's is not this stage's to judge. */
function decodeOrNull<T>(decode: () => T): T | null {
  try {
    return decode();
  } catch {
    return null;
  }
}
