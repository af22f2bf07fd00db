import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IdentityService, Principal } from '@hitscreen/auth';
import type { AuditLog } from '@hitscreen/db';
import { ApiError } from '../common/api-error';
import { AUDIT_LOG } from '../tokens';
import { ACCESS_RULE, PUBLIC_ROUTE, type AccessRule } from './access.decorators';
import { actorOf, sourceOf, type AuthenticatedRequest } from './request-principal';

export const IDENTITY_SERVICE = Symbol('IdentityService');

/**
 * Who is calling, and may they call this route. `Authorization: Bearer <token>` for people, `X-API-Key` for
 * pipeline clients; no credential or a bad one is 401, a principal outside the route's rule is 403. Ownership of
 * the resource itself is checked by the service's queries, not here (so a guessed id is a 404, not a 403).
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(IDENTITY_SERVICE) private readonly identity: IdentityService,
    @Optional() @Inject(AUDIT_LOG) private readonly audit?: AuditLog,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request);
    if (!principal) throw ApiError.unauthorized('a valid bearer token or API key is required');
    request.principal = principal;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, targets);
    if (rule && !allows(rule, principal)) {
      const reason =
        principal.kind === 'api-key'
          ? `this API key is not granted ${rule.scope ? `the ${rule.scope} scope` : 'access to this route (people only)'}`
          : `role ${principal.role} may not do this (needs ${[...rule.roles, 'admin'].join(' or ')})`;
      await this.recordDenial(request, principal, reason);
      throw ApiError.forbidden(reason);
    }
    return true;
  }

  /**
   * A signed-in caller refused by a route's rule leaves an audit row (a missing credential does not: anonymous
   * noise would flood the table, and the throttler bounds it anyway). The resource is the path, as the services
   * name theirs (`trials/<id>/evaluations/<eid>/patients`).
   */
  private async recordDenial(request: AuthenticatedRequest, principal: Principal, reason: string) {
    await this.audit?.append({
      actor: actorOf(principal),
      action: 'access.denied',
      resource: request.path.replace(/^\/+/, '').slice(0, 300),
      outcome: 'denied',
      source: sourceOf(request),
      details: { method: request.method, reason },
    });
  }

  private async authenticate(request: AuthenticatedRequest): Promise<Principal | null> {
    const apiKey = request.header('x-api-key');
    if (apiKey) return this.identity.authenticateApiKey(apiKey);
    const match = /^Bearer\s+(\S+)$/i.exec(request.header('authorization') ?? '');
    return match ? this.identity.authenticateBearer(match[1]) : null;
  }
}

export function allows(rule: AccessRule, principal: Principal): boolean {
  if (principal.kind === 'api-key') return rule.scope !== undefined && principal.scopes.includes(rule.scope);
  return principal.role === 'admin' || rule.roles.includes(principal.role);
}
