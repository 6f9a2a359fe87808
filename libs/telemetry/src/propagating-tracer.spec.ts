import { context, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { PropagatingTracer } from './propagating-tracer';
import { startTracing, type Tracing } from './tracing';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const remoteParent = (flags: string, tracestate?: string) =>
  propagation.extract(ROOT_CONTEXT, { traceparent: `00-${TRACE_ID}-b7ad6b7169203331-${flags}`, ...(tracestate ? { tracestate } : {}) });

describe('tracing without an exporter', () => {
  let tracing: Tracing;
  beforeAll(() => {
    tracing = startTracing({ service: 'propagating-test' });
  });
  afterAll(() => tracing.close());

  it('records nothing, and a root span starts a sampled trace', () => {
    expect(tracing.tracer).toBeInstanceOf(PropagatingTracer);
    const span = tracing.tracer.startSpan('root');
    expect(span.isRecording()).toBe(false);
    expect(trace.isSpanContextValid(span.spanContext())).toBe(true);
    expect(span.spanContext().traceFlags).toBe(TraceFlags.SAMPLED);
  });

  it.each([
    ['sampled', '01', TraceFlags.SAMPLED],
    ['unsampled', '00', TraceFlags.NONE],
  ])('continues a %s remote parent: same trace, its flags and state, a new span id', (_, flags, expected) => {
    const span = tracing.tracer.startSpan('child', {}, remoteParent(flags, 'vendor=1'));
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.spanContext().spanId).not.toBe('b7ad6b7169203331');
    expect(span.spanContext().traceFlags).toBe(expected);
    expect(span.spanContext().traceState?.get('vendor')).toBe('1');
  });

  it('hands the trace on in the headers it injects', () => {
    const span = tracing.tracer.startSpan('hop', {}, remoteParent('01'));
    const headers: Record<string, string> = {};
    propagation.inject(trace.setSpan(ROOT_CONTEXT, span), headers);
    expect(headers.traceparent).toBe(`00-${TRACE_ID}-${span.spanContext().spanId}-01`);
  });

  it('starts a new trace for a root span even under a parent, and makes an active span current', () => {
    expect(tracing.tracer.startSpan('detached', { root: true }, remoteParent('01')).spanContext().traceId).not.toBe(TRACE_ID);
    const seen = tracing.tracer.startActiveSpan('active', {}, remoteParent('01'), (span) => [span.spanContext().spanId, trace.getSpanContext(context.active())?.spanId]);
    expect(seen[1]).toBe(seen[0]);
  });
});

describe('tracing with an exporter', () => {
  it('records and exports the spans', async () => {
    const exported: ReadableSpan[] = [];
    const exporter: SpanExporter = {
      export: (spans, done) => {
        exported.push(...spans);
        done({ code: ExportResultCode.SUCCESS });
      },
      shutdown: async () => undefined,
    };
    const tracing = startTracing({ service: 'exporting-test', exporter });
    tracing.tracer.startSpan('exported', {}, remoteParent('01')).end();
    await tracing.close();
    expect(exported.map((s) => [s.name, s.spanContext().traceId])).toEqual([['exported', TRACE_ID]]);
  });
});
