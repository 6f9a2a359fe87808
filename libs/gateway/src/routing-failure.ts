import type { TenantConfig } from '@switchyard/config';
import { DeadlineExceededError, LimitExceededError, NoEligibleModelError, RoutingError, UnknownRouteError, UnknownTenantError } from '@switchyard/routing';
import { GatewayError } from './gateway-error';
import { PINNED_ROUTE_PREFIX } from './request-job';
import { retryAfterMs } from './usage-gate';

/** The allow-list rejection of the constraints ("tenant "x" may not use it"). */
const NOT_ALLOWED = 'may not use it';
/** The constraints' rejection of a model outside the route. */
const NOT_IN_ROUTE = 'not a candidate of route';

/** What the refusal of admission or of the engine means to a synchronous caller. */
export function routingFailure(err: RoutingError, tenant: TenantConfig | undefined, now: number): GatewayError {
  if (err instanceof DeadlineExceededError) return new GatewayError('deadline_exceeded', `deadline_unix_ms: ${err.message}`, { field: 'deadline_unix_ms', code: err.code, cause: err });
  // The token is valid, but its tenant is not one the config serves (a reloaded token's, or the anonymous tenant's).
  if (err instanceof UnknownTenantError) return new GatewayError('permission_denied', err.message, { code: err.code, cause: err });
  if (err instanceof UnknownRouteError) {
    if (err.route.startsWith(PINNED_ROUTE_PREFIX)) {
      return new GatewayError('not_found', `model: unknown model "${err.route.slice(PINNED_ROUTE_PREFIX.length)}"`, { field: 'model', code: 'UNKNOWN_MODEL', cause: err });
    }
    return new GatewayError('not_found', `route: ${err.message}`, { field: 'route', code: err.code, cause: err });
  }
  if (err instanceof LimitExceededError) {
    return new GatewayError('resource_exhausted', err.message, { code: err.code, retryAfterMs: retryAfterMs(err.message, tenant, now), cause: err });
  }
  // Refused only because the tenant may not use the route's models (the others are simply not in the route).
  if (err instanceof NoEligibleModelError && err.rejections.some((r) => r.reason.includes(NOT_ALLOWED)) && err.rejections.every((r) => r.reason.includes(NOT_ALLOWED) || r.reason.startsWith(NOT_IN_ROUTE))) {
    return new GatewayError('permission_denied', err.message, { code: 'MODEL_NOT_ALLOWED', cause: err });
  }
  return new GatewayError('unavailable', err.message, { code: err.code, cause: err });
}
