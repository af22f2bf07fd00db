import { availableParallelism } from 'node:os';
import { Queue, Worker, type Processor } from 'bullmq';
import type { ScreeningWorkerConfig } from '../config';
import { DEFAULT_LOCK_MS, resolveServiceConfig } from '../config';
import { EVENTS_MAX_LEN, JOB_QUEUE, SCREEN_QUEUES, type ScreenJobName, type ScreenQueueName } from '../queue';
import { PipelineRunner } from '../runtime/pipeline-runner';
import { redisConnection } from '../runtime/redis';
import { timeBudgetCounters } from '../runtime/time-budget-counters';
import { openScreeningDatabase } from '../service/screening.service';
import { ResultStore, ScreenStore } from '../store';
import { chunkProcessor } from './screen-chunk.processor';
import { finalizeProcessor } from './screen-finalize.processor';
import { webhookProcessor } from './screen-webhook.processor';
import type { WorkerContext } from './worker-context';

export interface ScreeningWorker {
  /** Stops taking jobs, lets running ones finish (BullMQ's graceful close), then releases threads and connections. */
  close(): Promise<void>;
}

/**
 * One worker process's share of the screening work: chunk jobs (`concurrency` at a time, the pipeline on
 * `threads` worker threads), finalize jobs and webhooks. Any number of these, on any machines, may share one
 * database, Redis and queue prefix. Fails at start-up when the database, Redis or a job's handler is missing.
 */
export async function startScreeningWorker(
  config: ScreeningWorkerConfig,
  log: (message: string) => void = () => undefined,
): Promise<ScreeningWorker> {
  const resolved = resolveServiceConfig(config);
  const lockMs = config.lockMs ?? DEFAULT_LOCK_MS;
  const dataSource = await openScreeningDatabase(resolved.databaseUrl, resolved.databaseSchema);
  const redis = redisConnection(resolved.redisUrl, 'worker', resolved.queuePrefix);
  const threads = config.threads ?? availableParallelism();
  // Over-budget batches, molecules and thread stops are counted in Redis for the API's /metrics (all workers).
  const budgetEvents = timeBudgetCounters(redis, resolved.queuePrefix, (error) =>
    log(`time-budget counters: ${error instanceof Error ? error.message : String(error)}`),
  );
  const runner = new PipelineRunner(
    threads,
    config.threadFile,
    { moleculeMs: config.moleculeTimeBudgetMs, batchMs: config.batchTimeBudgetMs },
    budgetEvents,
  );
  const queueOptions = {
    connection: redis,
    prefix: resolved.queuePrefix,
    streams: { events: { maxLen: EVENTS_MAX_LEN } },
  };
  const webhooks = new Queue(SCREEN_QUEUES.webhooks, queueOptions);
  const flow = {
    chunks: new Queue(SCREEN_QUEUES.chunks, queueOptions),
    finalize: new Queue(SCREEN_QUEUES.finalize, queueOptions),
  };
  const ctx: WorkerContext = {
    screens: new ScreenStore(dataSource),
    results: new ResultStore(dataSource),
    runner,
    redis,
    prefix: resolved.queuePrefix,
    webhooks,
    flow,
    log,
  };

  // One handler per job name, each on the queue the contract names for it; checked here rather than at run time.
  const handlers: { [N in ScreenJobName]: { processor: Processor; concurrency: number } } = {
    'screen-chunk': {
      processor: chunkProcessor(ctx, resolved.limits) as Processor,
      concurrency: config.concurrency ?? 2,
    },
    'screen-finalize': { processor: finalizeProcessor(ctx) as Processor, concurrency: 1 },
    'screen-webhook': { processor: webhookProcessor(ctx) as Processor, concurrency: 4 },
  };
  const queues = new Set<ScreenQueueName>(Object.values(JOB_QUEUE));
  // BullMQ leaves connections it was given open on close(); these are ours to close.
  const connections = [redis];
  const workers = [...queues].map((queue) => {
    const names = (Object.keys(JOB_QUEUE) as ScreenJobName[]).filter((n) => JOB_QUEUE[n] === queue);
    if (names.length !== 1)
      throw new Error(`queue ${queue} must have exactly one job handler (has ${names.length})`);
    const { processor, concurrency } = handlers[names[0]];
    // Each Worker gets its own connection (BullMQ duplicates it for blocking reads); maxRetriesPerRequest: null.
    const connection = redisConnection(resolved.redisUrl, 'worker', resolved.queuePrefix);
    connections.push(connection);
    const worker = new Worker(queue, processor, {
      connection,
      prefix: resolved.queuePrefix,
      concurrency,
      // The pipeline runs on threads, so the event loop stays free to renew the lock while a chunk computes.
      lockDuration: lockMs,
      stalledInterval: lockMs,
      autorun: true,
    });
    // An 'error' listener keeps a lost Redis connection from crashing the process; BullMQ reconnects.
    worker.on('error', (error) => log(`${queue}: ${error.message}`));
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  const budgets =
    threads > 0
      ? `, time budgets ${runner.budgets.moleculeMs} ms a molecule, ${runner.budgets.batchMs} ms a batch`
      : ', no time budget (pipeline on the main thread)';
  log(
    `screening worker ready: ${threads} pipeline threads, chunk concurrency ${config.concurrency ?? 2}${budgets}`,
  );

  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([webhooks.close(), flow.chunks.close(), flow.finalize.close()]);
      await runner.close();
      for (const connection of connections) connection.disconnect();
      await dataSource.destroy();
    },
  };
}
