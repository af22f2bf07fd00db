import { Worker, type Job, type Processor } from 'bullmq';
import { StagingCipher } from '../persistence';
import { Pseudonymizer } from '../pseudonym';
import {
  TRIAL_JOB_ATTEMPTS,
  TRIAL_JOB_QUEUE,
  type TrialJobName,
  type TrialQueueName,
} from '../queue/queue-contract';
import { redisConnection } from '../service/redis';
import type { TrialWorkerConfig } from '../service/trial-config';
import { openTrialDatabase, TrialStore } from '../service/trial-store';
import { evaluateProcessor } from './evaluate.processor';
import { ingestProcessor } from './ingest.processor';
import type { TrialWorkerContext } from './worker-context';

export interface TrialWorker {
  /** Stops taking jobs, lets running ones finish, then closes connections. */
  close(): Promise<void>;
}

/**
 * One worker process's share of the trial work: ingest and evaluation jobs. Any number of these, on any machines,
 * may share one database, Redis and queue prefix (jobs carry ids; data is in the database). A job's last failed
 * attempt marks its patient set or evaluation `failed` with the reason.
 */
export async function startTrialWorker(
  config: TrialWorkerConfig,
  log: (message: string) => void = () => undefined,
): Promise<TrialWorker> {
  const dataSource = await openTrialDatabase(config.databaseUrl, config.databaseSchema);
  const store = new TrialStore(dataSource);
  const ctx: TrialWorkerContext = {
    store,
    cipher: new StagingCipher(config.pseudonymKey),
    pseudonymizer: new Pseudonymizer(config.pseudonymKey),
    limits: config.limits,
    log,
  };
  const handlers: { [N in TrialJobName]: Processor } = {
    'trial-ingest': ingestProcessor(ctx) as Processor,
    'trial-evaluate': evaluateProcessor(ctx) as Processor,
  };
  // A job that will not be retried any more leaves its patient set or evaluation failed, with the reason.
  const onFinalFailure: { [N in TrialJobName]: (job: Job, reason: string) => Promise<void> } = {
    'trial-ingest': async (job, reason) => {
      const id = (job.data as { patientSetId: string }).patientSetId;
      const set = await store.getPatientSet(id);
      // The staged upload and any patients of the failed attempts go with it (nothing half-ingested stays).
      if (set && set.status !== 'failed')
        await store.finishIngest(
          id,
          { status: 'failed', error: reason, finishedAt: new Date().toISOString() },
          true,
        );
    },
    'trial-evaluate': async (job, reason) => {
      const id = (job.data as { evaluationId: string }).evaluationId;
      await store.updateEvaluation(id, {
        status: 'failed',
        error: reason,
        finishedAt: new Date().toISOString(),
      });
    },
  };
  const lockMs = config.lockMs ?? 60_000;
  const connections: ReturnType<typeof redisConnection>[] = [];
  const workers: Worker[] = [];
  for (const queue of new Set<TrialQueueName>(Object.values(TRIAL_JOB_QUEUE))) {
    const names = (Object.keys(TRIAL_JOB_QUEUE) as TrialJobName[]).filter(
      (n) => TRIAL_JOB_QUEUE[n] === queue,
    );
    if (names.length !== 1)
      throw new Error(`queue ${queue} must have exactly one job handler (has ${names.length})`);
    const name = names[0];
    const connection = redisConnection(config.redisUrl, 'worker');
    connections.push(connection);
    const processor = handlers[name];
    const worker = new Worker(
      queue,
      async (job: Job, token?: string) => {
        const started = Date.now();
        log(`${name} ${job.id}: start (attempt ${job.attemptsMade + 1})`);
        try {
          const result: unknown = await processor(job, token);
          log(`${name} ${job.id}: done in ${Date.now() - started} ms`);
          return result;
        } catch (error) {
          const final = error instanceof Error && error.name === 'UnrecoverableError';
          if (final || job.attemptsMade + 1 >= (job.opts.attempts ?? TRIAL_JOB_ATTEMPTS))
            await onFinalFailure[name](job, error instanceof Error ? error.message : String(error));
          log(`${name} ${job.id}: failed: ${error instanceof Error ? error.message : String(error)}`);
          throw error;
        }
      },
      {
        connection,
        prefix: config.queuePrefix,
        concurrency: config.concurrency ?? 1,
        lockDuration: lockMs,
        stalledInterval: lockMs,
      },
    );
    worker.on('error', (error) => log(`${queue}: ${error.message}`));
    workers.push(worker);
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  log(`trial worker ready: concurrency ${config.concurrency ?? 1}`);
  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      for (const connection of connections) connection.disconnect();
      await dataSource.destroy();
    },
  };
}
