export type { Gateway } from './gateway';
export { GATEWAY_ERROR_KINDS, GatewayError, invalidField } from './gateway-error';
export type { GatewayErrorDetails, GatewayErrorKind } from './gateway-error';
export type { CallOptions, Caller, RouteAnswer, SyncRequest, TokenEvent } from './sync-request';
export { TenantAuth, hashToken } from './tenant-auth';
