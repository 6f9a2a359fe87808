import { status } from '@grpc/grpc-js';

/**
 * Every way a synchronous call can fail, with the gRPC status and the HTTP
 * status each front door answers. The only table of that mapping: the gRPC
 * and HTTP adapters read it, neither keeps its own.
 */
export const GATEWAY_ERROR_KINDS = {
  /** A field of the request is malformed or missing; `field` names it. */
  invalid_argument: { grpc: status.INVALID_ARGUMENT, http: 400 },
  /** No bearer token, or one that matches no tenant. */
  unauthenticated: { grpc: status.UNAUTHENTICATED, http: 401 },
  /** The token is valid but may not do this (another tenant's statistics, an admin method, a model the tenant may not use). */
  permission_denied: { grpc: status.PERMISSION_DENIED, http: 403 },
  /** The request names a model, route or pool the config does not define; `field` names it. */
  not_found: { grpc: status.NOT_FOUND, http: 404 },
  /** A rate limit or budget is reached; `retryAfterMs` says when to try again. */
  resource_exhausted: { grpc: status.RESOURCE_EXHAUSTED, http: 429 },
  /** No model can serve the request now (every candidate excluded, or every attempt failed before its first token). */
  unavailable: { grpc: status.UNAVAILABLE, http: 503 },
  /** The deadline passed before the answer was complete. */
  deadline_exceeded: { grpc: status.DEADLINE_EXCEEDED, http: 504 },
  /** The caller went away; nobody reads the answer. */
  cancelled: { grpc: status.CANCELLED, http: 499 },
  /** The model failed after tokens were already sent: no fallback is possible; `model` names it. */
  upstream_failed: { grpc: status.UNAVAILABLE, http: 502 },
  /** A bug or a broken dependency inside Switchyard. */
  internal: { grpc: status.INTERNAL, http: 500 },
} as const;

export type GatewayErrorKind = keyof typeof GATEWAY_ERROR_KINDS;

export interface GatewayErrorDetails {
  /** The request field at fault (proto field path, e.g. `messages[0].role`), for invalid_argument and not_found. */
  field?: string;
  /** How long until a retry may succeed, for resource_exhausted. */
  retryAfterMs?: number;
  /** The model whose failure ended the call, for upstream_failed and deadline_exceeded. */
  model?: string;
  /** A short machine-readable reason, e.g. LIMIT_EXCEEDED, NO_ELIGIBLE_MODEL, TIMEOUT. */
  code?: string;
  cause?: unknown;
}

/** The one error type the gateway throws; the front doors map it by `kind`. */
export class GatewayError extends Error {
  readonly field: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly model: string | undefined;
  readonly code: string;

  constructor(
    readonly kind: GatewayErrorKind,
    message: string,
    details: GatewayErrorDetails = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'GatewayError';
    this.field = details.field;
    this.retryAfterMs = details.retryAfterMs;
    this.model = details.model;
    this.code = details.code ?? kind.toUpperCase();
  }

  get grpcStatus(): status {
    return GATEWAY_ERROR_KINDS[this.kind].grpc;
  }

  get httpStatus(): number {
    return GATEWAY_ERROR_KINDS[this.kind].http;
  }
}

/** An INVALID_ARGUMENT whose message starts with the field, as both front doors report it. */
export function invalidField(field: string, problem: string): GatewayError {
  return new GatewayError('invalid_argument', `${field}: ${problem}`, { field });
}
