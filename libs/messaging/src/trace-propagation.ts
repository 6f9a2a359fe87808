import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import type { HeaderMap } from './headers';

/** W3C trace context travels in Kafka headers so one job is one trace across services. */
export function extractTraceContext(headers: HeaderMap): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

/** Adds traceparent/tracestate for `ctx` (default: the active context) to the headers. */
export function injectTraceContext(headers: HeaderMap, ctx: Context = context.active()): HeaderMap {
  propagation.inject(ctx, headers);
  return headers;
}
