import type { ModelConfig, SwitchyardConfig } from '@switchyard/config';
import type { Job, RouteDecision } from '@switchyard/contracts';
import { predictOutputTokens } from '@switchyard/routing';
import { reservationToCarry, type LiveStateStore, type ReserveRequest, type ReserveResult, type UsageLimits } from '@switchyard/state';
import { throttledWarning, type Logger } from '@switchyard/telemetry';

/** A routed job refused by a limit shared across router replicas. */
export class UsageLimitError extends Error {
  readonly code = 'LIMIT_EXCEEDED';
}

/**
 * Counts each routed job against its model's and tenant's per-minute limits
 * and the tenant's budget in Redis, atomically across router replicas (the
 * snapshot the engine read may be up to one refresh old). While Redis is away
 * the snapshot check alone applies: jobs keep flowing, a warning says so.
 */
export class UsageReservations {
  private readonly models: Map<string, ModelConfig>;
  private readonly tenants: Map<string, UsageLimits['tenant']>;
  private readonly warnNotReserved: (err: unknown) => void;

  constructor(
    private readonly store: LiveStateStore,
    config: SwitchyardConfig,
    logger: Logger,
  ) {
    this.warnNotReserved = throttledWarning(logger, 'usage not reserved in Redis; limits checked against the last snapshot only');
    this.models = new Map(config.models.map((m) => [m.id, m]));
    this.tenants = new Map(config.tenants.map((t) => [t.id, t]));
  }

  /**
   * Per routed job, in order: null when it may go on, else the reason it may
   * not. One Redis round trip for the whole chunk. A job that may go on
   * carries its reservation in its decision, for the worker to settle.
   */
  async reserveAll(routed: readonly { job: Job; decision: RouteDecision }[]): Promise<(UsageLimitError | null)[]> {
    let results: ReserveResult[];
    try {
      results = await this.store.reserveAll(routed.map(({ job, decision }) => this.request(job, decision)));
    } catch (err) {
      this.warnNotReserved(err);
      return routed.map(() => null);
    }
    return results.map((result, i) => {
      if (!result.ok) return new UsageLimitError(result.reason);
      routed[i].decision.reservation = reservationToCarry(result.reservation);
      return null;
    });
  }

  private request(job: Job, decision: RouteDecision): ReserveRequest {
    const model = this.models.get(decision.model);
    const tokens = (job.classification?.estimatedTokens ?? 0) + (model ? predictOutputTokens(model, job.maxOutputTokens) : 0);
    return { tenant: job.tenant, model: decision.model, tokens, costUsd: decision.predictedCostUsd, limits: { model: model?.limits, tenant: this.tenants.get(job.tenant) } };
  }
}
