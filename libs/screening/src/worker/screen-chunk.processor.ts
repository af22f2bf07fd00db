import { UnrecoverableError, type Job } from 'bullmq';
import type { InputRecord } from '@hitscreen/chem';
import { modelVersionSources } from '@hitscreen/model-registry';
import type { ScreenLimits, ScreenOptions } from '../contract';
import type { LibraryChunkRecord } from '../persistence';
import { failedChunkRows } from '../pipeline';
import { removeScreenJobs, type ScreenJobPayloads } from '../queue';
import { moleculeOverBudget } from '../runtime/time-budget';
import { isFinal, type ScreenModel } from '../store';
import { announce, type WorkerContext } from './worker-context';

const now = () => new Date().toISOString();
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** How often a running chunk re-reads its screen's status, so a cancel stops it within about a batch's time. */
export const STATUS_POLL_MS = 1000;

type ChunkResult = { rows: number; skipped?: string };

/**
 * One chunk: load its records from the database, run the pipeline, upsert the rows and the chunk's counts in one
 * transaction. Idempotent (rows keyed by (screen, row), counts recomputed from the chunks), so a retry or a stalled
 * job taken over by another worker never duplicates or loses a row. A screen that is no longer live (cancelled,
 * failed) is skipped; while the chunk computes its screen's status is polled and the computation stops when the
 * screen ends; the status is checked again inside the storing transaction: after a cancel, no row lands.
 * When the last attempt fails, the chunk's rows are stored `failed` with the reason and the screen goes on (it ends
 * `completed_with_errors`); only a chunk whose stored records are gone fails the screen.
 */
export function chunkProcessor(ctx: WorkerContext, limits: ScreenLimits) {
  return async (job: Job<ScreenJobPayloads['screen-chunk']>): Promise<ChunkResult> => {
    const { screenId, chunk } = job.data;
    const started = Date.now();
    const attempt = job.attemptsMade + 1;
    let stored: LibraryChunkRecord | null = null;
    let records: InputRecord[] | undefined;
    try {
      const screen = await ctx.screens.get(screenId);
      if (!screen) return { rows: 0, skipped: 'screen deleted' };
      if (isFinal(screen.status)) return { rows: 0, skipped: `screen ${screen.status}` };
      stored = await ctx.screens.chunk(screenId, chunk);
      if (!stored)
        throw new UnrecoverableError(`chunk ${chunk} of screen ${screenId} is not in the database`);
      if (await ctx.screens.markRunning(screenId, now())) await announce(ctx, screenId);

      const options = JSON.parse(screen.options) as ScreenOptions;
      records = JSON.parse(stored.records) as InputRecord[];
      // The versions recorded at submit, with their registered files: a promotion since then does not change
      // what this screen's chunks score with.
      const task = {
        models: await modelVersionSources(ctx.screens.dataSource, JSON.parse(screen.models) as ScreenModel[]),
        options: { weights: options.weights ?? {}, limits },
      };
      const rows = await whileLive(ctx, screenId, (signal) => ctx.runner.run(records!, task, signal));
      const budgetReason = moleculeOverBudget(ctx.runner.budgets.moleculeMs);
      if (rows === 'stopped') {
        const status = (await ctx.screens.get(screenId))?.status ?? 'deleted';
        ctx.log(
          `screen ${screenId} chunk ${chunk}: stopped after ${Date.now() - started} ms, screen ${status}`,
        );
        return { rows: 0, skipped: `screen ${status}` };
      }
      const counts = {
        done: rows.length,
        invalid: rows.filter((r) => r.status === 'invalid').length,
        failed: rows.filter((r) => r.status === 'failed').length,
      };
      const stoppedAs = await ctx.screens.dataSource.transaction(async (m) => {
        const status = await ctx.screens.statusIn(m, screenId);
        if (!status || isFinal(status)) return status ?? 'deleted';
        await ctx.results.upsert(m, screenId, rows);
        await ctx.screens.completeChunk(m, screenId, chunk, counts, {
          status: 'done',
          durationMs: Date.now() - started,
          attempts: attempt,
        });
        return null;
      });
      if (stoppedAs) return { rows: 0, skipped: `screen ${stoppedAs}` };
      await announce(ctx, screenId);
      const overBudget = rows.filter((r) => r.status === 'failed' && r.error === budgetReason).length;
      ctx.log(
        `screen ${screenId} chunk ${chunk}: ${rows.length} rows in ${Date.now() - started} ms` +
          (overBudget > 0 ? `, ${overBudget} over the per-molecule time budget` : ''),
      );
      return { rows: rows.length };
    } catch (error) {
      const last = error instanceof UnrecoverableError || attempt >= (job.opts.attempts ?? 1);
      ctx.log(`screen ${screenId} chunk ${chunk}: attempt ${attempt} failed: ${message(error)}`);
      if (last) {
        const reason = `chunk ${chunk} failed after ${attempt} attempt(s): ${message(error)}`;
        try {
          if (stored)
            await failChunk(ctx, stored, records, reason, { durationMs: Date.now() - started, attempt });
          else await failScreen(ctx, screenId, reason);
        } catch (storing) {
          // The job fails with its own error either way; finalize marks a chunk left pending as failed.
          ctx.log(`screen ${screenId} chunk ${chunk}: recording the failure failed: ${message(storing)}`);
        }
      }
      throw error;
    }
  };
}

/**
 * Runs `work` while the screen is live: its status is read every STATUS_POLL_MS and `work`'s signal aborted when
 * it is final (cancelled, or failed by another chunk). 'stopped' when that happened.
 */
async function whileLive<T>(
  ctx: WorkerContext,
  screenId: string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T | 'stopped'> {
  const controller = new AbortController();
  const poll = setInterval(() => {
    ctx.screens.get(screenId).then(
      (screen) => {
        if (!screen || isFinal(screen.status)) controller.abort();
      },
      // A status read that fails is not the chunk's failure: the storing transaction checks the status again.
      (error: unknown) => ctx.log(`screen ${screenId}: status poll failed: ${message(error)}`),
    );
  }, STATUS_POLL_MS);
  try {
    return await work(controller.signal);
  } catch (error) {
    if (controller.signal.aborted) return 'stopped';
    throw error;
  } finally {
    clearInterval(poll);
  }
}

/** The chunk's rows become `failed` with the reason (counted like any row), unless the screen is no longer live. */
async function failChunk(
  ctx: WorkerContext,
  stored: LibraryChunkRecord,
  records: InputRecord[] | undefined,
  reason: string,
  run: { durationMs: number; attempt: number },
): Promise<void> {
  const { screenId, chunkIndex } = stored;
  const rows = failedChunkRows({ ...stored, records }, reason);
  const marked = await ctx.screens.dataSource.transaction(async (m) => {
    const status = await ctx.screens.statusIn(m, screenId);
    if (!status || isFinal(status)) return false;
    await ctx.results.upsert(m, screenId, rows);
    const invalid = rows.filter((r) => r.status === 'invalid').length;
    await ctx.screens.completeChunk(
      m,
      screenId,
      chunkIndex,
      { done: rows.length, invalid, failed: rows.length - invalid },
      { status: 'failed', error: reason, durationMs: run.durationMs, attempts: run.attempt },
    );
    return true;
  });
  if (marked) await announce(ctx, screenId);
}

/** The screen cannot be finished: it fails with the reason, and its remaining jobs leave the queue. */
async function failScreen(ctx: WorkerContext, screenId: string, reason: string): Promise<void> {
  const screen = await ctx.screens.get(screenId);
  if (!screen || !(await ctx.screens.finish(screenId, 'failed', now(), reason))) return;
  await announce(ctx, screenId, true);
  await removeScreenJobs(ctx.flow, screenId, screen.chunkCount);
}
