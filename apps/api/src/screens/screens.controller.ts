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
import type { Request, Response } from 'express';
import type { ResultRow, ScreeningService, ScreenSummary } from '@hitscreen/screening';
import { buildScreenReport } from '@hitscreen/screen-report';
import { RequireAccess } from '../auth/access.decorators';
import { ACCESS } from '../auth/access-rules';
import { ApiError } from '../common/api-error';
import type { ApiConfig } from '../config/api-config';
import { ApiMetrics } from '../metrics/api-metrics';
import { ModelCatalog } from '../models/model-catalog';
import { API_CONFIG, SCREENING_SERVICE } from '../tokens';
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
@Controller('screens')
export class ScreensController {
  constructor(
    @Inject(SCREENING_SERVICE) private readonly screening: ScreeningService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly submissions: ScreenSubmissionService,
    private readonly explanations: CompoundExplanationService,
    private readonly models: ModelCatalog,
    private readonly metrics: ApiMetrics,
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
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ScreenSummary & { url: string }> {
    const type = req.headers['content-type'] ?? '';
    let screen: ScreenSummary;
    const upload = /^multipart\/form-data/i.test(type);
    if (upload) screen = await this.submissions.submitUpload(req);
    else if (/^application\/json/i.test(type)) screen = await this.submissions.submitJson(req.body);
    else
      throw ApiError.unsupportedMediaType(
        `send application/json or multipart/form-data, not "${type || 'nothing'}"`,
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
  list(@Query('page') page: QueryValue, @Query('pageSize') pageSize: QueryValue) {
    const paging = parsePaging(page, pageSize, this.config.limits.maxPageSize);
    return this.screening.list(paging.page, paging.pageSize);
  }

  @Get(':id')
  @RequireAccess(ACCESS.screensRead)
  @ApiOperation({ summary: 'A screen: status, counts, progress, timings, model versions' })
  @ApiOkResponse({ type: ScreenDto })
  async get(@Param('id') id: string): Promise<ScreenSummary> {
    return this.screen(id);
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
  async results(@Param('id') id: string, @Query() query: Record<string, QueryValue>) {
    const parsed = parseResultsQuery(query, this.config.limits.maxPageSize);
    if (!ID.test(id)) throw notFound(id);
    const page = await this.screening.results(id, parsed);
    if (!page) throw notFound(id);
    return page;
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
  ): Promise<ResultRow & { explanation: unknown }> {
    if (!/^\d{1,10}$/.test(rowText) || Number(rowText) < 1)
      throw ApiError.badRequest(`row must be a record number from 1, got "${rowText}"`);
    const screen = await this.screen(id);
    const row = await this.screening.result(id, Number(rowText));
    if (!row) throw ApiError.notFound(`screen ${id} has no row ${rowText}`);
    const explanation = await this.explanations.explain(screen, row, {
      model: optionalText('model', model),
      task: optionalText('task', task),
    });
    return { ...row, explanation };
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
    @Res() res: Response,
  ): Promise<void> {
    const chosen = parseExportFormat(format);
    const screen = await this.screen(id);
    await streamExport(this.screening, screen, this.models, chosen, res);
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
  async report(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const screen = await this.screen(id);
    const cards = this.models.cardsOf(screen.models.map((m) => m.name));
    const html = await buildScreenReport(screen, this.screening.exportRows(id), cards);
    res.status(200).type('html').send(html);
  }

  @Post(':id/cancel')
  @RequireAccess(ACCESS.screensWrite)
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a screen; workers stop within seconds' })
  @ApiOkResponse({ type: ScreenDto })
  async cancel(@Param('id') id: string): Promise<ScreenSummary> {
    if (!ID.test(id)) throw notFound(id);
    const screen = await this.screening.cancel(id);
    if (!screen) throw notFound(id);
    return screen;
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
  async events(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.screen(id);
    await streamEvents(this.screening, id, req, res);
  }

  private async screen(id: string): Promise<ScreenSummary> {
    const screen = ID.test(id) ? await this.screening.get(id) : null;
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
