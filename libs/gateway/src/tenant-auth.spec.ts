import { GatewayError } from './gateway-error';
import { hashToken, TenantAuth } from './tenant-auth';

const tenant = (id: string, tokens: string[]) => ({ id, budgetWindow: 'day' as const, defaultRoute: 'default', tokenSha256: tokens.map(hashToken) });

describe('TenantAuth', () => {
  const auth = new TenantAuth({ auth: { adminTokenSha256: [hashToken('ops')] }, tenants: [tenant('acme', ['a1', 'a2']), tenant('beta', ['b1'])] });

  it('knows a tenant by any of its tokens, and an operator token as admin of no tenant', () => {
    expect(auth.authenticate('Bearer a2')).toEqual({ tenant: 'acme', admin: false });
    expect(auth.authenticate('bearer b1')).toEqual({ tenant: 'beta', admin: false });
    expect(auth.authenticate('Bearer ops')).toEqual({ tenant: '', admin: true });
  });

  it('refuses a missing, malformed or unknown token without repeating it', () => {
    for (const value of [undefined, 'a1', 'Basic a1', 'Bearer nope']) {
      const error = (() => {
        try {
          auth.authenticate(value);
        } catch (err) {
          return err as GatewayError;
        }
      })();
      expect(error).toBeInstanceOf(GatewayError);
      expect(error).toMatchObject({ kind: 'unauthenticated', grpcStatus: 16, httpStatus: 401 });
      expect(error!.message).not.toContain('nope');
    }
  });

  it('lets calls without a token act as the anonymous tenant when one is configured, and rotates tokens on reload', () => {
    const open = new TenantAuth({ auth: { anonymousTenant: 'beta', adminTokenSha256: [] }, tenants: [tenant('beta', ['b1'])] });
    expect(open.authenticate(undefined)).toEqual({ tenant: 'beta', admin: false });
    open.reload({ auth: { adminTokenSha256: [] }, tenants: [tenant('beta', ['b2'])] });
    expect(() => open.authenticate('Bearer b1')).toThrow('unknown token');
    expect(open.authenticate('Bearer b2')).toEqual({ tenant: 'beta', admin: false });
    expect(() => open.authenticate(undefined)).toThrow('a bearer token is required');
  });
});
