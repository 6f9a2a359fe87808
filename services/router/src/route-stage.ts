import { SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { jobCodec, type Job } from '@switchyard/contracts';
import { deadLetterRecord, injectTraceContext, jobHeaders, type InboundMessage, type OutboundRecord, type TopicNames } from '@switchyard/messaging';
import { RoutingError, type LiveSnapshot, type RoutingEngine } from '@switchyard/routing';

export interface RouteDeps {
  engine: RoutingEngine;
  snapshot: () => LiveSnapshot;
  tracer: Tracer;
  topics: TopicNames;
}

/**
 * Decides model and pool for each classified job from the local snapshot (no
 * Redis round trip per decision) and forwards it to the pool's topic, keyed
 * by its affinity key so related jobs stay in order. A job no model can serve
 * goes to the DLQ with every model's rejection reason.
 */
export function routeJobs(messages: InboundMessage<Job>[], deps: RouteDeps): OutboundRecord[] {
  const snapshot = deps.snapshot();
  return messages.map((message) => {
    const job = message.value;
    const span = deps.tracer.startSpan('route', { kind: SpanKind.CONSUMER, attributes: { 'switchyard.job_id': job.id, 'switchyard.tenant': job.tenant } }, message.traceContext);
    try {
      const decision = deps.engine.decide(job, snapshot);
      span.setAttributes({ 'switchyard.model': decision.model, 'switchyard.pool': decision.pool, 'switchyard.strategy': decision.strategy });
      return {
        topic: deps.topics.pool(decision.pool),
        key: job.affinityKey || job.tenant,
        value: jobCodec.encode({ ...job, decision }),
        headers: injectTraceContext(jobHeaders(job), trace.setSpan(message.traceContext, span)),
      };
    } catch (err) {
      if (!(err instanceof RoutingError)) throw err;
      span.setStatus({ code: SpanStatusCode.ERROR, message: err.code });
      return deadLetterRecord(deps.topics.dlq, message, jobCodec.encode(job), 'router', err);
    } finally {
      span.end();
    }
  });
}
