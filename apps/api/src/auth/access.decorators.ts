import { SetMetadata } from '@nestjs/common';
import type { ApiKeyScope, Role } from '@hitscreen/auth';

export const PUBLIC_ROUTE = 'hitscreen:public';
export const ACCESS_RULE = 'hitscreen:access';

/**
 * Who may call a route: people with one of `roles` (an admin always may), or API keys granted `scope`. A route
 * without `scope` is closed to API keys; a route without any rule is open to every signed-in principal.
 */
export interface AccessRule {
  roles: readonly Role[];
  scope?: ApiKeyScope;
}

/** No credential needed (liveness, the sign-in itself, the OpenAPI document). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

export const RequireAccess = (rule: AccessRule) => SetMetadata(ACCESS_RULE, rule);
