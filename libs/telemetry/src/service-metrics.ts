import type { Counter, Histogram, Meter, ObservableGauge } from '@opentelemetry/api';
import { LATENCY_BUCKETS_MS, METRICS, type MetricDefinition } from './metric-catalog';

/** What the router's live snapshot says about pools and breakers (structurally the routing lib's LiveSnapshot). */
export interface LiveLoadView {
  takenAt: number;
  pools: Record<string, { model: string; inFlight: number; capacity: number; leaseExpiresAt: number }>;
  breakers: Record<string, { ejectedUntil: number }>;
}

export interface ConsumerLag {
  group: string;
  topic: string;
  lag: number;
}

export interface ModelCall {
  model: string;
  pool: string;
  ok: boolean;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/**
 * The metrics a service records, one method per thing that happened, with
 * the names and attributes of metric-catalog.ts. Recording never throws into
 * the service; with a no-op meter (unit tests) it records nothing.
 */
export class ServiceMetrics {
  private readonly decisions: Counter;
  private readonly refusals: Counter;
  private readonly endToEnd: Histogram;
  private readonly hop: Histogram;
  private readonly callLatency: Histogram;
  private readonly tokens: Counter;
  private readonly cost: Counter;
  private readonly fallbacks: Counter;
  private readonly deadLetters: Counter;

  constructor(private readonly meter: Meter) {
    this.decisions = this.counter(METRICS.routingDecisions);
    this.refusals = this.counter(METRICS.limitRefusals);
    this.endToEnd = this.histogram(METRICS.endToEndLatency);
    this.hop = this.histogram(METRICS.hopLatency);
    this.callLatency = this.histogram(METRICS.modelCallLatency);
    this.tokens = this.counter(METRICS.modelTokens);
    this.cost = this.counter(METRICS.modelCost);
    this.fallbacks = this.counter(METRICS.fallbacks);
    this.deadLetters = this.counter(METRICS.deadLetters);
  }

  routed(decision: { model: string; strategy: string; route: string }): void {
    this.decisions.add(1, { model: decision.model, strategy: decision.strategy, route: decision.route });
  }

  limitRefused(tenant: string, reason: string): void {
    this.refusals.add(1, { tenant, reason });
  }

  modelCalled(call: ModelCall): void {
    this.callLatency.record(call.latencyMs, { model: call.model, pool: call.pool, outcome: call.ok ? 'ok' : 'error' });
    if (!call.ok) return;
    this.tokens.add(call.inputTokens, { model: call.model, direction: 'input' });
    this.tokens.add(call.outputTokens, { model: call.model, direction: 'output' });
    this.cost.add(call.costUsd, { model: call.model });
  }

  fellBack(fromModel: string, toModel: string): void {
    this.fallbacks.add(1, { from_model: fromModel, to_model: toModel });
  }

  /** A job's result reached the end of the pipeline; jobs without a creation time are not measured. */
  jobFinished(model: string, createdUnixMs: number, now = Date.now()): void {
    if (createdUnixMs > 0) this.endToEnd.record(Math.max(0, now - createdUnixMs), { model });
  }

  /** A stage committed the outputs of records written to `topic` at these times (Kafka record timestamps). */
  hopCommitted(stage: string, topic: string, writtenUnixMs: number[], now = Date.now()): void {
    for (const written of writtenUnixMs) this.hop.record(Math.max(0, now - written), { stage, topic });
  }

  deadLettered(stage: string, reason: string, count = 1): void {
    this.deadLetters.add(count, { stage, reason });
  }

  /** Pool load and breaker state, read from the router's snapshot each time metrics are collected. */
  observeLiveLoad(read: () => LiveLoadView): void {
    const inFlight = this.gauge(METRICS.poolInFlight);
    const capacity = this.gauge(METRICS.poolCapacity);
    const breakerOpen = this.gauge(METRICS.breakerOpen);
    this.meter.addBatchObservableCallback(
      (result) => {
        const view = read();
        for (const [pool, state] of Object.entries(view.pools)) {
          const attributes = { pool, model: state.model };
          const live = state.leaseExpiresAt > view.takenAt;
          result.observe(inFlight, live ? state.inFlight : 0, attributes);
          result.observe(capacity, live ? state.capacity : 0, attributes);
        }
        for (const [target, breaker] of Object.entries(view.breakers)) result.observe(breakerOpen, breaker.ejectedUntil > view.takenAt ? 1 : 0, { target });
      },
      [inFlight, capacity, breakerOpen],
    );
  }

  /** Consumer lag of this service's groups, asked of Kafka each time metrics are collected. */
  observeConsumerLag(read: () => Promise<ConsumerLag[]>): void {
    this.gauge(METRICS.consumerLag).addCallback(async (result) => {
      for (const { group, topic, lag } of await read()) result.observe(lag, { group, topic });
    });
  }

  private counter(metric: MetricDefinition): Counter {
    return this.meter.createCounter(metric.name, { unit: metric.unit, description: metric.description });
  }

  private histogram(metric: MetricDefinition): Histogram {
    return this.meter.createHistogram(metric.name, { unit: metric.unit, description: metric.description, advice: { explicitBucketBoundaries: LATENCY_BUCKETS_MS } });
  }

  private gauge(metric: MetricDefinition): ObservableGauge {
    return this.meter.createObservableGauge(metric.name, { unit: metric.unit, description: metric.description });
  }
}
