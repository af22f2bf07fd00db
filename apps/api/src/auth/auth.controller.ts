import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { IdentityService } from '@hitscreen/auth';
import { ApiError } from '../common/api-error';
import { Public } from './access.decorators';
import { IDENTITY_SERVICE } from './authentication.guard';

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
  constructor(@Inject(IDENTITY_SERVICE) private readonly identity: IdentityService) {}

  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with e-mail and password; answers a short-lived bearer token' })
  async signIn(@Body() body: SignInRequest): Promise<SignInResponse> {
    if (typeof body?.email !== 'string' || typeof body?.password !== 'string')
      throw ApiError.badRequest('send { "email": string, "password": string }');
    const session = await this.identity.signIn(body.email, body.password);
    // One answer for an unknown e-mail and a wrong password: the API does not say who has an account.
    if (!session) throw ApiError.unauthorized('wrong e-mail or password');
    return session;
  }
}
