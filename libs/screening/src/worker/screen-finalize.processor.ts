import type { Job } from 'bullmq';
import type { ScreenJobPayloads } from '../queue';
import { isFinal } from '../store';
import { announce, type WorkerContext } from './worker-context';

/**
 * The flow's parent: runs once every chunk job has completed. Ranks the screen by desirability (rank 1 = best)
 * and closes it as completed. Idempotent: ranking is recomputed from the rows, and a screen already final
 * (cancelled while its last chunks ran) is left as it is.
 */
export function finalizeProcessor(ctx: WorkerContext) {
  return async (job: Job<ScreenJobPayloads['screen-finalize']>): Promise<{ status: string }> => {
    const { screenId } = job.data;
    const screen = await ctx.screens.get(screenId);
    if (!screen) return { status: 'deleted' };
    if (isFinal(screen.status)) return { status: screen.status };
    const started = Date.now();
    await ctx.results.rank(screenId);
    if (await ctx.screens.finish(screenId, 'completed', new Date().toISOString()))
      await announce(ctx, screenId, true);
    ctx.log(`screen ${screenId}: ranked and completed in ${Date.now() - started} ms`);
    return { status: 'completed' };
  };
}
