import type { Job } from 'bullmq';
import type { ScreenJobPayloads } from '../queue';
import { toSummary } from '../store';
import type { WorkerContext } from './worker-context';

/** Receivers that hang must not hold a worker: each attempt gives up after this long (and is retried). */
const WEBHOOK_TIMEOUT_MS = 10_000;

/** POSTs the screen's final summary as JSON; a non-2xx answer or a network error throws, so BullMQ retries. */
export function webhookProcessor(ctx: WorkerContext) {
  return async (job: Job<ScreenJobPayloads['screen-webhook']>): Promise<{ status: number }> => {
    const screen = await ctx.screens.get(job.data.screenId);
    if (!screen) return { status: 0 };
    const response = await fetch(job.data.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(toSummary(screen)),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`webhook ${job.data.url} answered ${response.status}`);
    return { status: response.status };
  };
}
