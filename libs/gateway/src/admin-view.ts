import type { SwitchyardConfig } from '@switchyard/config';
import { isEjected, modelBreaker, poolBreaker, type LiveSnapshot } from '@switchyard/routing';
import { GatewayError } from './gateway-error';
import type { Caller } from './sync-request';

/** Admin methods other than TenantStats are for operator tokens only. @throws GatewayError permission_denied */
export function requireAdmin(caller: Caller, method: string): void {
  if (!caller.admin) throw new GatewayError('permission_denied', `${method} needs an admin token`);
}

/** Every configured model with its live breaker and usage this minute. */
export function listModels(config: SwitchyardConfig, snapshot: LiveSnapshot, now: number) {
  return config.models.map((m) => {
    const breaker = snapshot.breakers[modelBreaker(m.id)];
    const usage = snapshot.modelUsage[m.id];
    return {
      id: m.id,
      provider: m.provider,
      modalities: m.modalities,
      contextWindow: m.contextWindow,
      inputUsdPerMtok: m.pricing.inputUsdPerMTok,
      outputUsdPerMtok: m.pricing.outputUsdPerMTok,
      breakerOpen: breaker !== undefined && isEjected(breaker, now),
      requestsThisMinute: usage?.requestsThisMinute ?? 0,
      tokensThisMinute: usage?.tokensThisMinute ?? 0,
    };
  });
}

/** How a pool looks from this router: live state, how synchronous calls reach it, whether it is draining. */
export interface PoolReach {
  isDraining(poolId: string): boolean;
  workerCount(poolId: string): number;
}

/** Every configured pool with its live state. */
export function listPools(config: SwitchyardConfig, snapshot: LiveSnapshot, reach: PoolReach, now: number) {
  return config.pools.map((p) => {
    const live = snapshot.pools[p.id];
    const breaker = snapshot.breakers[poolBreaker(p.id)];
    return {
      id: p.id,
      model: p.model,
      live: live !== undefined && live.leaseExpiresAt > now && !(breaker && isEjected(breaker, now)),
      inFlight: live?.inFlight ?? 0,
      ewmaLatencyMs: live?.ewmaLatencyMs ?? 0,
      errorRate: live?.errorRate ?? 0,
      capacity: live?.capacity ?? 0,
      draining: reach.isDraining(p.id),
      reachedBy: p.direct ? 'direct' : 'worker',
      workersWithAddress: p.direct ? 0 : reach.workerCount(p.id),
    };
  });
}

/**
 * A tenant's usage this minute and spend in its budget window. A tenant
 * token reads only its own tenant; an admin token reads any.
 * @throws GatewayError permission_denied for another tenant, not_found for an unknown one
 */
export function tenantStats(config: SwitchyardConfig, snapshot: LiveSnapshot, caller: Caller, requested: string) {
  const tenantId = requested || caller.tenant;
  if (!caller.admin && tenantId !== caller.tenant) throw new GatewayError('permission_denied', `tenant: a token of tenant "${caller.tenant}" may not read another tenant's statistics`, { field: 'tenant' });
  const tenant = config.tenants.find((t) => t.id === tenantId);
  if (!tenant) throw new GatewayError('not_found', `tenant: unknown tenant "${tenantId}"`, { field: 'tenant' });
  const usage = snapshot.tenantUsage[tenant.id];
  return {
    tenant: tenant.id,
    requestsThisMinute: usage?.requestsThisMinute ?? 0,
    tokensThisMinute: usage?.tokensThisMinute ?? 0,
    spendUsd: snapshot.tenantSpendUsd[tenant.id] ?? 0,
    budgetUsd: tenant.budgetUsd ?? 0,
    budgetWindow: tenant.budgetWindow,
  };
}
