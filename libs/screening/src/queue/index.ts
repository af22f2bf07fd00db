export {
  CHUNK_ATTEMPTS,
  chunkJobId,
  chunkJobOptions,
  EVENTS_MAX_LEN,
  FINALIZE_ATTEMPTS,
  finalizeJobOptions,
  JOB_QUEUE,
  SCREEN_QUEUES,
  screenJobId,
  webhookJobId,
  webhookJobOptions,
  type ScreenJobName,
  type ScreenJobPayloads,
  type ScreenQueueName,
} from './queue-contract';
export { addScreenFlow, removeScreenJobs, type ScreenFlowQueues } from './screen-jobs';
