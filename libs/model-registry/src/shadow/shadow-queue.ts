// The shadow queue's contract (one job kind) and the call the screening worker makes when a screen finishes.
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSource } from '@hitscreen/db';

export const SHADOW_QUEUE = 'model-shadow';
export const SHADOW_JOB = 'shadow-screen';

export interface ShadowJobPayload {
  screenId: string;
}

/** One job per screen (a re-queued finalize adds nothing), kept briefly once done; failures kept a week. */
export function shadowJobOptions(screenId: string): JobsOptions {
  return {
    jobId: `shadow-${screenId}`,
    attempts: 2,
    backoff: { type: 'exponential', delay: 5000 },
    removeOnComplete: { count: 1000, age: 3600 },
    removeOnFail: { count: 1000, age: 7 * 24 * 3600 },
  };
}

/** True when the registry's tables exist and hold a candidate in shadow. */
async function anyShadowCandidate(dataSource: DataSource): Promise<boolean> {
  try {
    const rows = (await dataSource.query(
      `SELECT 1 AS one FROM model_version WHERE shadow = true AND status = 'candidate' LIMIT 1`,
    )) as unknown[];
    return rows.length > 0;
  } catch (error) {
    // No registry in this database (its migrations never ran): nothing can be in shadow.
    if (/model_version/.test((error as Error).message)) return false;
    throw error;
  }
}

export interface ShadowHookContext {
  dataSource: DataSource;
  redis: Redis;
  prefix: string;
  log: (message: string) => void;
}

/**
 * Called by the screening worker once a screen is finished: queues its shadow run when a candidate is in shadow.
 * The screen's results are final by then and do not depend on this, so a failure here is logged with the screen
 * rather than failing (and retrying) the finalize job; the shadow report is advisory.
 */
export async function queueShadowRun(ctx: ShadowHookContext, screenId: string): Promise<void> {
  try {
    if (!(await anyShadowCandidate(ctx.dataSource))) return;
    const queue = new Queue<ShadowJobPayload>(SHADOW_QUEUE, { connection: ctx.redis, prefix: ctx.prefix });
    try {
      await queue.add(SHADOW_JOB, { screenId }, shadowJobOptions(screenId));
    } finally {
      await queue.close();
    }
  } catch (error) {
    ctx.log(`screen ${screenId}: shadow run not queued: ${(error as Error).message}`);
  }
}
