import { EntitySchema } from '@hitscreen/db';

/** receiving: the upload is being staged; queued/ingesting: the ingest job; ready: evaluable; failed: see error. */
export type PatientSetStatus = 'receiving' | 'queued' | 'ingesting' | 'ready' | 'failed';

/**
 * One upload of patients for one trial. Its data lives first as staged chunks (encrypted), then, once ingested,
 * as pseudonymized, minimized patient rows; the staged chunks are deleted after ingest.
 */
export interface PatientSetRecord {
  id: string;
  trialId: string;
  /** The uploaded file's name as given by the client (labels the issues). */
  name: string;
  format: 'ndjson' | 'json';
  status: PatientSetStatus;
  /** Bytes of the upload after gzip decompression. */
  bytes: number;
  chunkCount: number;
  patients: number;
  /** Resources or lines skipped, with the first `issues` kept (JSON `IngestIssue[]`). */
  skipped: number;
  issues: string;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const PatientSetEntity = new EntitySchema<PatientSetRecord>({
  name: 'TrialPatientSet',
  tableName: 'trial_patient_set',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    trialId: { type: 'varchar', length: 36, name: 'trial_id' },
    name: { type: 'varchar', length: 200 },
    format: { type: 'varchar', length: 8 },
    status: { type: 'varchar', length: 16 },
    // bigint on PostgreSQL (read back as a string; the store converts it)
    bytes: { type: 'bigint' },
    chunkCount: { type: 'integer', name: 'chunk_count' },
    patients: { type: 'integer' },
    skipped: { type: 'integer' },
    issues: { type: 'text' },
    error: { type: 'text', nullable: true },
    createdAt: { type: 'varchar', length: 32, name: 'created_at' },
    startedAt: { type: 'varchar', length: 32, name: 'started_at', nullable: true },
    finishedAt: { type: 'varchar', length: 32, name: 'finished_at', nullable: true },
  },
});
