import { GatewayError, type GatewayErrorKind } from '@switchyard/gateway';
import { ApiError, type ApiErrorType } from './api-error';

/** OpenAI's error type per gateway kind; the status comes from the gateway's one table (`httpStatus`). */
const TYPES: Record<GatewayErrorKind, ApiErrorType> = {
  invalid_argument: 'invalid_request_error',
  unauthenticated: 'authentication_error',
  permission_denied: 'permission_error',
  not_found: 'not_found_error',
  resource_exhausted: 'rate_limit_error',
  unavailable: 'server_error',
  deadline_exceeded: 'timeout_error',
  cancelled: 'invalid_request_error',
  upstream_failed: 'server_error',
  internal: 'server_error',
};

/**
 * Any failure of a call as OpenAI's error. A GatewayError keeps its message, field and code
 * (lower-cased, OpenAI's style: LIMIT_EXCEEDED -> limit_exceeded); anything else is an internal
 * error whose message stays in the router's log, not in the answer.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (!(error instanceof GatewayError)) return new ApiError(500, 'server_error', 'internal', 'internal error in the router; its log has the details');
  const retryAfterSeconds = error.kind === 'resource_exhausted' ? Math.max(1, Math.ceil((error.retryAfterMs ?? 1_000) / 1_000)) : undefined;
  return new ApiError(error.httpStatus, TYPES[error.kind], error.code.toLowerCase(), error.message, error.field ?? null, retryAfterSeconds);
}
