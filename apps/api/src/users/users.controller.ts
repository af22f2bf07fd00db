import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import { IdentityError, isRole, type IdentityService } from '@hitscreen/auth';
import { AuditTrail } from '../audit/audit-trail';
import { RequireAccess } from '../auth/access.decorators';
import { ACCESS } from '../auth/access-rules';
import { ApiAccessResponses } from '../auth/api-access-responses';
import { IDENTITY_SERVICE } from '../auth/authentication.guard';
import { actorOf, type AuthenticatedRequest } from '../auth/request-principal';
import { ApiError } from '../common/api-error';
import { parsePaging, type QueryValue } from '../screens/results-query';

export class NewUserDto {
  @ApiProperty({ example: 'ada@example.org' }) email!: string;
  @ApiProperty({ enum: ['chemist', 'coordinator', 'clinical', 'admin'] }) role!: string;
  @ApiPropertyOptional({ example: 'med-chem', nullable: true }) team?: string | null;
}

export class NewApiKeyDto {
  @ApiProperty({ description: 'The user the key acts for (its team).' }) ownerId!: string;
  @ApiProperty({ example: ['screens:read', 'screens:write'] }) scopes!: string[];
  @ApiPropertyOptional({ example: 'nightly pipeline' }) name?: string;
}

const ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Users and API keys over HTTP, for admins (the CLI's `users` commands do the same on the database). Secrets are
 * generated here and answered exactly once; every change is audited with the admin as the actor.
 */
@ApiTags('users')
@ApiAccessResponses()
@ApiResponse({ status: 422, description: 'A refused change, with the reason.' })
@Controller()
export class UsersController {
  constructor(
    @Inject(IDENTITY_SERVICE) private readonly identity: IdentityService,
    private readonly audit: AuditTrail,
  ) {}

  @Get('users')
  @RequireAccess(ACCESS.adminOnly)
  @ApiOperation({ summary: 'Users by e-mail, paged (never a hash)' })
  async list(@Query('page') page: QueryValue, @Query('pageSize') pageSize: QueryValue) {
    const paging = parsePaging(page, pageSize, 1000);
    return { ...(await this.identity.listUsers(paging.page, paging.pageSize)), ...paging };
  }

  @Post('users')
  @RequireAccess(ACCESS.adminOnly)
  @ApiOperation({ summary: 'Create a user; the generated password is in this answer only' })
  async create(@Body() body: NewUserDto, @Req() req: AuthenticatedRequest) {
    if (typeof body?.email !== 'string' || !isRole(body?.role))
      throw ApiError.badRequest(
        'send { "email": string, "role": chemist|coordinator|clinical|admin, "team"? }',
      );
    if (body.team !== undefined && body.team !== null && typeof body.team !== 'string')
      throw ApiError.badRequest('team must be text or null');
    const password = randomBytes(18).toString('base64url');
    const user = await refused(() =>
      this.identity.createUser(
        { email: body.email, password, role: body.role as never, team: body.team ?? null },
        actorOf(req.principal),
      ),
    );
    return { user, password };
  }

  @Post('users/:id/disable')
  @RequireAccess(ACCESS.adminOnly)
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable a user: their tokens and keys stop working at once' })
  async disable(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    if (!ID.test(id) || !(await this.identity.disableUser(id, actorOf(req.principal))))
      throw ApiError.notFound(`no enabled user ${id}`);
    return { id, disabled: true };
  }

  @Post('api-keys')
  @RequireAccess(ACCESS.adminOnly)
  @ApiOperation({ summary: "Create an API key for a user's pipeline; the key is in this answer only" })
  async createKey(@Body() body: NewApiKeyDto, @Req() req: AuthenticatedRequest) {
    if (typeof body?.ownerId !== 'string' || !Array.isArray(body?.scopes))
      throw ApiError.badRequest('send { "ownerId": string, "scopes": string[], "name"? }');
    const name = typeof body.name === 'string' ? body.name : 'pipeline';
    return refused(() =>
      this.identity.createApiKey(body.ownerId, name, body.scopes.map(String), actorOf(req.principal)),
    );
  }

  @Post('api-keys/:id/revoke')
  @RequireAccess(ACCESS.adminOnly)
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key at once' })
  async revoke(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    if (!ID.test(id) || !(await this.identity.revokeApiKey(id, actorOf(req.principal))))
      throw ApiError.notFound(`no active API key ${id}`);
    return { id, revoked: true };
  }
}

/** An identity refusal (bad e-mail, taken e-mail, short password, unknown scope, unknown owner) is a 422. */
async function refused<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof IdentityError) throw ApiError.unprocessable(error.message);
    throw error;
  }
}
