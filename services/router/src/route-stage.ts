import { SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { jobCodec, type Job, type RouteDecision } from '@switchyard/contracts';
import { deadLetterRecord, injectTraceContext, jobHeaders, type InboundMessage, type OutboundRecord, type TopicNames } from '@switchyard/messaging';
import { RoutingError, type LiveSnapshot, type RoutingEngine } from '@switchyard/routing';
import type { ServiceMetrics } from '@switchyard/telemetry';
import type { UsageLimitError } from './usage-reservation';

export interface RouteDeps {
  engine: RoutingEngine;
  snapshot: () => LiveSnapshot;
  /** Counts each routed job against shared limits, in order; per job, why it may not go on, or null. */
  reserve: (routed: { job: Job; decision: RouteDecision }[]) => Promise<(UsageLimitError | null)[]>;
  tracer: Tracer;
  metrics: ServiceMetrics;
  topics: TopicNames;
}

type Routed = { message: InboundMessage<Job>; span: Span; decision: RouteDecision } | { message: InboundMessage<Job>; span: Span; error: RoutingError };

/**
 * Decides model and pool for each classified job from the local snapshot (no
 * Redis round trip per decision), reserves its usage against shared limits,
 * and forwards it to the pool's topic keyed by its affinity key so related
 * jobs stay in order. A job no model can serve, or one over a limit, goes to
 * the DLQ with the reason.
 */
export async function routeJobs(messages: InboundMessage<Job>[], deps: RouteDeps): Promise<OutboundRecord[]> {
  const snapshot = deps.snapshot();
  const routed = messages.map((message): Routed => {
    const job = message.value;
    const span = deps.tracer.startSpan('route', { kind: SpanKind.CONSUMER, attributes: { 'switchyard.job_id': job.id, 'switchyard.tenant': job.tenant } }, message.traceContext);
    try {
      return { message, span, decision: deps.engine.decide(job, snapshot) };
    } catch (err) {
      if (!(err instanceof RoutingError)) {
        span.end();
        throw err;
      }
      return { message, span, error: err };
    }
  });
  const decided = routed.flatMap((entry) => ('decision' in entry ? [{ job: entry.message.value, decision: entry.decision }] : []));
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
        if ('decision' in entry && refusal) deps.metrics.limitRefused(job.tenant, refusal.code);
        return deadLetterRecord(deps.topics.dlq, message, jobCodec.encode(job), 'router', refusal);
      }
      const { decision } = entry;
      deps.metrics.routed(decision);
      span.setAttributes({ 'switchyard.model': decision.model, 'switchyard.pool': decision.pool, 'switchyard.strategy': decision.strategy });
      return {
        topic: deps.topics.pool(decision.pool),
        key: job.affinityKey || job.tenant,
        value: jobCodec.encode({ ...job, decision }),
        headers: injectTraceContext(jobHeaders(job), trace.setSpan(message.traceContext, span)),
      };
    } finally {
      span.end();
    }
  });
}
