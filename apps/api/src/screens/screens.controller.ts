import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { ResultRow, ScreeningService, ScreenSummary } from '@hitscreen/screening';
import { buildScreenReport } from '@hitscreen/screen-report';
import { AuditTrail } from '../audit/audit-trail';
import { RequireAccess } from '../auth/access.decorators';
import { ApiAccessResponses } from '../auth/api-access-responses';
import type { AuthenticatedRequest } from '../auth/request-principal';
import { viewerOf } from '../auth/viewer';
import { ACCESS } from '../auth/access-rules';
import { ApiError } from '../common/api-error';
import type { ApiConfig } from '../config/api-config';
import { DriftService } from '../drift/drift.service';
import { ApiMetrics } from '../metrics/api-metrics';
import { ModelCatalog } from '../models/model-catalog';
import { API_CONFIG, SCREENING_SERVICE } from '../tokens';
import { DrawingPool } from '../drawing/drawing-pool';
import { CompoundExplanationService } from './compound-explanation.service';
import {
  CompoundDto,
  ErrorDto,
  ResultPageDto,
  ScreenDto,
  ScreenPageDto,
  SubmitJsonDto,
  SubmitUploadDto,
} from './dto/screen.dto';
import { parsePaging, parseResultsQuery, type QueryValue } from './results-query';
import { streamEvents } from './screen-events';
import { parseExportFormat, streamExport } from './screen-export';
import { ScreenSubmissionService } from './screen-submission.service';

/** Screen ids are the service's; anything that could not be one is a 404 without a database round trip. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

const screenUrl = (id: string) => `/screens/${id}`;

@ApiTags('screens')
@ApiExtraModels(SubmitJsonDto, SubmitUploadDto)
@ApiResponse({ status: 400, description: 'A malformed request, with the reason.', type: ErrorDto })
@ApiResponse({ status: 404, description: 'No such screen.', type: ErrorDto })
@ApiAccessResponses()
@Controller('screens')
export class ScreensController {
  constructor(
    @Inject(SCREENING_SERVICE) private readonly screening: ScreeningService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly submissions: ScreenSubmissionService,
    private readonly explanations: CompoundExplanationService,
    private readonly models: ModelCatalog,
    private readonly metrics: ApiMetrics,
    private readonly audit: AuditTrail,
    private readonly drift: DriftService,
    private readonly drawing: DrawingPool,
  ) {}

  @Post()
  @RequireAccess(ACCESS.screensWrite)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Submit a library',
    description:
      'JSON `{ molecules: [{ id?, smiles }], options }`, or multipart/form-data with option fields first and the ' +
      'library as the last part `file` (SMILES, CSV/TSV with a SMILES column, SDF, each optionally gzip). ' +
      'The format comes from the `format` field, else the file name, else the content. Answers 202 with the ' +
      'screen; its URL is in the Location header and in `url`.',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    // one schema per content type: see openApiDocument
    schema: { oneOf: [{ $ref: getSchemaPath(SubmitJsonDto) }, { $ref: getSchemaPath(SubmitUploadDto) }] },
  })
  @ApiResponse({ status: 202, description: 'Accepted; queued for screening.', type: ScreenDto })
  @ApiResponse({ status: 413, description: 'Beyond MAX_UPLOAD_BYTES or MAX_MOLECULES.', type: ErrorDto })
  @ApiResponse({ status: 415, description: 'Neither JSON nor multipart.', type: ErrorDto })
  @ApiResponse({
    status: 422,
    description: 'Unknown model; an unreadable library (not gzip, no SMILES column, empty).',
    type: ErrorDto,
  })
  async submit(
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ScreenSummary & { url: string }> {
    const type = req.headers['content-type'] ?? '';
    const upload = /^multipart\/form-data/i.test(type);
    // The caller owns the screen; its team (a key's: its owner's) sees it too.
    const { owner, team } = viewerOf(req);
    const submitted = { action: 'screen.submit', resource: 'screens', details: { upload } };
    const screen = await this.audit.around(
      req,
      submitted,
      () => {
        if (upload) return this.submissions.submitUpload(req, { owner, team });
        if (/^application\/json/i.test(type)) return this.submissions.submitJson(req.body, { owner, team });
        throw ApiError.unsupportedMediaType(
          `send application/json or multipart/form-data, not "${type || 'nothing'}"`,
        );
      },
      (s) => ({ screen: s.id, molecules: s.counts.total }),
    );
    this.metrics.screenSubmitted(upload ? 'upload' : 'json', screen.counts.total);
    res.location(screenUrl(screen.id));
    return { ...screen, url: screenUrl(screen.id) };
  }

  @Get()
  @RequireAccess(ACCESS.screensRead)
  @ApiOperation({ summary: 'List screens, newest first' })
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiQuery({ name: 'pageSize', required: false, type: Number })
  @ApiOkResponse({ type: ScreenPageDto })
  list(
    @Query('page') page: QueryValue,
    @Query('pageSize') pageSize: QueryValue,
    @Req() req: AuthenticatedRequest,
  ) {
    const paging = parsePaging(page, pageSize, this.config.limits.maxPageSize);
    return this.screening.list(paging.page, paging.pageSize, viewerOf(req));
  }

  @Get(':id')
  @RequireAccess(ACCESS.screensRead)
  @ApiOperation({ summary: 'A screen: status, counts, progress, timings, model versions' })
  @ApiOkResponse({ type: ScreenDto })
  async get(@Param('id') id: string, @Req() req: AuthenticatedRequest): Promise<ScreenSummary> {
    const read = { action: 'screen.read', resource: `screens/${id}` };
    return this.audit.around(req, read, () => this.screen(id, req), (s) => ({ status: s.status }));
  }

  @Get(':id/results')
  @RequireAccess(ACCESS.screensRead)
  @ApiOperation({
    summary: 'A page of results',
    description:
      '`sort`: comma-separated keys, `-` for descending (`-score`, `qed`, `bace.pIC50`, `tox21.SR-p53.std`). ' +
      '`filter`: repeated or comma-separated conditions such as `qed>=0.5`, `alerts=none`, `in_domain=true`, ' +
      '`tox_max<0.3`. An unknown key or a malformed condition is a 400 with the reason.',
  })
  @ApiParam({ name: 'id' })
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiQuery({ name: 'pageSize', required: false, type: Number })
  @ApiQuery({ name: 'sort', required: false, example: '-score' })
  @ApiQuery({
    name: 'filter',
    required: false,
    isArray: true,
    type: String,
    example: ['qed>=0.5', 'alerts=none'],
  })
  @ApiOkResponse({ type: ResultPageDto })
  async results(
    @Param('id') id: string,
    @Query() query: Record<string, QueryValue>,
    @Req() req: AuthenticatedRequest,
  ) {
    const parsed = parseResultsQuery(query, this.config.limits.maxPageSize);
    if (!ID.test(id)) throw notFound(id);
    const { page, pageSize, sort, filters } = parsed;
    const read = {
      action: 'screen.results.read',
      resource: `screens/${id}/results`,
      details: { page, pageSize, sort: sort ?? null, filters: filters ?? [] },
    };
    return this.audit.around(
      req,
      read,
      async () => {
        const found = await this.screening.results(id, parsed, viewerOf(req));
        if (!found) throw notFound(id);
        return found;
      },
      (found) => ({ returned: found.items.length, total: found.total }),
    );
  }

  @Get(':id/results/:row')
  @RequireAccess(ACCESS.screensRead)
  @ApiOperation({
    summary: 'One compound with its explanation',
    description:
      "The row plus `explanation`: per-atom attribution with `model` (default the screen's first) for `task` " +
      "(default the model's first), and an SVG of the parent with the atoms that drove the prediction and the " +
      'alert atoms highlighted.',
  })
  @ApiQuery({ name: 'model', required: false })
  @ApiQuery({ name: 'task', required: false })
  @ApiOkResponse({ type: CompoundDto })
  async compound(
    @Param('id') id: string,
    @Param('row') rowText: string,
    @Query('model') model: QueryValue,
    @Query('task') task: QueryValue,
    @Req() req: AuthenticatedRequest,
  ): Promise<ResultRow & { explanation: unknown }> {
    if (!/^\d{1,10}$/.test(rowText) || Number(rowText) < 1)
      throw ApiError.badRequest(`row must be a record number from 1, got "${rowText}"`);
    const read = { action: 'screen.result.read', resource: `screens/${id}/results/${rowText}` };
    return this.audit.around(req, read, async () => {
      const screen = await this.screen(id, req);
      const row = await this.screening.result(id, Number(rowText), viewerOf(req));
      if (!row) throw ApiError.notFound(`screen ${id} has no row ${rowText}`);
      const explanation = await this.explanations.explain(screen, row, {
        model: optionalText('model', model),
        task: optionalText('task', task),
      });
      return { ...row, explanation };
    });
  }

  @Get(':id/export')
  @RequireAccess(ACCESS.screensRead)
  @ApiOperation({ summary: 'The whole screen as CSV or SDF, streamed in row order' })
  @ApiQuery({ name: 'format', required: false, enum: ['csv', 'sdf'] })
  @ApiProduces('text/csv', 'chemical/x-mdl-sdfile')
  @ApiOkResponse({ description: 'CSV with the export columns, or SDF with them as data fields.' })
  async export(
    @Param('id') id: string,
    @Query('format') format: QueryValue,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const chosen = parseExportFormat(format);
    // Recorded when the export starts (the rows stream after): who took the whole screen, in what format.
    const exported = {
      action: 'screen.export',
      resource: `screens/${id}/export`,
      details: { format: chosen },
    };
    const screen = await this.audit.around(req, exported, () => this.screen(id, req));
    await streamExport(this.screening, screen, this.models, chosen, res, viewerOf(req));
  }

  @Get(':id/report')
  @RequireAccess(ACCESS.screensRead)
  @ApiOperation({
    summary: 'The HTML report',
    description:
      'Summary, score distributions, property space, top hits with structures, alerts, model cards.',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A self-contained, printable HTML page.' })
  async report(
    @Param('id') id: string,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const html = await this.audit.around(
      req,
      { action: 'screen.report', resource: `screens/${id}/report` },
      async () => {
        const screen = await this.screen(id, req);
        const cards = this.models.cardsOf(screen.models.map((m) => m.name));
        const drift = await this.drift.forScreen(id); // a warning at the top when the library drifted
        // The top hits drawn on the drawing pool, under one drawing time budget for the report.
        const depict = this.drawing.requestDrawer();
        return buildScreenReport(screen, this.screening.exportRows(id, viewerOf(req)), cards, {
          drift,
          depict,
        });
      },
    );
    res.status(200).type('html').send(html);
  }

  @Post(':id/cancel')
  @RequireAccess(ACCESS.screensWrite)
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a screen; workers stop within seconds' })
  @ApiOkResponse({ type: ScreenDto })
  async cancel(@Param('id') id: string, @Req() req: AuthenticatedRequest): Promise<ScreenSummary> {
    if (!ID.test(id)) throw notFound(id);
    return this.audit.around(
      req,
      { action: 'screen.cancel', resource: `screens/${id}` },
      async () => {
        const screen = await this.screening.cancel(id, viewerOf(req));
        if (!screen) throw notFound(id);
        return screen;
      },
      (screen) => ({ status: screen.status }),
    );
  }

  @Get(':id/events')
  @RequireAccess(ACCESS.screensRead)
  @ApiOperation({
    summary: 'Progress as server-sent events',
    description:
      '`progress` events `{ screenId, status, counts, progress }`, then `end`, then the stream closes.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream.' })
  async events(
    @Param('id') id: string,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    // Recorded when the stream opens (a refused one too): who watched which screen's progress.
    const watched = { action: 'screen.events', resource: `screens/${id}/events` };
    await this.audit.around(req, watched, () => this.screen(id, req));
    await streamEvents(this.screening, id, req, res, viewerOf(req));
  }

  /** The screen if it exists and the caller may see it; a 404 either way otherwise (no hint which). */
  private async screen(id: string, req: AuthenticatedRequest): Promise<ScreenSummary> {
    const screen = ID.test(id) ? await this.screening.get(id, viewerOf(req)) : null;
    if (!screen) throw notFound(id);
    return screen;
  }
}

function notFound(id: string): ApiError {
  return ApiError.notFound(`no screen "${id}"`);
}

function optionalText(name: string, value: QueryValue): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '')
    throw ApiError.badRequest(`${name} must be given once, as text`);
  return value;
}
