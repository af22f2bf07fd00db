import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AuthenticatedRequest } from './request-principal';

/**
 * Rate limits per caller: a key or a user gets its own budget wherever it calls from, and anonymous requests
 * (sign-in, health) are counted per client address. Runs after authentication, which sets the principal.
 */
@Injectable()
export class PrincipalThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const { principal, ip } = request as unknown as AuthenticatedRequest;
    return principal ? `${principal.kind}:${principal.id}` : `ip:${ip ?? 'unknown'}`;
  }
}
