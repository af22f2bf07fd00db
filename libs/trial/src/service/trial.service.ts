import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AuditLog, pingDatabase, type DataSource } from '@hitscreen/db';
import { suppressCount, type Count } from '../cohorts/suppression';
import type { PatientStatus } from '../criteria/evaluate-patient';
import type { CriterionResult } from '../criteria/evaluate-criterion';
import type { FhirStreamFormat } from '../ingest/read-patients';
import type { IngestIssue } from '../patient.types';
import {
  StagingCipher,
  type EvaluationRecord,
  type PatientSetRecord,
  type TrialRecord,
} from '../persistence';
import {
  TRIAL_EVENTS_MAX_LEN,
  TRIAL_QUEUES,
  trialJobOptions,
  type TrialJobPayloads,
} from '../queue/queue-contract';
import type { TrialRanking } from '../rank/rank-trial';
import { renderTrialReport } from '../report/trial-report';
import { TrialDefinitionError, validateTrial } from '../schema/validate-trial';
import type { Trial } from '../trial.types';
import { redisConnection } from './redis';
import type { TrialServiceConfig } from './trial-config';
import { TrialServiceError } from './trial-service-error';
import { openTrialDatabase, TrialStore, type TrialViewer } from './trial-store';
import { detectFormat, uploadSlices } from './upload-staging';

export interface TrialSummary {
  id: string;
  /** The definition's own id (e.g. "T2D-001"). */
  trialId: string;
  title: string;
  asOf: string;
  targetEnrollment: number;
  createdAt: string;
  /** Who created it (`user:<id>` / `key:<id>`; null: created without an owner, admins only) and its team. */
  owner: string | null;
  team: string | null;
}

export interface PatientSetSummary {
  id: string;
  trialId: string;
  name: string;
  format: FhirStreamFormat;
  status: PatientSetRecord['status'];
  bytes: number;
  /** Patients ingested ("<11" for 1 to 10, like every aggregate). */
  patients: Count;
  /** Resources or lines skipped; the first ones are listed in `issues` with file, line or entry, and reason. */
  skipped: number;
  issues: IngestIssue[];
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface EvaluationSummary {
  id: string;
  trialId: string;
  patientSetId: string;
  status: EvaluationRecord['status'];
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** When completed: the aggregate result, as the CLI's out.json (small counts already "<11"). */
  result?: TrialRanking;
}

export interface PatientResult {
  /** Pseudonymous id (HMAC of the source id under TRIAL_PSEUDONYM_KEY). */
  pid: string;
  cohort: string;
  status: PatientStatus;
  firstFailing: string | null;
  results: CriterionResult[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Who asks for patient-level data, for the access decision and the audit row. */
export interface Requester {
  /** Who: `user:<id>` (the API allows patient-level reads to the clinical role only). */
  actor: string;
  /** The client's address. */
  source: string | null;
  /** Whose trials the requester may see. */
  viewer: TrialViewer;
}

export interface PatientResultsQuery {
  status?: PatientStatus;
  page: number;
  pageSize: number;
}

const PATIENT_STATUSES: readonly PatientStatus[] = ['eligible', 'possibly_eligible', 'ineligible'];

const now = () => new Date().toISOString();

/**
 * The trial service behind the API: trials, patient uploads (staged in the database, ingested by a worker),
 * evaluations (queued, run by a worker) and their results. Any number of API processes and trial workers may
 * share one database, Redis and queue prefix.
 */
export class TrialService {
  private readonly ingestQueue: Queue;
  private readonly evaluateQueue: Queue;
  private readonly cipher: StagingCipher;
  readonly audit: AuditLog;

  private constructor(
    private readonly config: TrialServiceConfig,
    private readonly store: TrialStore,
    private readonly redis: Redis,
  ) {
    const queueOptions = {
      connection: redis,
      prefix: config.queuePrefix,
      streams: { events: { maxLen: TRIAL_EVENTS_MAX_LEN } },
    };
    this.ingestQueue = new Queue(TRIAL_QUEUES.ingest, queueOptions);
    this.evaluateQueue = new Queue(TRIAL_QUEUES.evaluate, queueOptions);
    this.cipher = new StagingCipher(config.pseudonymKey);
    this.audit = new AuditLog(store.dataSource);
  }

  /** Opens (and migrates) the database and connects to Redis; `close()` releases both. */
  static async open(config: TrialServiceConfig): Promise<TrialService> {
    const dataSource = await openTrialDatabase(config.databaseUrl, config.databaseSchema);
    return new TrialService(config, new TrialStore(dataSource), redisConnection(config.redisUrl, 'producer'));
  }

  get dataSource(): DataSource {
    return this.store.dataSource;
  }

  /** Stores a trial definition; an invalid one is a TrialDefinitionError listing every problem with its path. */
  /** `ownership`: who creates it and their team (the API passes the caller; absent: no owner, admins only). */
  async createTrial(
    value: unknown,
    ownership: { owner: string; team: string | null } | null = null,
  ): Promise<TrialSummary> {
    const validation = validateTrial(value);
    if (!validation.ok) throw new TrialDefinitionError('trial', validation.issues);
    const trial = validation.trial;
    const row: TrialRecord = {
      id: randomUUID(),
      trialKey: trial.id,
      title: trial.title,
      definition: JSON.stringify(trial),
      createdAt: now(),
      owner: ownership?.owner ?? null,
      team: ownership?.team ?? null,
    };
    await this.store.createTrial(row);
    return trialSummary(row);
  }

  // Every read and change below takes the caller as `viewer` (last, required): a trial it may not see, and
  // everything of that trial, is answered as missing. Workers and tools pass SYSTEM_TRIAL_VIEWER.

  async getTrial(id: string, viewer: TrialViewer): Promise<(TrialSummary & { definition: Trial }) | null> {
    const row = await this.store.getTrial(id, viewer);
    return row ? { ...trialSummary(row), definition: JSON.parse(row.definition) as Trial } : null;
  }

  async listTrials(page: number, pageSize: number, viewer: TrialViewer): Promise<Page<TrialSummary>> {
    const { items, total } = await this.store.listTrials(page, pageSize, viewer);
    return { items: items.map(trialSummary), total, page, pageSize };
  }

  /**
   * Receives an upload of patients for a trial: the bytes are streamed (gunzipped if gzip) into sealed chunks in
   * the database, then one ingest job is queued. Over `maxUploadBytes` → TrialServiceError('too_large') and
   * nothing is kept. Returns the patient set, `queued`.
   */
  async uploadPatients(
    trialId: string,
    body: AsyncIterable<Buffer>,
    hint: { name?: string; format?: string; contentType?: string },
    viewer: TrialViewer,
  ): Promise<PatientSetSummary> {
    await this.requireTrial(trialId, viewer);
    if (hint.format !== undefined && hint.format !== 'ndjson' && hint.format !== 'json')
      throw new TrialServiceError(`format must be "ndjson" or "json", not "${hint.format}"`, 'invalid');
    const id = randomUUID();
    const name = (hint.name ?? 'upload').replace(/[^\w.\- ]/g, '_').slice(0, 200) || 'upload';
    const row: PatientSetRecord = {
      id,
      trialId,
      name,
      format: 'ndjson',
      status: 'receiving',
      bytes: 0,
      chunkCount: 0,
      patients: 0,
      skipped: 0,
      issues: '[]',
      error: null,
      createdAt: now(),
      startedAt: null,
      finishedAt: null,
    };
    await this.store.createPatientSet(row);
    try {
      let chunks = 0;
      let bytes = 0;
      let format: FhirStreamFormat | undefined;
      const chunkBytes = this.config.stageChunkBytes ?? 4 * 1024 * 1024;
      for await (const slice of uploadSlices(body, this.config.limits.maxUploadBytes, chunkBytes)) {
        format ??= detectFormat({ ...hint, name }, slice);
        await this.store.addUploadChunk(id, chunks++, this.cipher.seal(slice));
        bytes += slice.length;
        if (format === 'json' && bytes > this.config.limits.maxBundleBytes)
          throw new TrialServiceError(
            `one JSON Bundle is parsed whole and may hold at most ${this.config.limits.maxBundleBytes} bytes: send NDJSON (a Bundle or a resource per line)`,
            'too_large',
          );
      }
      if (bytes === 0) throw new TrialServiceError('the upload is empty', 'invalid');
      await this.store.updatePatientSet(id, {
        status: 'queued',
        format: format ?? 'ndjson',
        bytes,
        chunkCount: chunks,
      });
      const payload: TrialJobPayloads['trial-ingest'] = { patientSetId: id };
      await this.ingestQueue.add('trial-ingest', payload, trialJobOptions('trial-ingest', payload));
    } catch (error) {
      // Nothing half-stored: a refused or broken upload leaves no patient set (its chunks cascade).
      await this.store.removePatientSet(id);
      throw error;
    }
    return (await this.getPatientSet(trialId, id, viewer))!;
  }

  async getPatientSet(trialId: string, id: string, viewer: TrialViewer): Promise<PatientSetSummary | null> {
    if (!viewer.all && !(await this.store.getTrial(trialId, viewer))) return null;
    const row = await this.store.getPatientSet(id);
    return row && row.trialId === trialId ? patientSetSummary(row) : null;
  }

  /** The trial's patient sets, newest first, paged; a trial the viewer may not see is not found. */
  async listPatientSets(
    trialId: string,
    page: number,
    pageSize: number,
    viewer: TrialViewer,
  ): Promise<Page<PatientSetSummary>> {
    await this.requireTrial(trialId, viewer);
    const { items, total } = await this.store.pagePatientSets(trialId, page, pageSize);
    return { items: items.map(patientSetSummary), total, page, pageSize };
  }

  /**
   * The trial's evaluations, newest first, paged, without their results (`result` is absent; GET one evaluation
   * for its cohorts); a trial the viewer may not see is not found.
   */
  async listEvaluations(
    trialId: string,
    page: number,
    pageSize: number,
    viewer: TrialViewer,
  ): Promise<Page<EvaluationSummary>> {
    await this.requireTrial(trialId, viewer);
    const { items, total } = await this.store.pageEvaluations(trialId, page, pageSize);
    return { items: items.map(evaluationSummary), total, page, pageSize };
  }

  /**
   * Queues an evaluation of the trial over one of its patient sets (default: the newest ready one). The set must
   * be ready (ingested); otherwise TrialServiceError('conflict') says what it is.
   */
  async createEvaluation(
    trialId: string,
    patientSetId: string | undefined,
    viewer: TrialViewer,
  ): Promise<EvaluationSummary> {
    await this.requireTrial(trialId, viewer);
    const sets = await this.store.listPatientSets(trialId);
    const set = patientSetId
      ? sets.find((s) => s.id === patientSetId)
      : sets.find((s) => s.status === 'ready');
    if (!set) {
      if (patientSetId)
        throw new TrialServiceError(`trial ${trialId} has no patient set ${patientSetId}`, 'not_found');
      throw new TrialServiceError(
        `trial ${trialId} has no ingested patient set yet (upload with POST /trials/${trialId}/patients${sets.length > 0 ? ', and wait until it is ready' : ''})`,
        'conflict',
      );
    }
    if (set.status !== 'ready')
      throw new TrialServiceError(
        `patient set ${set.id} is ${set.status}${set.error ? `: ${set.error}` : ''}; it must be ready`,
        'conflict',
      );
    const row: EvaluationRecord = {
      id: randomUUID(),
      trialId,
      patientSetId: set.id,
      status: 'queued',
      ranking: null,
      error: null,
      createdAt: now(),
      startedAt: null,
      finishedAt: null,
    };
    await this.store.createEvaluation(row);
    const payload: TrialJobPayloads['trial-evaluate'] = { evaluationId: row.id };
    await this.evaluateQueue.add('trial-evaluate', payload, trialJobOptions('trial-evaluate', payload));
    return evaluationSummary(row);
  }

  async getEvaluation(trialId: string, id: string, viewer: TrialViewer): Promise<EvaluationSummary | null> {
    if (!viewer.all && !(await this.store.getTrial(trialId, viewer))) return null;
    const row = await this.store.getEvaluation(id);
    return row && row.trialId === trialId ? evaluationSummary(row) : null;
  }

  /** The coordinator report (HTML) of a completed evaluation; null when there is no such evaluation. */
  async report(trialId: string, id: string, viewer: TrialViewer): Promise<string | null> {
    const evaluation = await this.getEvaluation(trialId, id, viewer);
    if (!evaluation) return null;
    if (!evaluation.result)
      throw new TrialServiceError(
        `evaluation ${id} is ${evaluation.status}; the report needs it completed`,
        'conflict',
      );
    return renderTrialReport(evaluation.result);
  }

  /**
   * Patient-level results of an evaluation, paged, optionally by status. Who may ask is the caller's decision
   * (the API: the clinical role; its guard audits refusals). Every request that names an existing evaluation
   * appends an audit row: who, what, when, from where, the outcome (allowed, or failed with the reason).
   */
  async patientResults(
    trialId: string,
    evaluationId: string,
    query: PatientResultsQuery,
    requester: Requester,
  ): Promise<Page<PatientResult>> {
    const entry = {
      actor: requester.actor,
      action: 'trial.patients.read',
      resource: `trials/${trialId}/evaluations/${evaluationId}/patients`,
      source: requester.source,
    };
    const evaluation = await this.getEvaluation(trialId, evaluationId, requester.viewer);
    if (!evaluation) {
      // Also another team's trial: answered as missing, and the attempt is on record.
      const missing = new TrialServiceError(`no evaluation ${evaluationId} of trial ${trialId}`, 'not_found');
      await this.audit.append({ ...entry, outcome: 'failed', details: { reason: missing.message } });
      throw missing;
    }
    const asked = { status: query.status ?? null, page: query.page, pageSize: query.pageSize };
    const refusal =
      query.status !== undefined && !PATIENT_STATUSES.includes(query.status)
        ? new TrialServiceError(`status must be one of ${PATIENT_STATUSES.join(', ')}`, 'invalid')
        : evaluation.status !== 'completed'
          ? new TrialServiceError(`evaluation ${evaluationId} is ${evaluation.status}`, 'conflict')
          : undefined;
    if (refusal) {
      await this.audit.append({
        ...entry,
        outcome: 'failed',
        details: { ...asked, reason: refusal.message },
      });
      throw refusal;
    }
    const { items, total } = await this.store.patientResults(
      evaluationId,
      query.status,
      query.page,
      query.pageSize,
    );
    await this.audit.append({ ...entry, outcome: 'allowed', details: { ...asked, returned: items.length } });
    return {
      items: items.map((r) => ({
        pid: r.pid,
        cohort: r.cohortId,
        status: r.status,
        firstFailing: r.firstFailing,
        results: JSON.parse(r.results) as CriterionResult[],
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** Readiness: null when the database answers, else its error. */
  pingDatabase(): Promise<string | null> {
    return pingDatabase(this.store.dataSource);
  }

  async close(): Promise<void> {
    await Promise.all([this.ingestQueue.close(), this.evaluateQueue.close()]);
    this.redis.disconnect();
    await this.store.dataSource.destroy();
  }

  private async requireTrial(id: string, viewer: TrialViewer): Promise<TrialRecord> {
    const trial = await this.store.getTrial(id, viewer);
    if (!trial) throw new TrialServiceError(`no trial ${id}`, 'not_found');
    return trial;
  }
}

function trialSummary(row: TrialRecord): TrialSummary {
  const trial = JSON.parse(row.definition) as Trial;
  return {
    id: row.id,
    trialId: row.trialKey,
    title: row.title,
    asOf: trial.asOf,
    targetEnrollment: trial.targetEnrollment,
    createdAt: row.createdAt,
    owner: row.owner,
    team: row.team,
  };
}

function patientSetSummary(row: PatientSetRecord): PatientSetSummary {
  return {
    id: row.id,
    trialId: row.trialId,
    name: row.name,
    format: row.format,
    status: row.status,
    bytes: row.bytes,
    patients: suppressCount(row.patients),
    skipped: row.skipped,
    issues: JSON.parse(row.issues) as IngestIssue[],
    error: row.error,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

function evaluationSummary(row: EvaluationRecord): EvaluationSummary {
  return {
    id: row.id,
    trialId: row.trialId,
    patientSetId: row.patientSetId,
    status: row.status,
    error: row.error,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    ...(row.ranking ? { result: JSON.parse(row.ranking) as TrialRanking } : {}),
  };
}
