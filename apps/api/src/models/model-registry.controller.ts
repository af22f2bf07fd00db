import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import {
  ModelCheckError,
  ModelRegistryError,
  PromotionRefusedError,
  type ModelRegistry,
} from '@hitscreen/model-registry';
import { AuditTrail } from '../audit/audit-trail';
import { RequireAccess } from '../auth/access.decorators';
import { ACCESS } from '../auth/access-rules';
import { ApiAccessResponses } from '../auth/api-access-responses';
import { actorOf, type AuthenticatedRequest } from '../auth/request-principal';
import { ApiError } from '../common/api-error';
import { errorBody } from '../common/error-body';
import { MODEL_REGISTRY } from './model-registry.provider';

export class RegisterModelDto {
  @ApiProperty({
    example: 'candidates/esol/20261129T1400Z',
    description: 'A model directory relative to the models root (never an absolute path or one outside it).',
  })
  dir!: string;
}

export class ShadowDto {
  @ApiProperty({ description: 'true: run beside production on finished screens; false: stop.' }) on!: boolean;
}

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * The model registry for admins: versions with their files' hashes, gated promotion, retirement, shadow runs.
 * Changes are audited by the registry with the admin as the actor (refused promotions with their numbers);
 * reads through the audit trail.
 */
@ApiTags('models')
@ApiAccessResponses()
@ApiResponse({
  status: 422,
  description: 'A refused change (with the reason and, for a promotion, the numbers).',
})
@Controller('models/registry')
export class ModelRegistryController {
  constructor(
    @Inject(MODEL_REGISTRY) private readonly registry: ModelRegistry,
    private readonly audit: AuditTrail,
  ) {}

  @Get()
  @RequireAccess(ACCESS.adminOnly)
  @ApiOperation({
    summary: 'Every registered version (or those of ?name=), with status, files and training data',
  })
  list(@Query('name') name: unknown, @Req() req: AuthenticatedRequest) {
    if (name !== undefined && (typeof name !== 'string' || !NAME.test(name)))
      throw ApiError.badRequest('name must be a model name');
    return this.audit.around(
      req,
      { action: 'model.registry.read', resource: 'models/registry', details: { name: name ?? null } },
      async () => ({ items: await this.registry.list(name as string | undefined) }),
      (r) => ({ versions: r.items.length }),
    );
  }

  @Post()
  @RequireAccess(ACCESS.adminOnly)
  @ApiOperation({
    summary:
      'Register a model directory under the models root: checked (card, featurizer, ONNX parity) and hashed',
  })
  register(@Body() body: RegisterModelDto, @Req() req: AuthenticatedRequest) {
    const change = {
      action: 'model.register',
      resource: 'models/registry',
      details: { dir: String(body?.dir) },
    };
    return this.change(req, change, () => {
      const dir = this.dirUnderRoot(body?.dir);
      return this.registry.register(dir, actorOf(req.principal));
    });
  }

  @Get(':name/:version')
  @RequireAccess(ACCESS.adminOnly)
  @ApiOperation({
    summary: 'One version: card, files, promotion attempts with their comparisons, shadow reports',
  })
  get(@Param('name') name: string, @Param('version') version: string, @Req() req: AuthenticatedRequest) {
    return this.audit.around(
      req,
      { action: 'model.version.read', resource: `models/${name}/${version}`.slice(0, 300) },
      () => refused(() => this.registry.get(name, version)),
    );
  }

  @Post(':name/:version/promote')
  @RequireAccess(ACCESS.adminOnly)
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Promote a candidate if its headline metrics on the name's evaluation set are within the tolerance of production",
  })
  promote(@Param('name') name: string, @Param('version') version: string, @Req() req: AuthenticatedRequest) {
    return this.change(req, { action: 'model.promote', resource: `models/${name}/${version}` }, () =>
      this.registry.promote(name, version, actorOf(req.principal)),
    );
  }

  @Post(':name/:version/retire')
  @RequireAccess(ACCESS.adminOnly)
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire a version (production only once another version is production)' })
  retire(@Param('name') name: string, @Param('version') version: string, @Req() req: AuthenticatedRequest) {
    return this.change(req, { action: 'model.retire', resource: `models/${name}/${version}` }, () =>
      this.registry.retire(name, version, actorOf(req.principal)),
    );
  }

  @Post(':name/:version/shadow')
  @RequireAccess(ACCESS.adminOnly)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run a candidate beside production on finished screens, or stop ({ "on": boolean })',
  })
  shadow(
    @Param('name') name: string,
    @Param('version') version: string,
    @Body() body: ShadowDto,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.change(req, { action: 'model.shadow', resource: `models/${name}/${version}` }, () => {
      if (typeof body?.on !== 'boolean') throw ApiError.badRequest('send { "on": true | false }');
      return this.registry.setShadow(name, version, body.on, actorOf(req.principal));
    });
  }

  /**
   * A change: the registry audits what it does (with the admin as actor); a change refused before or by it (a bad
   * path, an unknown version, a wrong status) is audited here as failed with the answer's status and reason. A
   * refused promotion is audited by the registry (denied, with the numbers), not twice.
   */
  private async change<T>(
    req: AuthenticatedRequest,
    entry: { action: string; resource: string; details?: Record<string, unknown> },
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await refused(work);
    } catch (error) {
      if (!(error instanceof ApiError && error.cause instanceof PromotionRefusedError)) {
        const answer = errorBody(error);
        await this.audit.record(req, { ...entry, resource: entry.resource.slice(0, 300) }, 'failed', {
          status: answer.statusCode,
          reason: answer.message,
        });
      }
      throw error;
    }
  }

  /**
   * Only directories inside the models root may be registered over HTTP: the path is relative, and after
   * following links it must still be inside the root, so a request cannot make the server read arbitrary files.
   */
  private dirUnderRoot(dir: unknown): string {
    if (typeof dir !== 'string' || dir.trim() === '')
      throw ApiError.badRequest('send { "dir": "<a model directory relative to the models root>" }');
    if (isAbsolute(dir) || dir.includes('\0'))
      throw ApiError.badRequest('dir must be relative to the models root');
    const root = realpathSync(this.registry.root);
    const wanted = resolve(root, dir);
    const inside = (path: string) => {
      const rel = relative(root, path);
      return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
    };
    if (!inside(wanted)) throw ApiError.badRequest('dir must be inside the models root');
    if (!existsSync(wanted)) throw ApiError.unprocessable(`no directory ${dir} under the models root`);
    if (!inside(realpathSync(wanted))) throw ApiError.badRequest('dir must be inside the models root');
    return wanted;
  }
}

/** Registry refusals as answers: an unknown version 404, a refused change (or a refused promotion) 422. */
async function refused<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ModelRegistryError && error.kind === 'not-found')
      throw new ApiError(404, 'not_found', error.message, { cause: error });
    if (
      error instanceof PromotionRefusedError ||
      error instanceof ModelRegistryError ||
      error instanceof ModelCheckError
    )
      throw ApiError.unprocessable(error.message, { cause: error });
    throw error;
  }
}
