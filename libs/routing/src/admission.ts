import type { SwitchyardConfig } from '@switchyard/config';
import type { Job } from '@switchyard/contracts';
import { RoutingError } from './errors';

/** The job's tenant is not in the config and `unknownTenants.policy` is reject. */
export class UnknownTenantError extends RoutingError {
  readonly code = 'UNKNOWN_TENANT';
}

/** The job's deadline passed before it was routed: no model could answer in time. */
export class DeadlineExceededError extends RoutingError {
  readonly code = 'DEADLINE_EXCEEDED';
}

/** The job as routing and limits must see it, or why it may not be routed at all. */
export type Admission = { job: Job } | { error: RoutingError };

/**
 * What both paths check before they decide (the router's Kafka stage and the
 * synchronous gateway). A tenant missing from the config
 * is refused, or routed, limited and budgeted as the configured stand-in
 * (`unknownTenants`), never served without limits; the job published keeps
 * its own tenant. A deadline already past gets its own code rather than
 * every model's "misses the deadline" (NO_ELIGIBLE_MODEL).
 */
export function admission(config: Pick<SwitchyardConfig, 'tenants' | 'unknownTenants'>): (job: Job, now: number) => Admission {
  const known = new Set(config.tenants.map((t) => t.id));
  const { policy, tenant: standIn } = config.unknownTenants;
  return (job, now) => {
    if (job.deadlineUnixMs > 0 && now >= job.deadlineUnixMs) {
      return { error: new DeadlineExceededError(`job "${job.id}": deadline ${new Date(job.deadlineUnixMs).toISOString()} passed ${now - job.deadlineUnixMs} ms before routing`) };
    }
    if (known.has(job.tenant)) return { job };
    if (policy === 'as-tenant' && standIn) return { job: { ...job, tenant: standIn } };
    return { error: new UnknownTenantError(`job "${job.id}": tenant "${job.tenant.slice(0, 100)}" is not in the config (unknownTenants.policy is reject)`) };
  };
}
