import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IdentityService, Principal } from '@hitscreen/auth';
import type { AuditLog } from '@hitscreen/db';
import { ApiError } from '../common/api-error';
import { AUDIT_LOG } from '../tokens';
import { ACCESS_RULE, PUBLIC_ROUTE, type AccessRule } from './access.decorators';
import { FailedAuthLimiter } from './failed-auth-limiter';
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
    @Optional() @Inject(FailedAuthLimiter) private readonly failures?: FailedAuthLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request);
    if (!principal) throw ApiError.unauthorized('a valid bearer token or API key is required');
    if (principal === BLOCKED)
      throw blockedError((await this.failures?.retryAfter(sourceOf(request) ?? 'unknown')) || 60);
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

  /**
   * The principal of the request's credential; null without one or for a bad one; BLOCKED when its address sent
   * too many bad ones lately (then the credential is not even checked, so a right guess looks like a wrong one).
   */
  private async authenticate(request: AuthenticatedRequest): Promise<Principal | null | typeof BLOCKED> {
    const apiKey = request.header('x-api-key');
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.header('authorization') ?? '')?.[1];
    if (!apiKey && !bearer) return null;
    const address = sourceOf(request) ?? 'unknown';
    if (this.failures && (await this.failures.retryAfter(address)) > 0) return BLOCKED;
    const principal = apiKey
      ? await this.identity.authenticateApiKey(apiKey)
      : await this.identity.authenticateBearer(bearer ?? '');
    if (!principal && (await this.failures?.fail(address))) return BLOCKED;
    return principal;
  }
}

const BLOCKED = Symbol('blocked');

function blockedError(retryAfterSeconds: number): ApiError {
  return ApiError.tooManyRequests(
    `too many failed credentials from this address; try again in ${retryAfterSeconds} s`,
  );
}

export function allows(rule: AccessRule, principal: Principal): boolean {
  if (principal.kind === 'api-key') return rule.scope !== undefined && principal.scopes.includes(rule.scope);
  return principal.role === 'admin' || rule.roles.includes(principal.role);
}
