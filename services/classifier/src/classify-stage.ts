import { SpanKind, trace, type Tracer } from '@opentelemetry/api';
import { affinityKeyOf, jobCodec, type Job } from '@switchyard/contracts';
import type { ClassifierProvider } from '@switchyard/classification';
import { injectTraceContext, jobHeaders, type InboundMessage, type OutboundRecord, type TopicNames } from '@switchyard/messaging';

/** Labels each job and forwards it, keyed by its affinity key, to the router's topic (or the pipeline advancer's, when it names a pipeline). */
export function classifyJobs(messages: InboundMessage<Job>[], deps: { classifiers: ClassifierProvider; tracer: Tracer; topics: TopicNames }): OutboundRecord[] {
  return messages.map(({ value: job, traceContext }) => {
    const span = deps.tracer.startSpan('classify', { kind: SpanKind.CONSUMER, attributes: { 'switchyard.job_id': job.id, 'switchyard.tenant': job.tenant } }, traceContext);
    try {
      const classification = deps.classifiers.current().classify(job);
      span.setAttributes({ 'switchyard.task_type': classification.taskType, 'switchyard.classifier': classification.classifier });
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
