// Public API of the model registry: versions with their files' hashes, gated promotion, shadow runs.
export {
  ModelRegistry,
  ModelRegistryError,
  PromotionRefusedError,
  type ChangedBy,
  type ModelVersionDetail,
  type ModelVersionView,
  type PromotionComparison,
  type PromotionView,
  type RegistryDatabase,
  type ServedModel,
  type ShadowReportView,
} from './model-registry.service';
export { checkModelDir, ModelCheckError, PARITY_TOLERANCE } from './model-check';
export { compareModelFiles, filesDigest, hashModelFiles, type ModelFile } from './model-files';
export {
  evaluateModelDir,
  evaluationSetPath,
  findEvaluationSet,
  headlineOfCard,
  headlineOfEvaluation,
  type EvaluationSet,
} from './evaluation';
export { gatePromotion, PROMOTION_TOLERANCE, type GateVerdict, type HeadlineMetrics } from './promotion-gate';
export {
  averageRanks,
  disagreementRate,
  pearson,
  spearman,
  taskAgreement,
  topOverlap,
  TOP_FRACTION,
  type TaskAgreement,
} from './shadow/agreement';
export { runShadow, SHADOW_MAX_MOLECULES, type ShadowRunResult } from './shadow/shadow-run';
export {
  queueShadowRun,
  shadowJobOptions,
  SHADOW_JOB,
  SHADOW_QUEUE,
  type ShadowHookContext,
  type ShadowJobPayload,
} from './shadow/shadow-queue';
export {
  shadowProcessor,
  startShadowWorker,
  type ShadowWorker,
  type ShadowWorkerConfig,
} from './shadow/shadow-worker';
export { MODEL_REGISTRY_ENTITIES, MODEL_REGISTRY_MIGRATIONS } from './persistence';
export { modelVersionSources, productionModels, type ProductionModel } from './serving/served-versions';
