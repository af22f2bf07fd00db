import type { JobsOptions } from 'bullmq';

/**
 * The trial queues, their jobs and payloads, shared by the service (producer) and the worker (consumer). Payloads
 * carry ids only: uploads are staged in the database and results go back to it, so any worker on any machine
 * can take any job, and Redis never holds patient data.
 */
export const TRIAL_QUEUES = {
  /** Reads a patient set's staged upload into pseudonymized, minimized patient rows. */
  ingest: 'trial-ingest',
  /** Evaluates a trial over one of its patient sets: cohorts, forecast, ranking, patient-level results. */
  evaluate: 'trial-evaluate',
} as const;

export type TrialQueueName = (typeof TRIAL_QUEUES)[keyof typeof TRIAL_QUEUES];

export interface TrialJobPayloads {
  'trial-ingest': { patientSetId: string };
  'trial-evaluate': { evaluationId: string };
}

export type TrialJobName = keyof TrialJobPayloads;

/** The queue of each job name: one handler per name, checked when a worker starts. */
export const TRIAL_JOB_QUEUE: { [N in TrialJobName]: TrialQueueName } = {
  'trial-ingest': TRIAL_QUEUES.ingest,
  'trial-evaluate': TRIAL_QUEUES.evaluate,
};

/** Cap of each queue's events stream (BullMQ's default is 10,000 entries per queue). */
export const TRIAL_EVENTS_MAX_LEN = 1000;

/** Attempts per job: transient failures (a lost connection) retry with backoff; the last failure fails the run. */
export const TRIAL_JOB_ATTEMPTS = 3;

/** Finished jobs kept for inspection, bounded by count and age. */
const RETENTION = {
  removeOnComplete: { count: 1000, age: 3600 },
  removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
} as const;

/** Deterministic job ids: adding the same work twice never makes a second job. */
export function trialJobOptions<N extends TrialJobName>(name: N, payload: TrialJobPayloads[N]): JobsOptions {
  const id = 'patientSetId' in payload ? payload.patientSetId : payload.evaluationId;
  return {
    ...RETENTION,
    jobId: `${name}-${id}`,
    attempts: TRIAL_JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: 1000 },
  };
}
