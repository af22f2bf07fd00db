import { EntitySchema } from '@hitscreen/db';

/** One cohort of a completed evaluation (its `CohortResult` JSON, suppressed), for queries across evaluations. */
export interface CohortResultRecord {
  evaluationId: string;
  cohortId: string;
  /** 1 = the largest forecast contribution; null for the unassigned cohort. */
  rank: number | null;
  name: string;
  result: string;
}

export const CohortResultEntity = new EntitySchema<CohortResultRecord>({
  name: 'TrialCohortResult',
  tableName: 'trial_cohort_result',
  columns: {
    evaluationId: { type: 'varchar', length: 36, primary: true, name: 'evaluation_id' },
    cohortId: { type: 'varchar', length: 200, primary: true, name: 'cohort_id' },
    rank: { type: 'integer', nullable: true },
    name: { type: 'text' },
    result: { type: 'text' },
  },
});
