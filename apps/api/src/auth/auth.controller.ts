import { Body, Controller, HttpCode, Inject, Optional, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { IdentityService } from '@hitscreen/auth';
import { AuditTrail } from '../audit/audit-trail';
import { ApiError } from '../common/api-error';
import { Public } from './access.decorators';
import { IDENTITY_SERVICE } from './authentication.guard';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { sourceOf, type AuthenticatedRequest } from './request-principal';

export class SignInRequest {
  @ApiProperty({ example: 'chemist@example.org' })
  email!: string;
  @ApiProperty({ example: 'correct horse battery' })
  password!: string;
}

export class SignInResponse {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <token>`.' })
  token!: string;
  @ApiProperty({ description: 'Seconds until the token expires (AUTH_TOKEN_TTL_S).' })
  expiresIn!: number;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(IDENTITY_SERVICE) private readonly identity: IdentityService,
    @Optional() private readonly audit?: AuditTrail,
    @Optional() @Inject(FailedAuthLimiter) private readonly failures?: FailedAuthLimiter,
  ) {}

  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with e-mail and password; answers a short-lived bearer token' })
  async signIn(@Body() body: SignInRequest, @Req() req: AuthenticatedRequest): Promise<SignInResponse> {
    if (typeof body?.email !== 'string' || typeof body?.password !== 'string')
      throw ApiError.badRequest('send { "email": string, "password": string }');
    // Password guessing from one address is slowed like any bad credential (failed-auth-limiter.ts).
    const address = sourceOf(req) ?? 'unknown';
    const wait = (await this.failures?.retryAfter(address)) ?? 0;
    if (wait > 0)
      throw ApiError.tooManyRequests(`too many failed credentials from this address; try again in ${wait} s`);
    const session = await this.identity.signIn(body.email, body.password);
    if (!session) await this.failures?.fail(address);
    // Sign-ins are audited both ways: a run of refusals for one e-mail or from one address is what an admin
    // looks for. The e-mail is kept (as given, at most 200 characters), never the password.
    const entry = {
      action: 'auth.sign-in',
      resource: 'auth/token',
      details: { email: body.email.slice(0, 200) },
    };
    if (!session) {
      await this.audit?.record(req, entry, 'denied');
      // One answer for an unknown e-mail and a wrong password: the API does not say who has an account.
      throw ApiError.unauthorized('wrong e-mail or password');
    }
    req.principal = (await this.identity.authenticateBearer(session.token)) ?? undefined;
    await this.audit?.record(req, entry, 'allowed');
    return session;
  }
}
