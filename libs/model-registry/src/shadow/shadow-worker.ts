// The shadow queue's consumer, started beside the screening worker (workers/screening/src/main.ts).
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { RegistryDatabase } from '../model-registry.service';
import { ModelRegistry } from '../model-registry.service';
import { runShadow, type ShadowRunResult } from './shadow-run';
import { SHADOW_JOB, SHADOW_QUEUE, type ShadowJobPayload } from './shadow-queue';

export interface ShadowWorkerConfig extends RegistryDatabase {
  redisUrl: string;
  queuePrefix: string;
  /** Molecules compared per screen (SHADOW_MAX_MOLECULES by default). */
  maxMolecules?: number;
}

export interface ShadowWorker {
  close(): Promise<void>;
}

/** The processor: thin, logs start and end, rethrows (BullMQ retries once, then keeps the failure a week). */
export function shadowProcessor(registry: ModelRegistry, log: (m: string) => void, maxMolecules?: number) {
  return async (job: Job<ShadowJobPayload>): Promise<ShadowRunResult> => {
    if (job.name !== SHADOW_JOB) throw new UnrecoverableError(`unknown job ${job.name} on ${SHADOW_QUEUE}`);
    const started = Date.now();
    const result = await runShadow(registry, job.data.screenId, maxMolecules);
    log(
      `shadow ${job.data.screenId}: ${result.skipped ?? result.reports.map((r) => `${r.name} ${r.version} on ${r.molecules} molecules`).join(', ')} in ${Date.now() - started} ms`,
    );
    return result;
  };
}

/** Opens the registry (running its migrations) and consumes the shadow queue, one screen at a time. */
export async function startShadowWorker(
  config: ShadowWorkerConfig,
  log: (message: string) => void = () => undefined,
): Promise<ShadowWorker> {
  const registry = await ModelRegistry.open(config);
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const worker = new Worker<ShadowJobPayload, ShadowRunResult>(
    SHADOW_QUEUE,
    shadowProcessor(registry, log, config.maxMolecules),
    { connection, prefix: config.queuePrefix, concurrency: 1, autorun: true },
  );
  worker.on('error', (error) => log(`${SHADOW_QUEUE}: ${error.message}`));
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      connection.disconnect();
      await registry.close();
    },
  };
}
