/**
 * The one place that names Switchyard's metrics, their units and their
 * attributes. Services record them through ServiceMetrics; the Grafana
 * dashboard and its test read the same names. Names are already in
 * Prometheus form (snake case, unit in the name), so an OTLP backend and a
 * Prometheus scrape show the same series, apart from the suffixes Prometheus
 * adds (`_total` for counters, `_bucket`/`_sum`/`_count` for histograms).
 */

export type MetricKind = 'counter' | 'histogram' | 'gauge';

export interface MetricDefinition {
  name: string;
  kind: MetricKind;
  unit: string;
  description: string;
  /** Attribute keys every data point carries. */
  attributes: readonly string[];
}

/** Bucket bounds (ms) for latencies: a simulated call takes ~5 ms, a large model's answer tens of seconds. */
export const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000];

export const METRICS = {
  routingDecisions: {
    name: 'switchyard_routing_decisions',
    kind: 'counter',
    unit: '{decision}',
    description: 'Jobs routed, by chosen model, strategy and route',
    attributes: ['model', 'strategy', 'route'],
  },
  limitRefusals: {
    name: 'switchyard_limit_refusals',
    kind: 'counter',
    unit: '{job}',
    description: 'Routed jobs refused by a shared limit (rate, tokens, budget), by tenant and limit code',
    attributes: ['tenant', 'reason'],
  },
  endToEndLatency: {
    name: 'switchyard_job_end_to_end_latency_ms',
    kind: 'histogram',
    unit: 'ms',
    description: 'From job creation to its result reaching the scorer, by model',
    attributes: ['model'],
  },
  hopLatency: {
    name: 'switchyard_hop_latency_ms',
    kind: 'histogram',
    unit: 'ms',
    description: 'From a record being written to its topic to the stage committing its outputs, by stage and input topic',
    attributes: ['stage', 'topic'],
  },
  modelCallLatency: {
    name: 'switchyard_model_call_latency_ms',
    kind: 'histogram',
    unit: 'ms',
    description: 'One model call, by model, pool and outcome (ok or error)',
    attributes: ['model', 'pool', 'outcome'],
  },
  modelTokens: {
    name: 'switchyard_model_tokens',
    kind: 'counter',
    unit: '{token}',
    description: 'Tokens of successful model calls, by model and direction (input or output)',
    attributes: ['model', 'direction'],
  },
  modelCost: {
    name: 'switchyard_model_cost_usd',
    kind: 'counter',
    unit: 'USD',
    description: 'Cost of successful model calls by model, from the configured prices',
    attributes: ['model'],
  },
  fallbacks: {
    name: 'switchyard_fallbacks',
    kind: 'counter',
    unit: '{job}',
    description: 'Jobs handed to their next ranked fallback after a failed call, by failed and next model',
    attributes: ['from_model', 'to_model'],
  },
  poolInFlight: {
    name: 'switchyard_pool_in_flight',
    kind: 'gauge',
    unit: '{call}',
    description: "Model calls in flight across a pool's workers, as the router sees them",
    attributes: ['pool', 'model'],
  },
  poolCapacity: {
    name: 'switchyard_pool_capacity',
    kind: 'gauge',
    unit: '{call}',
    description: "Sum of the concurrency of a pool's live workers (0: no live worker)",
    attributes: ['pool', 'model'],
  },
  breakerOpen: {
    name: 'switchyard_breaker_open',
    kind: 'gauge',
    unit: '1',
    description: 'Circuit breaker state per model and pool: 1 while ejected, 0 while closed',
    attributes: ['target'],
  },
  consumerLag: {
    name: 'switchyard_consumer_lag',
    kind: 'gauge',
    unit: '{record}',
    description: "Records a consumer group has not yet consumed, summed over the topic's partitions",
    attributes: ['group', 'topic'],
  },
  deadLetters: {
    name: 'switchyard_dlq_entries',
    kind: 'counter',
    unit: '{record}',
    description: 'Records published to the DLQ, by the stage that sent them and the reason code',
    attributes: ['stage', 'reason'],
  },
} as const satisfies Record<string, MetricDefinition>;

/** The series a Prometheus scrape shows for one metric (what a dashboard query may name). */
export function prometheusSeries(metric: MetricDefinition): string[] {
  switch (metric.kind) {
    case 'counter':
      return [`${metric.name}_total`];
    case 'histogram':
      return ['_bucket', '_sum', '_count'].map((suffix) => `${metric.name}${suffix}`);
    case 'gauge':
      return [metric.name];
  }
}
