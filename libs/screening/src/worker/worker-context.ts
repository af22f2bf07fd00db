import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ScreenRecord } from '../persistence';
import { publishProgress } from '../events';
import { webhookJobOptions, type ScreenFlowQueues, type ScreenJobPayloads } from '../queue';
import type { PipelineRunner } from '../runtime/pipeline-runner';
import { progressOf, toSummary, type ResultStore, type ScreenStore } from '../store';

/** What the processors of one worker process share. */
export interface WorkerContext {
  screens: ScreenStore;
  results: ResultStore;
  runner: PipelineRunner;
  redis: Redis;
  prefix: string;
  webhooks: Queue;
  /** The flow's queues, to remove a failed screen's remaining jobs. */
  flow: ScreenFlowQueues;
  log: (message: string) => void;
}

/** Publishes the screen's current state; when it is final, queues the webhook (if the screen has one). */
export async function announce(ctx: WorkerContext, screenId: string, final = false): Promise<void> {
  const screen = await ctx.screens.get(screenId);
  if (!screen) return;
  await publishProgress(ctx.redis, ctx.prefix, progressOf(screen));
  if (final) await queueWebhook(ctx, screen);
}

async function queueWebhook(ctx: WorkerContext, screen: ScreenRecord): Promise<void> {
  const url = toSummary(screen).options.webhookUrl;
  if (!url) return;
  await ctx.webhooks.add(
    'screen-webhook',
    { screenId: screen.id, url } satisfies ScreenJobPayloads['screen-webhook'],
    webhookJobOptions(screen.id),
  );
}
