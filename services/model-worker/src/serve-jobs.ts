import { SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { classifyError, toCompletionRequest, type ConcurrencyLimit, type ModelBackend } from '@switchyard/backends';
import type { CallStats } from '@switchyard/state';
import { costUsd, type ModelConfig, type PoolConfig } from '@switchyard/config';
import { jobCodec, type Job } from '@switchyard/contracts';
import { deadLetterRecord, injectTraceContext, jobHeaders, loggedDeadLetter, resultRecord, withinSizeLimit, type DeadLetterTarget, type InboundMessage, type OutboundRecord, type TopicNames } from '@switchyard/messaging';
import { SPAN_ATTRIBUTES, type Logger, type ServiceMetrics } from '@switchyard/telemetry';
import { failureOutcome, successOutcome, type JobOutcome } from './job-outcome';

/** What one model call of a job used, to settle against its reservation (0 for a failed call releases it). */
export interface CallUsage {
  job: Job;
  actual: { tokens: number; costUsd: number };
}

export interface ServeDeps {
  pool: PoolConfig;
  model: ModelConfig;
  backend: ModelBackend;
  limit: ConcurrencyLimit;
  stats: CallStats;
  tracer: Tracer;
  metrics: ServiceMetrics;
  topics: TopicNames;
  /** Where jobs that cannot go on go, and the broker's record size limit every record is checked against. */
  deadLetters: DeadLetterTarget;
  /** Each dead-lettered job is logged once, with its id and code (never its prompt). */
  logger: Logger;
  maxAttempts: number;
  /** Settles a chunk's calls in one round trip. */
  settleUsage: (usages: CallUsage[]) => Promise<void>;
  now?: () => number;
}

/**
 * Calls the model for each job (bounded by the worker's concurrency limit,
 * each call with its timeout) and turns every job into exactly one record:
 * its result, its hand-off to a fallback pool, or its dead letter. What the
 * calls used is settled once for the chunk, before its records are returned
 * (and committed).
 */
export async function serveJobs(messages: InboundMessage<Job>[], deps: ServeDeps): Promise<OutboundRecord[]> {
  const usages: CallUsage[] = [];
  const records = await Promise.all(messages.map((message) => deps.limit.run(() => serveOne(message, deps, usages))));
  await deps.settleUsage(usages);
  return records;
}

async function serveOne(message: InboundMessage<Job>, deps: ServeDeps, usages: CallUsage[]): Promise<OutboundRecord> {
  const job = message.value;
  const now = deps.now ?? Date.now;
  const span = deps.tracer.startSpan(
    'model call',
    { kind: SpanKind.CLIENT, attributes: { [SPAN_ATTRIBUTES.jobId]: job.id, [SPAN_ATTRIBUTES.model]: deps.model.id, [SPAN_ATTRIBUTES.pool]: deps.pool.id, [SPAN_ATTRIBUTES.attempt]: job.attempt } },
    message.traceContext,
  );
  const spanContext = trace.setSpan(message.traceContext, span);
  const outcome = await callModel(job, deps, now, usages);
  if (outcome.kind === 'dead-letter') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.code });
  span.setAttribute(SPAN_ATTRIBUTES.outcome, outcome.kind);
  if (outcome.kind === 'fallback') deps.metrics.fellBack(deps.model.id, outcome.job.decision?.model ?? outcome.pool);
  span.end();
  return toRecord(outcome, message, deps, spanContext);
}

async function callModel(job: Job, deps: ServeDeps, now: () => number, usages: CallUsage[]): Promise<JobOutcome> {
  if (job.deadlineUnixMs > 0 && now() > job.deadlineUnixMs) {
    return { kind: 'dead-letter', code: 'DEADLINE_EXCEEDED', reason: `deadline ${new Date(job.deadlineUnixMs).toISOString()} passed before ${deps.model.id} was called` };
  }
  const started = now();
  deps.stats.callStarted();
  try {
    const completion = await deps.backend.complete(toCompletionRequest(job), { signal: AbortSignal.timeout(deps.model.timeoutMs) });
    const latencyMs = now() - started;
    const { inputTokens, outputTokens } = completion.usage;
    const cost = costUsd(deps.model.pricing, completion.usage.inputTokens, completion.usage.outputTokens);
    deps.stats.callFinished({ ok: true, latencyMs, tokens: inputTokens + outputTokens });
    deps.metrics.modelCalled({ model: deps.model.id, pool: deps.pool.id, ok: true, latencyMs, inputTokens, outputTokens, costUsd: cost });
    usages.push({ job, actual: { tokens: inputTokens + outputTokens, costUsd: cost } });
    return successOutcome(job, completion, { model: deps.model, pool: deps.pool.id, latencyMs, costUsd: cost }, now());
  } catch (err) {
    const latencyMs = now() - started;
    deps.stats.callFinished({ ok: false, latencyMs, tokens: 0 });
    deps.metrics.modelCalled({ model: deps.model.id, pool: deps.pool.id, ok: false, latencyMs, inputTokens: 0, outputTokens: 0, costUsd: 0 });
    usages.push({ job, actual: { tokens: 0, costUsd: 0 } });
    const error = classifyError(err);
    // A request no model can accept (malformed, too large) is the job's fault: no fallback will help.
    if (error.kind === 'invalid_request') return { kind: 'dead-letter', code: error.code, reason: `${deps.model.id} rejected the request: ${error.message}` };
    return failureOutcome(job, error.toErrorInfo(), deps.model.id, deps.maxAttempts);
  }
}

/**
 * The outcome's record. A result or fallback that would not fit the broker's
 * limit (a long answer, a job near the limit with its error added) goes to the
 * DLQ as RECORD_TOO_LARGE instead of failing the transaction on every replay.
 */
function toRecord(outcome: JobOutcome, message: InboundMessage<Job>, deps: ServeDeps, spanContext: ReturnType<typeof trace.setSpan>): OutboundRecord {
  const job = message.value;
  const { dlqTopic, stage, maxMessageBytes } = deps.deadLetters;
  if (outcome.kind === 'dead-letter') {
    return loggedDeadLetter(deps.logger, deadLetterRecord(dlqTopic, message, jobCodec.encode(job), stage, Object.assign(new Error(outcome.reason), { code: outcome.code }), maxMessageBytes), job.id);
  }
  const record: OutboundRecord =
    outcome.kind === 'result'
      ? resultRecord(deps.topics.results, job, outcome.result, injectTraceContext(jobHeaders(job), spanContext))
      : { topic: deps.topics.pool(outcome.pool), key: message.key, value: jobCodec.encode(outcome.job), headers: injectTraceContext(jobHeaders(outcome.job), spanContext) };
  const fitted = withinSizeLimit(record, message, () => jobCodec.encode(job), deps.deadLetters);
  return fitted === record ? record : loggedDeadLetter(deps.logger, fitted, job.id);
}
