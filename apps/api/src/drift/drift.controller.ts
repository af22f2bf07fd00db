import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DRIFT_THRESHOLDS } from '@hitscreen/drift';
import type { ScreeningService } from '@hitscreen/screening';
import { AuditTrail } from '../audit/audit-trail';
import { ACCESS } from '../auth/access-rules';
import { RequireAccess } from '../auth/access.decorators';
import { ApiAccessResponses } from '../auth/api-access-responses';
import type { AuthenticatedRequest } from '../auth/request-principal';
import { viewerOf } from '../auth/viewer';
import { ApiError } from '../common/api-error';
import { SCREENING_SERVICE } from '../tokens';
import { DriftService, type DailyDriftReport, type ScreenModelDrift } from './drift.service';

/** Screen ids are the service's; anything that could not be one is a 404 without a database round trip. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Drift of incoming chemistry from the models' training data (libs/drift): per screen, stored when the screen
 * finished, and as a daily series per model. Every read is audited.
 */
@ApiTags('drift')
@ApiAccessResponses()
@Controller()
export class DriftController {
  constructor(
    @Inject(SCREENING_SERVICE) private readonly screening: ScreeningService,
    private readonly drift: DriftService,
    private readonly audit: AuditTrail,
  ) {}

  @Get('screens/:id/drift')
  @RequireAccess(ACCESS.screensRead)
  @ApiOperation({
    summary: "A screen's drift from each model's training data",
    description:
      'Per model the screen ran: `{ molecules, outOfDomainRate, properties: [{ name, psi }], drift, reasons, … }` ' +
      '(as `cli models drift`), computed when the screen finished; `models` is empty before that. `drift` is true ' +
      'when any model drifted.',
  })
  @ApiParam({ name: 'id' })
  @ApiOkResponse({ description: '`{ screenId, status, drift, models: [...] }`' })
  @ApiResponse({ status: 404, description: 'No such screen (or not visible to the caller).' })
  async screenDrift(
    @Param('id') id: string,
    @Req() req: AuthenticatedRequest,
  ): Promise<{ screenId: string; status: string; drift: boolean; models: ScreenModelDrift[] }> {
    return this.audit.around(
      req,
      { action: 'screen.drift', resource: `screens/${id}/drift` },
      async () => {
        const screen = ID.test(id) ? await this.screening.get(id, viewerOf(req)) : null;
        if (!screen) throw ApiError.notFound(`no screen "${id}"`);
        const models = await this.drift.forScreen(id);
        return { screenId: id, status: screen.status, drift: models.some((m) => m.drift), models };
      },
      (r) => ({ models: r.models.length, drift: r.drift }),
    );
  }

  @Get('drift')
  @RequireAccess(ACCESS.driftSeries)
  @ApiOperation({
    summary: "A model's daily drift series",
    description:
      "Per UTC day with screens: the bin counts of that day's screens added up and assessed as one library " +
      '(PSI per property, out-of-domain rate, drift and reasons). Aggregate over every screen of the deployment, ' +
      'whoever submitted it: chemists and admins, no API key. Days without a screen are absent.',
  })
  @ApiQuery({ name: 'model', required: true })
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM-DD (default: 29 days before `to`)' })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD (default: today, UTC)' })
  @ApiOkResponse({ description: '`{ model, from, to, thresholds, days: [{ day, screens, … }] }`' })
  @ApiResponse({ status: 400, description: 'Unknown model, a malformed day, or more than 366 days.' })
  async series(
    @Query('model') model: unknown,
    @Query('from') from: unknown,
    @Query('to') to: unknown,
    @Req() req: AuthenticatedRequest,
  ): Promise<{
    model: string;
    from: string;
    to: string;
    thresholds: typeof DRIFT_THRESHOLDS;
    days: DailyDriftReport[];
  }> {
    return this.audit.around(
      req,
      { action: 'drift.series', resource: 'drift', details: { model, from, to } },
      async () => {
        const reference = this.drift.model(model);
        const range = DriftService.range(from, to);
        const days = await this.drift.daily(reference, range.from, range.to);
        return { model: reference.name, ...range, thresholds: DRIFT_THRESHOLDS, days };
      },
      (r) => ({ days: r.days.length }),
    );
  }
}
