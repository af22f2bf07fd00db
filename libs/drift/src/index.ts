// Public API of drift monitoring: the population stability index of a library's properties against a model's
// training set, its out-of-domain rate against the held-out molecules', and the per-screen store of bin counts.
export {
  binCounts,
  binOf,
  chiSquare999,
  decileEdges,
  fractionsOf,
  populationStabilityIndex,
  psiNoiseBound,
  psiTerms,
  PSI_EPSILON,
} from './psi';
export {
  DRIFT_PROPERTIES,
  DRIFT_PROPERTY_NAMES,
  propertyLabel,
  type DriftPropertyName,
} from './drift-properties';
export {
  parseTrainingReference,
  readTrainingReference,
  ReferenceError,
  REFERENCE_FILE,
  REFERENCE_FORMAT,
  type LoadedReference,
  type PropertyReference,
  type TrainingReference,
} from './reference';
export {
  addCounts,
  assessDrift,
  countMolecule,
  DRIFT_THRESHOLDS,
  emptyCounts,
  type DriftCounts,
  type DriftReport,
  type PropertyDrift,
} from './assess';
export { alignTrainingRows, buildPropertyReference } from './build-reference';
export { measureLibrary, measureRecord, type LibraryCounts, type MeasuredMolecule } from './measure-library';
export { domainOf, modelDrift, modelsWithReference, type ModelDrift } from './model-drift';
export {
  DRIFT_MIGRATIONS,
  DriftStore,
  ensureDriftTables,
  openDriftStore,
  type DailyDrift,
  type ScreenDriftRecord,
} from './persistence';
export { computeScreenDrift, recordScreenDrift, type ScreenDriftOptions } from './screen-drift';
