import * as grpc from '@grpc/grpc-js';
import { GatewayError, type Caller, type TenantAuth } from '@switchyard/gateway';

/** Trailers that carry what a status code alone cannot. One home for their names. */
export const GRPC_TRAILERS = {
  /** RESOURCE_EXHAUSTED: milliseconds until a retry may succeed. */
  retryAfterMs: 'retry-after-ms',
  /** The request field at fault (INVALID_ARGUMENT, NOT_FOUND). */
  field: 'sy-field',
  /** The model whose failure ended the call. */
  model: 'sy-model',
  /** The gateway's machine-readable reason, e.g. LIMIT_EXCEEDED. */
  errorCode: 'sy-error-code',
} as const;

/** Any failure of a handler as the status a gRPC client receives; unknown errors become INTERNAL without their details. */
export function toGrpcError(err: unknown): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  if (!(err instanceof GatewayError)) {
    return Object.assign(new Error('internal error'), { code: grpc.status.INTERNAL, details: 'internal error', metadata });
  }
  metadata.set(GRPC_TRAILERS.errorCode, err.code);
  if (err.field) metadata.set(GRPC_TRAILERS.field, err.field);
  if (err.model) metadata.set(GRPC_TRAILERS.model, err.model);
  let details = err.message;
  if (err.retryAfterMs !== undefined) {
    metadata.set(GRPC_TRAILERS.retryAfterMs, String(Math.ceil(err.retryAfterMs)));
    details = `${details} (retry after ${Math.ceil(err.retryAfterMs)} ms)`;
  }
  return Object.assign(new Error(details), { code: err.grpcStatus, details, metadata });
}

/** The caller of a gRPC call, from its `authorization` metadata only. @throws GatewayError unauthenticated */
export function grpcCaller(auth: TenantAuth, metadata: grpc.Metadata): Caller {
  const value = metadata.get('authorization')[0];
  return auth.authenticate(typeof value === 'string' ? value : undefined);
}
