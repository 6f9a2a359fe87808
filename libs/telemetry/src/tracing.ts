import type { Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { PropagatingTracer } from './propagating-tracer';

export interface TracingOptions {
  service: string;
  /** OTLP/HTTP endpoint; without one (and no `exporter`), spans only carry the trace on (PropagatingTracer): nothing is recorded. */
  otlpEndpoint?: string;
  /** Extra exporter, e.g. an in-memory one in tests. */
  exporter?: SpanExporter;
}

export interface Tracing {
  tracer: Tracer;
  close(): Promise<void>;
}

/**
 * Registers a tracer provider with the W3C propagator. Telemetry never throws
 * into the app: export failures are the exporter's to log, not ours to raise.
 */
export function startTracing(options: TracingOptions): Tracing {
  const processors: SpanProcessor[] = [];
  if (options.otlpEndpoint) processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` })));
  if (options.exporter) processors.push(new BatchSpanProcessor(options.exporter));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.service }),
    spanProcessors: processors,
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return {
    tracer: processors.length > 0 ? provider.getTracer(`switchyard-${options.service}`) : new PropagatingTracer(),
    close: () => provider.shutdown().catch(() => undefined),
  };
}
