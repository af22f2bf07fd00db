import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@hitscreen/auth';
import type { Request } from 'express';

/** The authenticated caller, set on the request by the authentication guard. */
export type AuthenticatedRequest = Request & { principal?: Principal };

/** Route parameter: the caller's principal (routes behind the guard always have one). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);

/** How a principal is named in the audit log: `user:<id>` or `key:<id>`. */
export function actorOf(principal: Principal | undefined): string {
  if (!principal) return 'anonymous';
  return `${principal.kind === 'api-key' ? 'key' : 'user'}:${principal.id}`;
}

/** Where a request came from, as the server saw it (behind a proxy: configure Express's trust proxy). */
export function sourceOf(request: Request): string | null {
  return request.ip ?? request.socket?.remoteAddress ?? null;
}
