import type { IncomingMessage, ServerResponse } from 'node:http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type MetricReader } from '@opentelemetry/sdk-metrics';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { ServiceMetrics } from './service-metrics';

export interface MetricsOptions {
  service: string;
  /** OTLP/HTTP endpoint (the same as for traces); without one, metrics are only on the Prometheus endpoint. */
  otlpEndpoint?: string;
  /** How often metrics are pushed over OTLP. @default 15000 */
  otlpExportIntervalMs?: number;
}

export interface Metrics {
  metrics: ServiceMetrics;
  /** Answers a Prometheus scrape (the health server mounts it at /metrics). */
  scrape(request: IncomingMessage, response: ServerResponse): void;
  close(): Promise<void>;
}

/**
 * One meter provider per service with two readers: a Prometheus exporter
 * that answers scrapes on the service's own HTTP port (no second server),
 * and, when an endpoint is configured, a periodic OTLP push. Telemetry never
 * throws into the app: export failures are the exporter's to log.
 */
export function startMetrics(options: MetricsOptions): Metrics {
  const prometheus = new PrometheusExporter({ preventServerStart: true, withoutScopeInfo: true });
  const readers: MetricReader[] = [prometheus];
  if (options.otlpEndpoint) {
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/metrics` }),
        exportIntervalMillis: options.otlpExportIntervalMs ?? 15_000,
      }),
    );
  }
  const provider = new MeterProvider({ resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.service }), readers });
  return {
    metrics: new ServiceMetrics(provider.getMeter(`switchyard-${options.service}`)),
    scrape: (request, response) => prometheus.getMetricsRequestHandler(request, response),
    close: () => provider.shutdown().catch(() => undefined),
  };
}
