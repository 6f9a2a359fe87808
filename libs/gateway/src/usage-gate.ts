import type { ModelConfig, SwitchyardConfig, TenantConfig } from '@switchyard/config';
import type { Job, RouteDecision } from '@switchyard/contracts';
import { reserveRequestFor, type LiveStateStore, type Reservation, type ReserveRequest, type ReserveResult } from '@switchyard/state';
import { throttledWarning, type Logger } from '@switchyard/telemetry';
import { GatewayError } from './gateway-error';

/** A call counted against the shared limits; settle it with what the call really used (0 when it failed). */
export interface UsageTicket {
  settle(actual: { tokens: number; costUsd: number }): void;
}

const MINUTE_MS = 60_000;

/** Milliseconds until the window that refused a call rolls over (UTC, as the state lib counts them). */
export function retryAfterMs(reason: string, tenant: TenantConfig | undefined, now: number): number {
  if (!reason.includes('budget')) return MINUTE_MS - (now % MINUTE_MS);
  const d = new Date(now);
  const next =
    tenant?.budgetWindow === 'hour'
      ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1)
      : tenant?.budgetWindow === 'month'
        ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
        : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
  return next - now;
}

function mayRefuse(request: ReserveRequest): boolean {
  const { model, tenant } = request.limits;
  return Boolean(model?.requestsPerMinute || model?.tokensPerMinute || tenant?.requestsPerMinute || tenant?.tokensPerMinute || tenant?.budgetUsd);
}

interface Queued {
  request: ReserveRequest;
  resolve(result: ReserveResult | undefined): void;
}

/** How long counts of calls no limit can refuse wait to share one Redis round trip. */
const COUNT_EVERY_MS = 100;

/**
 * Counts synchronous calls against the same per-minute limits and budgets as
 * Kafka jobs, in Redis, shared by every router replica. A call that some
 * limit could refuse waits for its reservation (reservations made in the same
 * turn of the event loop share one reserveAll round trip) and settles it with
 * what it used. A call no limit can refuse touches Redis only after it ends:
 * its actual usage is counted with the others of the last COUNT_EVERY_MS in
 * one round trip, in the minute of that flush. While Redis is away calls go
 * on (the engine already checked the snapshot), with a throttled warning.
 */
export class UsageGate {
  private readonly models: Map<string, ModelConfig>;
  private readonly tenants: Map<string, TenantConfig>;
  private readonly warn: (err: unknown) => void;
  private queue: Queued[] = [];
  private counts: ReserveRequest[] = [];
  private readonly countTimer: NodeJS.Timeout;

  constructor(
    private readonly store: Pick<LiveStateStore, 'reserveAll' | 'settle'>,
    config: SwitchyardConfig,
    logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.models = new Map(config.models.map((m) => [m.id, m]));
    this.tenants = new Map(config.tenants.map((t) => [t.id, t]));
    this.warn = throttledWarning(logger, 'synchronous call not counted in Redis; limits checked against the last snapshot only');
    this.countTimer = setInterval(() => void this.flushCounts(), COUNT_EVERY_MS);
    this.countTimer.unref();
  }

  /** @throws GatewayError resource_exhausted naming the limit, with when to retry. */
  async admit(job: Job, decision: RouteDecision): Promise<UsageTicket> {
    const model = this.models.get(decision.model);
    const tenant = this.tenants.get(job.tenant);
    const request = reserveRequestFor(job, decision, model, tenant);
    if (!mayRefuse(request)) return { settle: (actual) => void this.counts.push({ ...request, tokens: actual.tokens, costUsd: actual.costUsd }) };
    const result = await this.enqueue(request);
    if (result && !result.ok) {
      throw new GatewayError('resource_exhausted', result.reason, { code: 'LIMIT_EXCEEDED', retryAfterMs: retryAfterMs(result.reason, tenant, this.now()) });
    }
    return {
      settle: (actual) => {
        if (result?.ok) void this.settleReservation(result.reservation, actual);
      },
    };
  }

  /** Counts what is pending now; the router calls it once more when it stops. */
  async close(): Promise<void> {
    clearInterval(this.countTimer);
    await this.flushCounts();
  }

  private async flushCounts(): Promise<void> {
    const batch = this.counts;
    if (batch.length === 0) return;
    this.counts = [];
    try {
      await this.store.reserveAll(batch);
    } catch (err) {
      this.warn(err);
    }
  }

  private async settleReservation(reservation: Reservation, actual: { tokens: number; costUsd: number }): Promise<void> {
    try {
      await this.store.settle(reservation, actual);
    } catch (err) {
      this.warn(err);
    }
  }

  private enqueue(request: ReserveRequest): Promise<ReserveResult | undefined> {
    return new Promise((resolve) => {
      if (this.queue.length === 0) setImmediate(() => void this.flush());
      this.queue.push({ request, resolve });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    try {
      const results = await this.store.reserveAll(batch.map((q) => q.request));
      batch.forEach((q, i) => q.resolve(results[i]));
    } catch (err) {
      this.warn(err);
      for (const q of batch) q.resolve(undefined);
    }
  }
}
