import { hash } from 'node:crypto';
import type { SwitchyardConfig } from '@switchyard/config';
import { GatewayError } from './gateway-error';
import type { Caller } from './sync-request';

/** The hex SHA-256 of a bearer token: what the config stores instead of the token. One-shot: every call pays it. */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Turns an `authorization` value (gRPC metadata or HTTP header) into the
 * caller. Tokens are compared by their SHA-256 only, and neither the token nor
 * its hash appears in any error or log.
 */
export class TenantAuth {
  private callers = new Map<string, Caller>();
  private anonymous: Caller | undefined;

  constructor(config: Pick<SwitchyardConfig, 'auth' | 'tenants'>) {
    this.reload(config);
  }

  /** Replaces every token by the config's (Admin.ReloadConfig rotates tokens without a restart). */
  reload(config: Pick<SwitchyardConfig, 'auth' | 'tenants'>): void {
    const callers = new Map<string, Caller>();
    for (const tenant of config.tenants) for (const hash of tenant.tokenSha256) callers.set(hash.toLowerCase(), { tenant: tenant.id, admin: false });
    // An admin token is nobody's tenant: it reads and operates, it never makes model calls.
    for (const hash of config.auth.adminTokenSha256) callers.set(hash.toLowerCase(), { tenant: '', admin: true });
    this.callers = callers;
    this.anonymous = config.auth.anonymousTenant ? { tenant: config.auth.anonymousTenant, admin: false } : undefined;
  }

  /** @throws GatewayError unauthenticated when the value is absent (and no anonymous tenant is configured), malformed or unknown. */
  authenticate(authorization: string | undefined): Caller {
    if (!authorization) {
      if (this.anonymous) return this.anonymous;
      throw new GatewayError('unauthenticated', 'authorization: a bearer token is required ("authorization: Bearer <token>")', { field: 'authorization' });
    }
    const match = BEARER.exec(authorization);
    if (!match) throw new GatewayError('unauthenticated', 'authorization: must be "Bearer <token>"', { field: 'authorization' });
    const caller = this.callers.get(hashToken(match[1]));
    if (!caller) throw new GatewayError('unauthenticated', 'authorization: unknown token', { field: 'authorization' });
    return caller;
  }
}
