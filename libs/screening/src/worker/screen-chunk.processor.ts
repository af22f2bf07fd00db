import { UnrecoverableError, type Job } from 'bullmq';
import type { InputRecord } from '@hitscreen/chem';
import type { ScreenLimits, ScreenOptions } from '../contract';
import type { ScreenJobPayloads } from '../queue';
import { isFinal, type ScreenModel } from '../store';
import { announce, type WorkerContext } from './worker-context';

const now = () => new Date().toISOString();
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * One chunk: load its records from the database, run the pipeline, upsert the rows and the chunk's counts in one
 * transaction. Idempotent (rows keyed by (screen, row), counts recomputed from the chunks), so a retry or a stalled
 * job taken over by another worker never duplicates or loses a row. A screen that is no longer live (cancelled,
 * failed) is skipped, and the status is checked again inside the storing transaction: after a cancel, no row lands.
 * When the last attempt fails, the screen fails with the reason (and the flow's parent with it).
 */
export function chunkProcessor(ctx: WorkerContext, limits: ScreenLimits) {
  return async (job: Job<ScreenJobPayloads['screen-chunk']>): Promise<{ rows: number; skipped?: string }> => {
    const { screenId, chunk } = job.data;
    const started = Date.now();
    try {
      const screen = await ctx.screens.get(screenId);
      if (!screen) return { rows: 0, skipped: 'screen deleted' };
      if (isFinal(screen.status)) return { rows: 0, skipped: `screen ${screen.status}` };
      const stored = await ctx.screens.chunk(screenId, chunk);
      if (!stored)
        throw new UnrecoverableError(`chunk ${chunk} of screen ${screenId} is not in the database`);
      if (await ctx.screens.markRunning(screenId, now())) await announce(ctx, screenId);

      const options = JSON.parse(screen.options) as ScreenOptions;
      const records = JSON.parse(stored.records) as InputRecord[];
      const rows = await ctx.runner.run(records, {
        models: (JSON.parse(screen.models) as ScreenModel[]).map((m) => m.name),
        options: { weights: options.weights ?? {}, limits },
      });
      const counts = {
        done: rows.length,
        invalid: rows.filter((r) => r.status === 'invalid').length,
        failed: rows.filter((r) => r.status === 'failed').length,
      };
      const stoppedAs = await ctx.screens.dataSource.transaction(async (m) => {
        const status = await ctx.screens.statusIn(m, screenId);
        if (!status || isFinal(status)) return status ?? 'deleted';
        await ctx.results.upsert(m, screenId, rows);
        await ctx.screens.completeChunk(m, screenId, chunk, counts);
        return null;
      });
      if (stoppedAs) return { rows: 0, skipped: `screen ${stoppedAs}` };
      await announce(ctx, screenId);
      ctx.log(`screen ${screenId} chunk ${chunk}: ${rows.length} rows in ${Date.now() - started} ms`);
      return { rows: rows.length };
    } catch (error) {
      const last = error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      ctx.log(`screen ${screenId} chunk ${chunk}: attempt ${job.attemptsMade + 1} failed: ${message(error)}`);
      if (last) {
        const reason = `chunk ${chunk} failed after ${job.attemptsMade + 1} attempt(s): ${message(error)}`;
        await ctx.screens.failChunk(screenId, chunk, message(error));
        if (await ctx.screens.finish(screenId, 'failed', now(), reason)) await announce(ctx, screenId, true);
      }
      throw error;
    }
  };
}
