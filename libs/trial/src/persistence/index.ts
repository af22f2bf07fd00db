import { auditEntities, auditMigrations } from '@hitscreen/db';
import { CohortResultEntity } from './cohort-result.entity';
import { EvaluationEntity } from './evaluation.entity';
import { PatientResultEntity } from './patient-result.entity';
import { PatientSetEntity } from './patient-set.entity';
import { StoredPatientEntity } from './stored-patient.entity';
import { TrialEntity } from './trial.entity';
import { UploadChunkEntity } from './upload-chunk.entity';
import { TrialSchema1764610000000 } from './migrations/1764610000000-trial-schema';
import { TrialTeam1764710000000 } from './migrations/1764710000000-trial-team';

export { TrialEntity, type TrialRecord } from './trial.entity';
export { PatientSetEntity, type PatientSetRecord, type PatientSetStatus } from './patient-set.entity';
export { UploadChunkEntity, type UploadChunkRecord } from './upload-chunk.entity';
export { StoredPatientEntity, type StoredPatientRecord } from './stored-patient.entity';
export { EvaluationEntity, type EvaluationRecord, type EvaluationStatus } from './evaluation.entity';
export { CohortResultEntity, type CohortResultRecord } from './cohort-result.entity';
export { PatientResultEntity, type PatientResultRecord } from './patient-result.entity';
export { StagingCipher } from './staging-cipher';

/** What a DataSource needs to hold trial data, with the audit log that patient-level reads write to. */
export const trialEntities = [
  TrialEntity,
  PatientSetEntity,
  UploadChunkEntity,
  StoredPatientEntity,
  EvaluationEntity,
  CohortResultEntity,
  PatientResultEntity,
  ...auditEntities,
];
export const trialMigrations = [...auditMigrations, TrialSchema1764610000000, TrialTeam1764710000000];
