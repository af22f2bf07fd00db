import type { Job } from 'bullmq';
import type { InputRecord } from '@hitscreen/chem';
import { recordScreenDrift } from '@hitscreen/drift';
import { queueShadowRun } from '@hitscreen/model-registry';
import type { ScreenStatus } from '../contract';
import type { LibraryChunkRecord, ScreenRecord } from '../persistence';
import { failedChunkRows } from '../pipeline';
import type { ScreenJobPayloads } from '../queue';
import { isFinal } from '../store';
import { announce, type WorkerContext } from './worker-context';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** Chunk reasons quoted in a screen's `error`; the rows carry every reason. */
const QUOTED_CHUNK_ERRORS = 3;

/**
 * The flow's parent: runs once every chunk job has completed or failed for good. Ranks the screen by desirability
 * (rank 1 = best) and closes it: `completed`, or `completed_with_errors` when any row failed. A chunk still pending
 * here never stored anything (its job was lost: removed from Redis, or stalled more often than allowed), so its
 * rows are marked failed first and every record still has exactly one row. Idempotent: ranking is recomputed from
 * the rows, and a screen already final (cancelled while its last chunks ran) is left as it is. When the last
 * attempt fails, the screen fails with the reason.
 */
export function finalizeProcessor(ctx: WorkerContext) {
  return async (job: Job<ScreenJobPayloads['screen-finalize']>): Promise<{ status: string }> => {
    const { screenId } = job.data;
    const screen = await ctx.screens.get(screenId);
    if (!screen) return { status: 'deleted' };
    if (isFinal(screen.status)) return { status: screen.status };
    const started = Date.now();
    try {
      for (const chunk of await ctx.screens.chunksIn(screenId, 'pending')) await failLostChunk(ctx, chunk);
      await ctx.results.rank(screenId);
      const counted = (await ctx.screens.get(screenId))!;
      const status: ScreenStatus = counted.failed > 0 ? 'completed_with_errors' : 'completed';
      const error = status === 'completed' ? null : await errorSummary(ctx, counted);
      await recordScreenDrift(ctx.screens.dataSource, screenId, ctx.log); // before `finish`: a final screen has it
      if (await ctx.screens.finish(screenId, status, new Date().toISOString(), error))
        await announce(ctx, screenId, true);
      await queueShadowRun({ ...ctx, dataSource: ctx.screens.dataSource }, screenId);
      ctx.log(`screen ${screenId}: ranked and ${status} in ${Date.now() - started} ms`);
      return { status };
    } catch (error) {
      const attempt = job.attemptsMade + 1;
      if (attempt >= (job.opts.attempts ?? 1)) {
        const reason = `finalizing failed after ${attempt} attempt(s): ${message(error)}`;
        if (await ctx.screens.finish(screenId, 'failed', new Date().toISOString(), reason))
          await announce(ctx, screenId, true);
      }
      throw error;
    }
  };
}

async function failLostChunk(ctx: WorkerContext, chunk: LibraryChunkRecord): Promise<void> {
  const reason = `chunk ${chunk.chunkIndex} was never stored: its job ended without a result (removed from the queue, or stalled too often)`;
  let records: InputRecord[] | undefined;
  try {
    records = JSON.parse(chunk.records) as InputRecord[];
  } catch {
    records = undefined; // unreadable: rows are numbered from the chunk's first row
  }
  const rows = failedChunkRows({ ...chunk, records }, reason);
  const invalid = rows.filter((r) => r.status === 'invalid').length;
  await ctx.screens.dataSource.transaction(async (m) => {
    await ctx.results.upsert(m, chunk.screenId, rows);
    await ctx.screens.completeChunk(
      m,
      chunk.screenId,
      chunk.chunkIndex,
      { done: rows.length, invalid, failed: rows.length - invalid },
      { status: 'failed', error: reason },
    );
  });
}

/** `8 of 26 rows failed: chunk 1 failed after 3 attempt(s): …` (at most QUOTED_CHUNK_ERRORS chunk reasons). */
async function errorSummary(ctx: WorkerContext, screen: ScreenRecord): Promise<string> {
  const failedChunks = await ctx.screens.chunksIn(screen.id, 'failed');
  const head = `${screen.failed} of ${screen.total} rows failed`;
  if (failedChunks.length === 0) return `${head} (featurization or scoring; each row has its reason)`;
  const quoted = failedChunks.slice(0, QUOTED_CHUNK_ERRORS).map((c) => c.error ?? `chunk ${c.chunkIndex}`);
  const more = failedChunks.length - quoted.length;
  return `${head}: ${quoted.join('; ')}${more > 0 ? `; and ${more} more chunk(s)` : ''}`;
}
