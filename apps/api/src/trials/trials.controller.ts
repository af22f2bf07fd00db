import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { PatientStatus, TrialService } from '@hitscreen/trial';
import type { Principal } from '@hitscreen/auth';
import { AuditTrail } from '../audit/audit-trail';
import { RequireAccess } from '../auth/access.decorators';
import { ApiAccessResponses } from '../auth/api-access-responses';
import { actorOf, CurrentPrincipal, sourceOf } from '../auth/request-principal';
import { viewerOf } from '../auth/viewer';
import { ACCESS } from '../auth/access-rules';
import { ApiError } from '../common/api-error';
import { ErrorDto } from '../screens/dto/screen.dto';
import { parsePaging, type QueryValue } from '../screens/results-query';
import {
  CreateEvaluationDto,
  EvaluationDto,
  EvaluationPageDto,
  PatientResultPageDto,
  PatientSetDto,
  PatientSetPageDto,
  TrialDto,
  TrialPageDto,
  TrialWithDefinitionDto,
} from './dto/trial.dto';
import { mapped } from './trial-errors';
import { TRIAL_SERVICE } from './trial-service.provider';

/** Ids are UUIDs the service made; anything else is a 404 without a database round trip. */
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const trialUrl = (id: string) => `/trials/${id}`;

/** Seconds a client should wait before polling a queued or running resource again (Retry-After). */
const POLL_AFTER_SECONDS = '1';
const FINAL = new Set(['ready', 'failed', 'completed']);

@ApiTags('trials')
@ApiResponse({ status: 404, description: 'No such trial, patient set or evaluation.', type: ErrorDto })
@ApiAccessResponses()
@Controller('trials')
export class TrialsController {
  constructor(
    @Inject(TRIAL_SERVICE) private readonly trials: TrialService,
    private readonly audit: AuditTrail,
  ) {}

  @Post()
  @RequireAccess(ACCESS.trialsWrite)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a trial',
    description:
      'A trial definition (JSON, valid against libs/trial/schema/trial.schema.json). Every problem of an invalid ' +
      'one is listed with its path in the 422 message.',
  })
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  @ApiResponse({ status: 201, type: TrialDto })
  @ApiResponse({ status: 422, description: 'Invalid definition, with the paths.', type: ErrorDto })
  async create(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (!/^application\/json/i.test(req.headers['content-type'] ?? ''))
      throw ApiError.unsupportedMediaType('send the trial definition as application/json');
    const trial = await this.audit.around(
      req,
      { action: 'trial.create', resource: 'trials' },
      () => mapped(() => this.trials.createTrial(req.body, viewerOf(req))),
      (created) => ({ trial: created.id, trialId: created.trialId }),
    );
    res.location(trialUrl(trial.id));
    return { ...trial, url: trialUrl(trial.id) };
  }

  @Get()
  @RequireAccess(ACCESS.trialsRead)
  @ApiOperation({ summary: 'List trials, newest first' })
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiQuery({ name: 'pageSize', required: false, type: Number })
  @ApiOkResponse({ type: TrialPageDto })
  async list(@Query('page') page: QueryValue, @Query('pageSize') pageSize: QueryValue, @Req() req: Request) {
    const paging = parsePaging(page, pageSize, 1000);
    const result = await this.trials.listTrials(paging.page, paging.pageSize, viewerOf(req));
    return { ...result, items: result.items.map((t) => ({ ...t, url: trialUrl(t.id) })) };
  }

  @Get(':id')
  @RequireAccess(ACCESS.trialsRead)
  @ApiOperation({ summary: 'A trial with its definition' })
  @ApiOkResponse({ type: TrialWithDefinitionDto })
  async get(@Param('id') id: string, @Req() req: Request) {
    const trial = ID.test(id) ? await this.trials.getTrial(id, viewerOf(req)) : null;
    if (!trial) throw ApiError.notFound(`no trial ${id}`);
    return { ...trial, url: trialUrl(id) };
  }

  @Post(':id/patients')
  @RequireAccess(ACCESS.trialsWrite)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Upload patients (queued for ingest)',
    description:
      'The request body is the file itself: FHIR R4 NDJSON (one resource or one Bundle per line) or one Bundle ' +
      '(JSON), optionally gzip (detected from the bytes). Format: `format` (ndjson | json), else the content ' +
      'type (application/fhir+ndjson, application/x-ndjson; application/fhir+json), else `filename`, else the ' +
      'first line. Streamed into the database (sealed), then ingested by a trial worker: poll the patient set. ' +
      'Malformed resources are skipped and listed on the set with line and reason.',
  })
  @ApiConsumes('application/fhir+ndjson', 'application/x-ndjson', 'application/fhir+json', 'application/gzip')
  @ApiQuery({ name: 'format', required: false, enum: ['ndjson', 'json'] })
  @ApiQuery({ name: 'filename', required: false, description: 'Names the source in the issues.' })
  @ApiResponse({ status: 202, type: PatientSetDto })
  @ApiResponse({ status: 413, description: 'Beyond TRIAL_MAX_UPLOAD_BYTES (decompressed).', type: ErrorDto })
  @ApiResponse({
    status: 422,
    description: 'Empty upload, not gzip though it starts like gzip.',
    type: ErrorDto,
  })
  async upload(
    @Param('id') id: string,
    @Query('format') format: string | undefined,
    @Query('filename') filename: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!ID.test(id)) throw ApiError.notFound(`no trial ${id}`);
    const contentType = req.headers['content-type'];
    // application/json has been read by the JSON body parser (bounded by MAX_UPLOAD_BYTES); the rest streams.
    const body: AsyncIterable<Buffer> =
      req.body !== undefined && typeof req.body === 'object' && /^application\/json/i.test(contentType ?? '')
        ? single(Buffer.from(JSON.stringify(req.body)))
        : (req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>);
    try {
      const uploaded = { action: 'trial.upload', resource: `trials/${id}/patients`, details: { filename } };
      const set = await this.audit.around(
        req,
        uploaded,
        () =>
          mapped(() =>
            this.trials.uploadPatients(id, body, { name: filename, format, contentType }, viewerOf(req)),
          ),
        (stored) => ({ patientSet: stored.id, bytes: stored.bytes }),
      );
      const url = `${trialUrl(id)}/patient-sets/${set.id}`;
      res.location(url).setHeader('Retry-After', POLL_AFTER_SECONDS);
      return { ...set, url };
    } finally {
      // A refused upload stops being stored at once; the rest of the body is drained so the answer can be read.
      if (!req.readableEnded) req.resume();
    }
  }

  @Get(':id/patient-sets')
  @RequireAccess(ACCESS.trialsRead)
  @ApiOperation({ summary: "The trial's patient sets, newest first, paged" })
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiQuery({ name: 'pageSize', required: false, type: Number, description: 'At most 1000 (default 100).' })
  @ApiOkResponse({ type: PatientSetPageDto })
  async patientSets(
    @Param('id') id: string,
    @Query('page') page: QueryValue,
    @Query('pageSize') pageSize: QueryValue,
    @Req() req: Request,
  ) {
    return this.listOfTrial(req, id, 'patient-sets', page, pageSize, (paging) =>
      this.trials.listPatientSets(id, paging.page, paging.pageSize, viewerOf(req)),
    );
  }

  @Get(':id/patient-sets/:setId')
  @RequireAccess(ACCESS.trialsRead)
  @ApiOperation({ summary: 'A patient set: status, patients, skipped records with line and reason' })
  @ApiOkResponse({ type: PatientSetDto })
  async patientSet(
    @Param('id') id: string,
    @Param('setId') setId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const set =
      ID.test(id) && ID.test(setId) ? await this.trials.getPatientSet(id, setId, viewerOf(req)) : null;
    if (!set) throw ApiError.notFound(`no patient set ${setId} of trial ${id}`);
    if (!FINAL.has(set.status)) res.setHeader('Retry-After', POLL_AFTER_SECONDS);
    return { ...set, url: `${trialUrl(id)}/patient-sets/${setId}` };
  }

  @Post(':id/evaluations')
  @RequireAccess(ACCESS.trialsWrite)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Evaluate the trial (queued)',
    description: "Over `patientSetId`, default the trial's newest ready patient set. Poll the evaluation.",
  })
  @ApiBody({ type: CreateEvaluationDto, required: false })
  @ApiResponse({ status: 202, type: EvaluationDto })
  @ApiResponse({ status: 409, description: 'No ready patient set.', type: ErrorDto })
  async evaluate(
    @Param('id') id: string,
    @Body() body: CreateEvaluationDto | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!ID.test(id)) throw ApiError.notFound(`no trial ${id}`);
    const setId = body?.patientSetId;
    if (setId !== undefined && (typeof setId !== 'string' || !ID.test(setId)))
      throw ApiError.badRequest('patientSetId must be a patient set id');
    const evaluation = await this.audit.around(
      req,
      {
        action: 'trial.evaluate',
        resource: `trials/${id}/evaluations`,
        details: { patientSetId: setId ?? null },
      },
      () => mapped(() => this.trials.createEvaluation(id, setId, viewerOf(req))),
      (created) => ({ evaluation: created.id }),
    );
    const url = `${trialUrl(id)}/evaluations/${evaluation.id}`;
    res.location(url).setHeader('Retry-After', POLL_AFTER_SECONDS);
    return { ...evaluation, url };
  }

  @Get(':id/evaluations')
  @RequireAccess(ACCESS.trialsRead)
  @ApiOperation({
    summary: "The trial's evaluations, newest first, paged",
    description: 'Status, patient set and times of each; GET one evaluation for its cohorts.',
  })
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiQuery({ name: 'pageSize', required: false, type: Number, description: 'At most 1000 (default 100).' })
  @ApiOkResponse({ type: EvaluationPageDto })
  async evaluations(
    @Param('id') id: string,
    @Query('page') page: QueryValue,
    @Query('pageSize') pageSize: QueryValue,
    @Req() req: Request,
  ) {
    return this.listOfTrial(req, id, 'evaluations', page, pageSize, (paging) =>
      this.trials.listEvaluations(id, paging.page, paging.pageSize, viewerOf(req)),
    );
  }

  @Get(':id/evaluations/:eid')
  @RequireAccess(ACCESS.trialsRead)
  @ApiOperation({ summary: 'An evaluation: status and, once completed, the cohorts (aggregates only)' })
  @ApiOkResponse({ type: EvaluationDto })
  async evaluation(
    @Param('id') id: string,
    @Param('eid') eid: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const evaluation =
      ID.test(id) && ID.test(eid) ? await this.trials.getEvaluation(id, eid, viewerOf(req)) : null;
    if (!evaluation) throw ApiError.notFound(`no evaluation ${eid} of trial ${id}`);
    if (!FINAL.has(evaluation.status)) res.setHeader('Retry-After', POLL_AFTER_SECONDS);
    // Polling a running evaluation is not a read of results; the completed one, with its cohorts, is.
    else if (evaluation.result)
      await this.audit.record(
        req,
        { action: 'trial.results.read', resource: `trials/${id}/evaluations/${eid}` },
        'allowed',
      );
    return { ...evaluation, url: `${trialUrl(id)}/evaluations/${eid}` };
  }

  @Get(':id/evaluations/:eid/report')
  @RequireAccess(ACCESS.trialsRead)
  @ApiOperation({ summary: 'The coordinator report: self-contained, printable HTML (inline SVG charts)' })
  @ApiProduces('text/html')
  @ApiResponse({ status: 409, description: 'The evaluation is not completed yet.', type: ErrorDto })
  async report(
    @Param('id') id: string,
    @Param('eid') eid: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const report = { action: 'trial.report', resource: `trials/${id}/evaluations/${eid}/report` };
    const html = await this.audit.around(req, report, async () => {
      const found =
        ID.test(id) && ID.test(eid) ? await mapped(() => this.trials.report(id, eid, viewerOf(req))) : null;
      if (found === null) throw ApiError.notFound(`no evaluation ${eid} of trial ${id}`);
      return found;
    });
    res.type('text/html; charset=utf-8').send(html);
  }

  @Get(':id/evaluations/:eid/patients')
  @RequireAccess(ACCESS.patientLevel)
  @ApiOperation({
    summary: 'Patient-level results (restricted, audited)',
    description:
      'Pseudonymous ids with status, cohort and every criterion with its evidence, paged, optionally by status. ' +
      'For users with the clinical role (and admins) only; never an API key. Every request, allowed or refused, ' +
      'is written to the audit log.',
  })
  @ApiQuery({ name: 'status', required: false, enum: ['eligible', 'possibly_eligible', 'ineligible'] })
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiQuery({ name: 'pageSize', required: false, type: Number })
  @ApiOkResponse({ type: PatientResultPageDto })
  @ApiResponse({ status: 403, description: 'Not the clinical role.', type: ErrorDto })
  async patients(
    @Param('id') id: string,
    @Param('eid') eid: string,
    @Query('status') status: QueryValue,
    @Query('page') page: QueryValue,
    @Query('pageSize') pageSize: QueryValue,
    @Req() req: Request,
    @CurrentPrincipal() principal: Principal,
  ) {
    if (!ID.test(id) || !ID.test(eid)) throw ApiError.notFound(`no evaluation ${eid} of trial ${id}`);
    if (status !== undefined && typeof status !== 'string') throw ApiError.badRequest('give status once');
    const paging = parsePaging(page, pageSize, 1000);
    return mapped(() =>
      this.trials.patientResults(
        id,
        eid,
        { status: status as PatientStatus | undefined, ...paging },
        { actor: actorOf(principal), source: sourceOf(req), viewer: viewerOf(req) },
      ),
    );
  }

  /**
   * One page of a trial's patient sets or evaluations, audited as `trial.<kind>.list` with the paging and the
   * counts, each item with its URL. A malformed trial id is a 404 inside the audit, so the refusal is recorded.
   */
  private async listOfTrial<P extends { total: number; items: { id: string }[] }>(
    req: Request,
    id: string,
    kind: 'patient-sets' | 'evaluations',
    page: QueryValue,
    pageSize: QueryValue,
    list: (paging: { page: number; pageSize: number }) => Promise<P>,
  ) {
    const paging = parsePaging(page, pageSize, 1000);
    const listed = { action: `trial.${kind}.list`, resource: `trials/${id}/${kind}`, details: paging };
    const result = await this.audit.around(
      req,
      listed,
      async () => {
        if (!ID.test(id)) throw ApiError.notFound(`no trial ${id}`);
        return mapped(() => list(paging));
      },
      (found) => ({ total: found.total, returned: found.items.length }),
    );
    return {
      ...result,
      items: result.items.map((item: P['items'][number]) => ({
        ...item,
        url: `${trialUrl(id)}/${kind}/${item.id}`,
      })),
    };
  }
}

async function* single(buffer: Buffer): AsyncGenerator<Buffer> {
  yield buffer;
}
