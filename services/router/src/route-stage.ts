import { SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { affinityKeyOf, jobCodec, type Job, type RouteDecision } from '@switchyard/contracts';
import { deadLetterRecord, injectTraceContext, loggedDeadLetter, jobHeaders, withinSizeLimit, type DeadLetterTarget, type InboundMessage, type OutboundRecord, type TopicNames } from '@switchyard/messaging';
import { decisionOnJob, LimitExceededError, RoutingError, type Admission, type JobCandidates, type LiveSnapshot, type RoutingEngine } from '@switchyard/routing';
import { UsageLimitError } from '@switchyard/state';
import { SPAN_ATTRIBUTES, type Logger, type ServiceMetrics } from '@switchyard/telemetry';

export interface RouteDeps {
  engine: RoutingEngine;
  snapshot: () => LiveSnapshot;
  /** Counts each routed job against shared limits, in order; per job, why it may not go on, or null. */
  reserve: (routed: { job: Job; decision: RouteDecision }[]) => Promise<(UsageLimitError | null)[]>;
  tracer: Tracer;
  metrics: ServiceMetrics;
  topics: TopicNames;
  /** Known tenant (or its stand-in) and deadline not past, checked before deciding. */
  admit: (job: Job, now: number) => Admission;
  deadLetters: DeadLetterTarget;
  logger: Logger;
  /** The candidates the routed job's decision carries (config `routing.jobCandidates`). */
  jobCandidates: JobCandidates;
}

/** A decided job carries the job as routing saw it (an unknown tenant's stand-in), which its limits are counted against. */
type Routed = { message: InboundMessage<Job>; span: Span; routedAs: Job; decision: RouteDecision } | { message: InboundMessage<Job>; span: Span; error: RoutingError };

/**
 * Decides model and pool for each classified job from the local snapshot (no
 * Redis round trip per decision), reserves its usage against shared limits,
 * and forwards it to the pool's topic keyed by its affinity key so related
 * jobs stay in order. A job refused by admission, one no model can serve,
 * one over a limit, or one that would outgrow the broker's size limit goes
 * to the DLQ with the reason, logged once (id, stage, code; never the prompt).
 */
export async function routeJobs(messages: InboundMessage<Job>[], deps: RouteDeps): Promise<OutboundRecord[]> {
  const snapshot = deps.snapshot();
  const now = Date.now();
  const routed = messages.map((message): Routed => {
    const job = message.value;
    const span = deps.tracer.startSpan('route', { kind: SpanKind.CONSUMER, attributes: { [SPAN_ATTRIBUTES.jobId]: job.id, [SPAN_ATTRIBUTES.tenant]: job.tenant } }, message.traceContext);
    try {
      const admitted = deps.admit(job, now);
      if ('error' in admitted) return { message, span, error: admitted.error };
      return { message, span, routedAs: admitted.job, decision: deps.engine.decide(admitted.job, snapshot, now) };
    } catch (err) {
      if (!(err instanceof RoutingError)) {
        span.end();
        throw err;
      }
      return { message, span, error: err };
    }
  });
  const decided = routed.flatMap((entry) => ('decision' in entry ? [{ job: entry.routedAs, decision: entry.decision }] : []));
  const refusals = await deps.reserve(decided).catch((err: unknown) => {
    for (const { span } of routed) span.end();
    throw err;
  });
  let next = 0;
  return routed.map((entry) => {
    const { message, span } = entry;
    const job = message.value;
    try {
      const refusal = 'decision' in entry ? refusals[next++] : entry.error;
      if (refusal || !('decision' in entry)) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: refusal?.code });
        // Refused by a limit either in the snapshot (the engine) or in Redis (the reservation).
        if (refusal instanceof LimitExceededError || refusal instanceof UsageLimitError) deps.metrics.limitRefused(job.tenant, refusal.code);
        const { dlqTopic, stage, maxMessageBytes } = deps.deadLetters;
        return loggedDeadLetter(deps.logger, deadLetterRecord(dlqTopic, message, jobCodec.encode(job), stage, refusal, maxMessageBytes), job.id);
      }
      const { decision } = entry;
      deps.metrics.routed(decision);
      span.setAttributes({ [SPAN_ATTRIBUTES.model]: decision.model, [SPAN_ATTRIBUTES.pool]: decision.pool, [SPAN_ATTRIBUTES.strategy]: decision.strategy });
      const record: OutboundRecord = {
        topic: deps.topics.pool(decision.pool),
        key: affinityKeyOf(job),
        value: jobCodec.encode({ ...job, decision: decisionOnJob(decision, deps.jobCandidates) }),
        headers: injectTraceContext(jobHeaders(job), trace.setSpan(message.traceContext, span)),
      };
      const fitted = withinSizeLimit(record, message, () => jobCodec.encode(job), deps.deadLetters);
      return fitted === record ? record : loggedDeadLetter(deps.logger, fitted, job.id);
    } finally {
      span.end();
    }
  });
}
