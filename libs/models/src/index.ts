// Public API of the scoring library: the only module in the workspace that talks to ONNX Runtime.
export {
  CARD_FILE,
  ModelCardError,
  parseModelCard,
  readModelCard,
  type DomainCard,
  type HeadlineMetric,
  type ModelCard,
  type TaskCard,
  type TaskType,
} from './model-card';
export {
  acquireModelVersion,
  checkFeaturizerVersion,
  loadedModelVersions,
  loadModel,
  releaseModels,
  type ModelVersionSource,
  MEMBER_INPUTS,
  MEMBER_OUTPUT,
  type ExecutionProvider,
  type LoadedModel,
  type LoadModelOptions,
} from './model-loader';
export { ModelFileMismatchError, readRegisteredFiles, type RegisteredModelFile } from './model-file-check';
export { MAX_VERSIONS_PER_MODEL, ModelVersionCache, type Lease } from './model-version-cache';
export { claimForStop, createModelRunFlag, guardModelRuns, withinModelRun } from './model-run-guard';
export { chunks, DEFAULT_BATCH_SIZE, packBatch, type FeatureDims, type PackedBatch } from './batch';
export {
  checkGraphVersions,
  predictGraphs,
  runEnsemble,
  taskPredictions,
  type EnsembleOutput,
  type PredictOptions,
  type TaskPrediction,
} from './predictor';
export {
  ApplicabilityDomain,
  DEFAULT_DOMAIN_THRESHOLD,
  readTrainingFingerprints,
  TrainingFingerprints,
  type DomainAssessment,
} from './applicability-domain';
export { attributeAtoms, maskAtom, type AtomAttribution } from './attribution';
export { listModels, modelDir, modelsDir, type ModelEntry } from './model-registry';
export { scoreFeatures, scoreRecords, scoreSmiles, type MoleculeScore, type ScoreOptions } from './score';
export { checkParity, readParity, storedBatch, type ParityFile, type ParityReport } from './parity';
export { averagePrecision, mae, r2, rmse, rocAuc } from './metrics';
export {
  evaluate,
  readLabel,
  type EvaluationRow,
  type EvaluationSummary,
  type LabelReading,
  type TaskEvaluation,
} from './evaluate';
export * from './pool';
