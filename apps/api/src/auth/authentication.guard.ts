import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IdentityService, Principal } from '@hitscreen/auth';
import { ApiError } from '../common/api-error';
import { ACCESS_RULE, PUBLIC_ROUTE, type AccessRule } from './access.decorators';
import type { AuthenticatedRequest } from './request-principal';

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
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request);
    if (!principal) throw ApiError.unauthorized('a valid bearer token or API key is required');
    request.principal = principal;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, targets);
    if (rule && !allows(rule, principal))
      throw ApiError.forbidden(
        principal.kind === 'api-key'
          ? `this API key is not granted ${rule.scope ? `the ${rule.scope} scope` : 'access to this route (people only)'}`
          : `role ${principal.role} may not do this (needs ${[...rule.roles, 'admin'].join(' or ')})`,
      );
    return true;
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
