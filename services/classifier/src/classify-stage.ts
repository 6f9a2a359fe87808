import { SpanKind, trace, type Tracer } from '@opentelemetry/api';
import { affinityKeyOf, jobCodec, type Job } from '@switchyard/contracts';
import type { ClassifierProvider } from '@switchyard/classification';
import { injectTraceContext, jobHeaders, type InboundMessage, type OutboundRecord, type TopicNames } from '@switchyard/messaging';
import { SPAN_ATTRIBUTES } from '@switchyard/telemetry';

/** Labels each job and forwards it, keyed by its affinity key, to the router's topic (or the pipeline advancer's, when it names a pipeline). */
export function classifyJobs(messages: InboundMessage<Job>[], deps: { classifiers: ClassifierProvider; tracer: Tracer; topics: TopicNames }): OutboundRecord[] {
  return messages.map(({ value: job, traceContext }) => {
    const span = deps.tracer.startSpan('classify', { kind: SpanKind.CONSUMER, attributes: { [SPAN_ATTRIBUTES.jobId]: job.id, [SPAN_ATTRIBUTES.tenant]: job.tenant } }, traceContext);
    try {
      const classification = deps.classifiers.current().classify(job);
      span.setAttributes({ [SPAN_ATTRIBUTES.taskType]: classification.taskType, [SPAN_ATTRIBUTES.classifier]: classification.classifier });
      const classified: Job = { ...job, classification };
      return {
        topic: job.pipeline ? deps.topics.pipelines : deps.topics.classified,
        key: affinityKeyOf(job),
        value: jobCodec.encode(classified),
        headers: injectTraceContext(jobHeaders(job), trace.setSpan(traceContext, span)),
      };
    } finally {
      span.end();
    }
  });
}
