import type { JobsOptions } from 'bullmq';

/**
 * The screening queues, their jobs and payloads: one typed module shared by the service (producer) and the worker
 * (consumer), so the compiler checks one against the other. Payloads carry ids only — molecules stay in the
 * database — so Redis memory depends on the number of chunks, never on the molecules.
 */
export const SCREEN_QUEUES = {
  /** One job per stored library chunk; the flow's children. */
  chunks: 'screen-chunks',
  /** The flow's parent: runs once every chunk is done; ranks and closes the screen. */
  finalize: 'screen-finalize',
  /** POSTs the final summary to the screen's webhook URL, with retries. */
  webhooks: 'screen-webhooks',
} as const;

export type ScreenQueueName = (typeof SCREEN_QUEUES)[keyof typeof SCREEN_QUEUES];

export interface ScreenJobPayloads {
  'screen-chunk': { screenId: string; chunk: number };
  'screen-finalize': { screenId: string };
  'screen-webhook': { screenId: string; url: string };
}

export type ScreenJobName = keyof ScreenJobPayloads;

/** The queue of each job name: one handler per name, checked when a worker starts. */
export const JOB_QUEUE: { [N in ScreenJobName]: ScreenQueueName } = {
  'screen-chunk': SCREEN_QUEUES.chunks,
  'screen-finalize': SCREEN_QUEUES.finalize,
  'screen-webhook': SCREEN_QUEUES.webhooks,
};

/** Deterministic ids: re-adding a flow or a chunk never creates a second job for the same work. */
export const screenJobId = (screenId: string) => `screen-${screenId}`;
export const chunkJobId = (screenId: string, chunk: number) => `chunk-${screenId}-${chunk}`;
export const webhookJobId = (screenId: string) => `webhook-${screenId}`;

/** Finished jobs kept for inspection: bounded by count and age, so Redis does not grow with the screens run. */
const RETENTION = {
  removeOnComplete: { count: 1000, age: 3600 },
  removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
} as const;

/** Cap of each queue's events stream (BullMQ's default is 10,000 entries per queue). */
export const EVENTS_MAX_LEN = 1000;

/**
 * Per-node options. They are set on every job explicitly: a queue's defaultJobOptions do not apply to jobs that a
 * FlowProducer adds. A chunk retries transient failures (database hiccup, lost Redis connection) with
 * exponential backoff. When its last attempt fails, the processor has stored the chunk's rows as `failed` with the
 * reason, and the parent still runs once the other chunks are done (`ignoreDependencyOnFailure`): the screen ends
 * `completed_with_errors` rather than losing every other chunk's work.
 */
export const CHUNK_ATTEMPTS = 3;

export function chunkJobOptions(screenId: string, chunk: number, attempts = CHUNK_ATTEMPTS): JobsOptions {
  return {
    ...RETENTION,
    jobId: chunkJobId(screenId, chunk),
    attempts,
    backoff: { type: 'exponential', delay: 1000 },
    ignoreDependencyOnFailure: true,
  };
}

/** Ranking retries too; when its last attempt fails the screen is `failed` with the reason. */
export const FINALIZE_ATTEMPTS = 3;

export function finalizeJobOptions(screenId: string): JobsOptions {
  return {
    ...RETENTION,
    jobId: screenJobId(screenId),
    attempts: FINALIZE_ATTEMPTS,
    backoff: { type: 'exponential', delay: 1000 },
  };
}

/** A webhook receiver may be down for a while: 6 attempts over about a minute (2 s · 2ⁿ). */
export function webhookJobOptions(screenId: string): JobsOptions {
  return {
    ...RETENTION,
    jobId: webhookJobId(screenId),
    attempts: 6,
    backoff: { type: 'exponential', delay: 2000 },
  };
}
