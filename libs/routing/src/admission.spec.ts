import { completeJob } from '@switchyard/contracts';
import { admission } from './admission';

const NOW = 1_764_000_000_000;
const tenants = [{ id: 'acme' }, { id: 'guests' }] as Parameters<typeof admission>[0]['tenants'];

describe('admission', () => {
  it('refuses a tenant missing from the config when the policy is reject, naming the tenant', () => {
    const admit = admission({ tenants, unknownTenants: { policy: 'reject' } });
    expect(admit(completeJob({ id: 'j1', tenant: 'acme', prompt: 'p' }), NOW)).toEqual({ job: expect.objectContaining({ tenant: 'acme' }) });
    const refused = admit(completeJob({ id: 'j2', tenant: 'stranger', prompt: 'p' }), NOW);
    expect('error' in refused && [refused.error.code, refused.error.message]).toEqual(['UNKNOWN_TENANT', 'job "j2": tenant "stranger" is not in the config (unknownTenants.policy is reject)']);
  });

  it('routes an unknown tenant as the configured stand-in, so its limits apply', () => {
    const admit = admission({ tenants, unknownTenants: { policy: 'as-tenant', tenant: 'guests' } });
    expect(admit(completeJob({ id: 'j1', tenant: 'stranger', prompt: 'p' }), NOW)).toEqual({ job: expect.objectContaining({ id: 'j1', tenant: 'guests' }) });
  });

  it('gives a deadline already past its own code', () => {
    const admit = admission({ tenants, unknownTenants: { policy: 'reject' } });
    const late = admit(completeJob({ id: 'j1', tenant: 'acme', prompt: 'p', deadlineUnixMs: NOW - 5 }), NOW);
    expect('error' in late && late.error.code).toBe('DEADLINE_EXCEEDED');
    expect(admit(completeJob({ id: 'j1', tenant: 'acme', prompt: 'p', deadlineUnixMs: NOW + 5 }), NOW)).toHaveProperty('job');
  });
});
