import { EntitySchema } from '@hitscreen/db';
import type { PatientStatus } from '../criteria/evaluate-patient';

/**
 * One patient's evaluation (patient-level: served only where patient-level access is enabled, and audited).
 * `results` is the per-criterion JSON (outcome, reason, evidence: codes, values, dates; no source ids).
 */
export interface PatientResultRecord {
  evaluationId: string;
  seq: number;
  pid: string;
  cohortId: string;
  status: PatientStatus;
  firstFailing: string | null;
  results: string;
}

export const PatientResultEntity = new EntitySchema<PatientResultRecord>({
  name: 'TrialPatientResult',
  tableName: 'trial_patient_result',
  columns: {
    evaluationId: { type: 'varchar', length: 36, primary: true, name: 'evaluation_id' },
    seq: { type: 'integer', primary: true },
    pid: { type: 'varchar', length: 64 },
    cohortId: { type: 'varchar', length: 200, name: 'cohort_id' },
    status: { type: 'varchar', length: 20 },
    firstFailing: { type: 'varchar', length: 200, name: 'first_failing', nullable: true },
    results: { type: 'text' },
  },
  indices: [{ name: 'trial_patient_result_status', columns: ['evaluationId', 'status', 'seq'] }],
});
