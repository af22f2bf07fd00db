import { EntitySchema } from '@hitscreen/db';

export type EvaluationStatus = 'queued' | 'running' | 'completed' | 'failed';

/** One run of a trial's criteria over one of its patient sets; `ranking` is the suppressed aggregate result. */
export interface EvaluationRecord {
  id: string;
  trialId: string;
  patientSetId: string;
  status: EvaluationStatus;
  /** TrialRanking JSON (the CLI's out.json): counts 1–10 already "<11". Null until completed. */
  ranking: string | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const EvaluationEntity = new EntitySchema<EvaluationRecord>({
  name: 'TrialEvaluation',
  tableName: 'trial_evaluation',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    trialId: { type: 'varchar', length: 36, name: 'trial_id' },
    patientSetId: { type: 'varchar', length: 36, name: 'patient_set_id' },
    status: { type: 'varchar', length: 16 },
    ranking: { type: 'text', nullable: true },
    error: { type: 'text', nullable: true },
    createdAt: { type: 'varchar', length: 32, name: 'created_at' },
    startedAt: { type: 'varchar', length: 32, name: 'started_at', nullable: true },
    finishedAt: { type: 'varchar', length: 32, name: 'finished_at', nullable: true },
  },
});
