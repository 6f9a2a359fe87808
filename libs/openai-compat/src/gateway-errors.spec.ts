import { GATEWAY_ERROR_KINDS, GatewayError } from '@switchyard/gateway';
import { toApiError } from './gateway-errors';

describe('toApiError', () => {
  it.each([
    ['invalid_argument', 400, 'invalid_request_error'],
    ['unauthenticated', 401, 'authentication_error'],
    ['permission_denied', 403, 'permission_error'],
    ['not_found', 404, 'not_found_error'],
    ['resource_exhausted', 429, 'rate_limit_error'],
    ['unavailable', 503, 'server_error'],
    ['deadline_exceeded', 504, 'timeout_error'],
  ] as const)('answers %s with HTTP %i and type %s', (kind, status, type) => {
    expect(GATEWAY_ERROR_KINDS[kind].http).toBe(status);
    expect(toApiError(new GatewayError(kind, 'why'))).toMatchObject({ status, type, message: 'why' });
  });

  it('keeps the field as param and the code in lower case', () => {
    const error = toApiError(new GatewayError('invalid_argument', 'messages[0].role: bad', { field: 'messages[0].role', code: 'INVALID_ROLE' }));
    expect(JSON.parse(error.body())).toEqual({ error: { message: 'messages[0].role: bad', type: 'invalid_request_error', param: 'messages[0].role', code: 'invalid_role' } });
  });

  it('tells a limited caller when to retry, in whole seconds rounded up', () => {
    expect(toApiError(new GatewayError('resource_exhausted', 'limit', { retryAfterMs: 1_200 })).retryAfterSeconds).toBe(2);
    expect(toApiError(new GatewayError('resource_exhausted', 'limit', { retryAfterMs: 10 })).retryAfterSeconds).toBe(1);
    expect(toApiError(new GatewayError('unavailable', 'none')).retryAfterSeconds).toBeUndefined();
  });

  it('answers anything else as a 500 without its message, which may hold internals', () => {
    const error = toApiError(new Error('redis at 10.0.0.7:6379 refused'));
    expect(error.status).toBe(500);
    expect(error.message).not.toContain('10.0.0.7');
  });
});
