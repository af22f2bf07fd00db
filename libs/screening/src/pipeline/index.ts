export { failedChunkRows, type ChunkRecords } from './failed-rows';
export { screenChunk, type ScreenChunkOptions, type ScreenedRow } from './screen-chunk';
export {
  DEFAULT_WEIGHTS,
  DESIRABILITY_FLOOR,
  desirability,
  effectiveWeights,
  transformFor,
  weightableKeys,
} from './desirability';
export { BUILT_IN_KEYS, isToxicityTask, PROPERTY_KEYS, predictionKeys, scoreKeysFor } from './score-keys';
