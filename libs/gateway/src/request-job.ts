import { randomUUID } from 'node:crypto';
import { assertValidJob, completeJob, InvalidJobError, type Job } from '@switchyard/contracts';
import { GatewayError } from './gateway-error';
import type { SyncRequest } from './sync-request';

/** Route name prefix under which each model can be named directly (see withPinnedModelRoutes). */
export const PINNED_ROUTE_PREFIX = 'model:';

/** The earlier of two absolute deadlines, 0 meaning none. */
export function earlierDeadline(a: number, b: number): number {
  if (a > 0 && b > 0) return Math.min(a, b);
  return a > 0 ? a : b;
}

/**
 * The job a synchronous request runs as: the caller's tenant (never the
 * body's), a fresh id when none was given, the earlier deadline, and nothing
 * the caller may not set (decision, classification, attempts). Validated by
 * the same rules as a Kafka job; admitted (tenant, deadline) by the router's
 * admission, as a Kafka job is.
 * @throws GatewayError invalid_argument naming the field; permission_denied for an admin token.
 */
export function requestJob(request: SyncRequest, now: number, deadlineUnixMs = 0): Job {
  if (request.caller.admin) throw new GatewayError('permission_denied', 'an admin token may not make model calls; use a tenant token');
  const given = request.job;
  const job = completeJob({
    ...given,
    id: given.id || randomUUID(),
    tenant: request.caller.tenant,
    route: request.model ? PINNED_ROUTE_PREFIX + request.model : given.route,
    deadlineUnixMs: earlierDeadline(Number(given.deadlineUnixMs ?? 0), deadlineUnixMs),
    createdUnixMs: now,
    attempt: 0,
    triedModels: [],
    classification: null,
    decision: null,
    lastError: null,
  });
  try {
    assertValidJob(job);
  } catch (err) {
    if (err instanceof InvalidJobError) throw new GatewayError('invalid_argument', err.message, { field: err.field });
    throw err;
  }
  return job;
}
