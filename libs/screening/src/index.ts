// Public API of the screening back end: the contract the API codes against, its implementation, the worker.
export * from './contract';
export {
  DEFAULT_CHUNK_SIZE,
  DEFAULT_DATABASE_URL,
  DEFAULT_QUEUE_PREFIX,
  DEFAULT_REDIS_URL,
  DEFAULT_SCREEN_LIMITS,
  screeningConfigFromEnv,
  screeningWorkerConfigFromEnv,
  type ScreeningWorkerConfig,
} from './config';
export { createScreeningService, openScreeningDatabase } from './service/screening.service';
export { startScreeningWorker, type ScreeningWorker } from './worker/screening-worker';
export {
  DEFAULT_WEIGHTS,
  DESIRABILITY_FLOOR,
  screenChunk,
  type ScreenChunkOptions,
  type ScreenedRow,
} from './pipeline';
export { screeningEntities, screeningMigrations } from './persistence';
export { PipelineRunner } from './runtime/pipeline-runner';
export { SCREEN_QUEUES, type ScreenJobName, type ScreenJobPayloads } from './queue';
export {
  LocalScreenCancelled,
  LocalScreening,
  type LocalProgress,
  type LocalScreeningConfig,
} from './local/local-screening';
