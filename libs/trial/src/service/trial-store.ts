import { openMigratedDataSource, SqlParams, dialectOfSource, type DataSource } from '@hitscreen/db';
import type { FindOptionsWhere } from 'typeorm';
import type { PatientStatus } from '../criteria/evaluate-patient';
import {
  CohortResultEntity,
  EvaluationEntity,
  PatientResultEntity,
  PatientSetEntity,
  StoredPatientEntity,
  TrialEntity,
  UploadChunkEntity,
  trialEntities,
  trialMigrations,
  type CohortResultRecord,
  type EvaluationRecord,
  type PatientResultRecord,
  type PatientSetRecord,
  type StoredPatientRecord,
  type TrialRecord,
} from '../persistence';

/** Opens the database named by the URL and brings the trial (and audit) tables up to date. */
export function openTrialDatabase(url: string, schema?: string): Promise<DataSource> {
  return openMigratedDataSource({ url, schema, entities: trialEntities, migrations: trialMigrations });
}

/** Rows per INSERT statement (7 columns: far below both databases' parameter limits). */
const INSERT_BATCH = 500;

/**
 * Who asks: sees the trials it created and its team's; `all` sees every trial (admins). Every read and change
 * takes one, last and required: the API passes the caller's, workers and tools say `SYSTEM_TRIAL_VIEWER` — a
 * forgotten argument is a compile error, not a read of every trial.
 */
export interface TrialViewer {
  /** `user:<id>` or `key:<id>`. */
  owner: string;
  team: string | null;
  all?: boolean;
}

/** The operator's unrestricted view (every trial): workers, the CLI, benchmarks and tests, never an HTTP caller. */
export const SYSTEM_TRIAL_VIEWER: Readonly<TrialViewer> = Object.freeze({
  owner: 'system',
  team: null,
  all: true,
});

/** `where`, narrowed to the trials the viewer may see (`owner = ? OR team = ?` in the query itself). */
function visibleTo(
  where: FindOptionsWhere<TrialRecord>,
  viewer: TrialViewer,
): FindOptionsWhere<TrialRecord> | FindOptionsWhere<TrialRecord>[] {
  if (viewer.all) return where;
  const alternatives: FindOptionsWhere<TrialRecord>[] = [{ ...where, owner: viewer.owner }];
  if (viewer.team !== null) alternatives.push({ ...where, team: viewer.team });
  return alternatives;
}

/** The trial tables, read and written by the service and the worker (no business rules here). */
export class TrialStore {
  constructor(readonly dataSource: DataSource) {}

  private get trials() {
    return this.dataSource.getRepository(TrialEntity);
  }
  private get sets() {
    return this.dataSource.getRepository(PatientSetEntity);
  }
  private get evaluations() {
    return this.dataSource.getRepository(EvaluationEntity);
  }

  createTrial(row: TrialRecord): Promise<unknown> {
    return this.trials.insert(row);
  }

  /** The trial when it exists and the viewer may see it. */
  getTrial(id: string, viewer: TrialViewer): Promise<TrialRecord | null> {
    return this.trials.findOne({ where: visibleTo({ id }, viewer) });
  }

  async listTrials(
    page: number,
    pageSize: number,
    viewer: TrialViewer,
  ): Promise<{ items: TrialRecord[]; total: number }> {
    const [items, total] = await this.trials.findAndCount({
      where: visibleTo({}, viewer),
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total };
  }

  createPatientSet(row: PatientSetRecord): Promise<unknown> {
    return this.sets.insert(row);
  }

  async getPatientSet(id: string): Promise<PatientSetRecord | null> {
    const row = await this.sets.findOneBy({ id });
    // bigint comes back from PostgreSQL as a string
    return row ? { ...row, bytes: Number(row.bytes) } : null;
  }

  async listPatientSets(trialId: string): Promise<PatientSetRecord[]> {
    const rows = await this.sets.find({ where: { trialId }, order: { createdAt: 'DESC', id: 'ASC' } });
    return rows.map((r) => ({ ...r, bytes: Number(r.bytes) }));
  }

  /** One page of the trial's patient sets, newest first (ties by id), with the trial's count. */
  async pagePatientSets(
    trialId: string,
    page: number,
    pageSize: number,
  ): Promise<{ items: PatientSetRecord[]; total: number }> {
    const [rows, total] = await this.sets.findAndCount({
      where: { trialId },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: rows.map((r) => ({ ...r, bytes: Number(r.bytes) })), total };
  }

  async updatePatientSet(id: string, change: Partial<PatientSetRecord>): Promise<void> {
    await this.sets.update({ id }, change);
  }

  async removePatientSet(id: string): Promise<void> {
    await this.sets.delete({ id });
  }

  addUploadChunk(patientSetId: string, chunkIndex: number, data: string): Promise<unknown> {
    return this.dataSource.getRepository(UploadChunkEntity).insert({ patientSetId, chunkIndex, data });
  }

  async getUploadChunk(patientSetId: string, chunkIndex: number): Promise<string | null> {
    const row = await this.dataSource
      .getRepository(UploadChunkEntity)
      .findOneBy({ patientSetId, chunkIndex });
    return row?.data ?? null;
  }

  /**
   * Ends an ingest (ready or failed) in one transaction: the staged chunks go with the status change, so a job
   * that runs again sees either the set still ingesting with its chunks, or finished without them.
   */
  async finishIngest(patientSetId: string, change: Partial<PatientSetRecord>, dropPatients: boolean) {
    await this.dataSource.transaction(async (manager) => {
      if (dropPatients) await manager.getRepository(StoredPatientEntity).delete({ patientSetId });
      await manager.getRepository(UploadChunkEntity).delete({ patientSetId });
      await manager.getRepository(PatientSetEntity).update({ id: patientSetId }, change);
    });
  }

  async deletePatients(patientSetId: string): Promise<void> {
    await this.dataSource.getRepository(StoredPatientEntity).delete({ patientSetId });
  }

  async insertPatients(rows: StoredPatientRecord[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_BATCH)
      await this.dataSource.getRepository(StoredPatientEntity).insert(rows.slice(i, i + INSERT_BATCH));
  }

  /** Patients in upload order, `after` a seq (keyset paging: constant cost per page at any depth). */
  patientsAfter(patientSetId: string, after: number, limit: number): Promise<StoredPatientRecord[]> {
    const p = new SqlParams(dialectOfSource(this.dataSource));
    return this.dataSource.query(
      `SELECT patient_set_id AS "patientSetId", seq, pid, facts FROM trial_patient
       WHERE patient_set_id = ${p.add(patientSetId)} AND seq > ${p.add(after)} ORDER BY seq LIMIT ${p.add(limit)}`,
      p.values,
    );
  }

  createEvaluation(row: EvaluationRecord): Promise<unknown> {
    return this.evaluations.insert(row);
  }

  getEvaluation(id: string): Promise<EvaluationRecord | null> {
    return this.evaluations.findOneBy({ id });
  }

  /**
   * One page of the trial's evaluations, newest first (ties by id), with the trial's count. Without `ranking`
   * (null in every item): a list says which evaluations exist and how they stand; the cohorts are one GET away.
   */
  async pageEvaluations(
    trialId: string,
    page: number,
    pageSize: number,
  ): Promise<{ items: EvaluationRecord[]; total: number }> {
    // find and count apart: findAndCount with a `select` answers a total of 0 here (TypeORM, SQLite).
    const total = await this.evaluations.count({ where: { trialId } });
    const rows = await this.evaluations.find({
      select: {
        id: true,
        trialId: true,
        patientSetId: true,
        status: true,
        error: true,
        createdAt: true,
        startedAt: true,
        finishedAt: true,
      },
      where: { trialId },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: rows.map((r) => ({ ...r, ranking: null })), total };
  }

  async updateEvaluation(id: string, change: Partial<EvaluationRecord>): Promise<void> {
    await this.evaluations.update({ id }, change);
  }

  async clearEvaluationResults(evaluationId: string): Promise<void> {
    await this.dataSource.getRepository(PatientResultEntity).delete({ evaluationId });
    await this.dataSource.getRepository(CohortResultEntity).delete({ evaluationId });
  }

  async insertPatientResults(rows: PatientResultRecord[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_BATCH)
      await this.dataSource.getRepository(PatientResultEntity).insert(rows.slice(i, i + INSERT_BATCH));
  }

  /** Completes an evaluation: its cohort rows and its ranking in one transaction. */
  async completeEvaluation(id: string, ranking: string, cohorts: CohortResultRecord[], at: string) {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(CohortResultEntity).insert(cohorts);
      await manager
        .getRepository(EvaluationEntity)
        .update({ id }, { status: 'completed', ranking, error: null, finishedAt: at });
    });
  }

  async patientResults(
    evaluationId: string,
    status: PatientStatus | undefined,
    page: number,
    pageSize: number,
  ): Promise<{ items: PatientResultRecord[]; total: number }> {
    const [items, total] = await this.dataSource.getRepository(PatientResultEntity).findAndCount({
      where: status ? { evaluationId, status } : { evaluationId },
      order: { seq: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total };
  }
}
