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
