/**
 * A routed job's usage against the limits shared by every router replica: what it reserves, and the
 * reservation of a chunk of Kafka jobs in one round trip (the synchronous path batches its calls the
 * same way in the gateway's UsageGate).
 */
import type { ModelConfig, SwitchyardConfig, TenantConfig } from '@switchyard/config';
import type { Job, RouteDecision } from '@switchyard/contracts';
import { predictOutputTokens } from '@switchyard/routing';
import { throttledWarning, type Logger } from '@switchyard/telemetry';
import type { LiveStateStore } from './live-state-store';
import { reservationToCarry, type ReserveRequest, type ReserveResult } from './usage-limits';

/**
 * What a routed job reserves: its estimated input tokens plus the model's expected output, at the
 * decision's predicted cost, under the model's and the tenant's limits.
 */
export function reserveRequestFor(
  job: Pick<Job, 'tenant' | 'classification' | 'maxOutputTokens'>,
  decision: Pick<RouteDecision, 'model' | 'predictedCostUsd'>,
  model: ModelConfig | undefined,
  tenant: TenantConfig | undefined,
): ReserveRequest {
  const tokens = (job.classification?.estimatedTokens ?? 0) + (model ? predictOutputTokens(model, job.maxOutputTokens) : 0);
  return { tenant: job.tenant, model: decision.model, tokens, costUsd: decision.predictedCostUsd, limits: { model: model?.limits, tenant } };
}

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
  private readonly tenants: Map<string, TenantConfig>;
  private readonly warnNotReserved: (err: unknown) => void;

  constructor(
    private readonly store: Pick<LiveStateStore, 'reserveAll'>,
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
      results = await this.store.reserveAll(routed.map(({ job, decision }) => reserveRequestFor(job, decision, this.models.get(decision.model), this.tenants.get(job.tenant))));
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
}
