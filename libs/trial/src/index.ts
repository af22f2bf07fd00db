export type * from './trial.types';
export { resolveAssumptions } from './trial.types';
export {
  validateTrial,
  parseTrial,
  TrialDefinitionError,
  TRIAL_SCHEMA,
  UNASSIGNED_COHORT,
} from './schema/validate-trial';
export type { TrialValidation } from './schema/validate-trial';
export type { SchemaIssue } from './schema/json-schema';
export type * from './patient.types';
export { SYSTEMS } from './patient.types';
export { Pseudonymizer, pseudonymConfigFromEnv, DEVELOPMENT_PSEUDONYM_KEY } from './pseudonym';
export type { PseudonymConfig } from './pseudonym';
export { readPatients, PatientSourceError, isNdjsonOfBundles } from './ingest/read-patients';
export type { ReadPatientsOptions } from './ingest/read-patients';
export { MAX_BUNDLE_FILE_BYTES } from './ingest/fhir-reader';
export { evaluateCriterion, compare } from './criteria/evaluate-criterion';
export type { CriterionResult, Evidence, Outcome } from './criteria/evaluate-criterion';
export { compileTrial, evaluatePatient } from './criteria/evaluate-patient';
export type { CompiledTrial, PatientEvaluation, PatientStatus } from './criteria/evaluate-patient';
export { convertUnit, analyteOf, unitKey } from './criteria/units';
export { asOfInstants } from './criteria/time';
export { assignSite } from './cohorts/site-assignment';
export { representativeness, AGE_BANDS } from './cohorts/demographics';
export { SUPPRESSED, HIDDEN, suppressCount, suppressGroup, suppressFunnel } from './cohorts/suppression';
export type { Count } from './cohorts/suppression';
export { simulateRecruitment } from './forecast/poisson-gamma';
export type {
  RecruitingUnit,
  RecruitmentForecast,
  MonthsInterval,
  CurveBand,
} from './forecast/poisson-gamma';
export { rankTrial, summarize, criterionLabel } from './rank/rank-trial';
export type { TrialRanking, CohortResult, FunnelStep, RankOptions } from './rank/rank-trial';
export { renderTrialReport, cohortsCsv } from './report/trial-report';
export { generatePatientBundles, SYNTHETIC_CITIES, SYNTHETIC_CODES } from './synthetic/generate-patients';
export type { GeneratorOptions } from './synthetic/generate-patients';
export { writeSyntheticPatients } from './synthetic/write-bundles';
export { rankTrialParallel } from './parallel/rank-parallel';
export type { ParallelRankOptions, ParallelRankResult } from './parallel/rank-parallel';
export { readPatientStream } from './ingest/read-patients';
export type { FhirStreamFormat, ReadPatientStreamOptions } from './ingest/read-patients';
export { patientMinimizer, fromStoredPatient } from './minimize/stored-patient';
export type { StoredPatient } from './minimize/stored-patient';
// The service: persistence, queue contract, the API's service and the worker.
export { trialEntities, trialMigrations, StagingCipher } from './persistence';
export type { PatientSetStatus, EvaluationStatus } from './persistence';
export { TRIAL_QUEUES } from './queue/queue-contract';
export type { TrialJobName, TrialJobPayloads } from './queue/queue-contract';
export { trialConfigFromEnv, trialWorkerConfigFromEnv, DEFAULT_TRIAL_LIMITS } from './service/trial-config';
export type { TrialServiceConfig, TrialWorkerConfig, TrialLimits } from './service/trial-config';
export { TrialService } from './service/trial.service';
export type {
  TrialSummary,
  PatientSetSummary,
  EvaluationSummary,
  PatientResult,
  PatientResultsQuery,
  Requester,
  Page,
} from './service/trial.service';
export { SYSTEM_TRIAL_VIEWER, type TrialViewer } from './service/trial-store';
export { TrialServiceError } from './service/trial-service-error';
export type { TrialServiceErrorCode } from './service/trial-service-error';
export { startTrialWorker } from './worker/trial-worker';
export type { TrialWorker } from './worker/trial-worker';
