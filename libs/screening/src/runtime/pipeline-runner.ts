import { join } from 'node:path';
import Piscina from 'piscina';
import type { InputRecord } from '@hitscreen/chem';
import { claimForStop, createModelRunFlag, runWithinBudget, ThreadTaskOverBudget } from '@hitscreen/models';
import { failedChunkRows, type ScreenedRow } from '../pipeline';
import { screenBatch, type ScreenBatchTask } from './screen-chunk.worker';
import {
  moleculeOverBudget,
  resolveTimeBudgets,
  TimeBudgetExceeded,
  type TimeBudgetEvents,
  type TimeBudgets,
} from './time-budget';

/** Molecules per thread task: enough to amortise the message passing and fill ONNX batches, small enough to keep every thread busy on a 1000-molecule chunk. */
const BATCH = 50;
/**
 * How soon a stop deferred by an ONNX run is tried again: the first try asks the thread to stop, and the thread
 * parks as that run ends (a run of a 32-molecule batch takes milliseconds to tens of milliseconds).
 */
const MODEL_RUN_RETRY_MS = 5;

/** What the time budgets have cost since the runner started (this process's share; logged by the worker). */
export interface TimeBudgetStats {
  /** Batches stopped at the batch budget and re-run molecule by molecule. */
  batchesOverBudget: number;
  /** Molecules stopped at the molecule budget: each is a `failed` row. */
  moleculesOverBudget: number;
}

/**
 * Runs the pipeline over a chunk on worker threads (piscina; one RDKit and one set of ONNX sessions per thread),
 * or on the calling thread with `threads: 0` (tests: worker threads cannot load TypeScript). Rows come back in
 * input order.
 *
 * Cancelling: batches are handed out one per thread at a time rather than all at once, so that an abort takes
 * effect after the batches in flight: a cancelled screen's chunk stops within one batch's time without
 * terminating a thread (that would cost a reload of every model).
 *
 * Time budgets: a batch computing longer than `budgets.batchMs` has its thread terminated (piscina's abort) and
 * is run again molecule by molecule, each under `budgets.moleculeMs`; a molecule over that fails alone (its row
 * `failed`, "exceeded the per-molecule time budget of N ms") and the rest are scored. A structure that keeps
 * RDKit busy for minutes (128 s for a 144-atom ring mesh within the default limits: docs/BENCHMARKS.md) thus costs its
 * chunk at most the two budgets. With `threads: 0` nothing can pre-empt the calling thread, so there is no budget.
 */
export class PipelineRunner {
  private readonly piscina?: Piscina;
  readonly budgets: TimeBudgets;
  readonly budgetStats: TimeBudgetStats = { batchesOverBudget: 0, moleculesOverBudget: 0 };

  constructor(
    private readonly threads: number,
    threadFile = join(__dirname, 'screen-chunk.worker.js'),
    budgets: Partial<TimeBudgets> = {},
    private readonly events: Partial<TimeBudgetEvents> = {},
  ) {
    this.budgets = resolveTimeBudgets(budgets);
    if (threads > 0)
      this.piscina = new Piscina({ filename: threadFile, minThreads: threads, maxThreads: threads });
  }

  /** The rows of `records`; rejects with the signal's reason once `signal` is aborted. */
  async run(
    records: InputRecord[],
    task: Omit<ScreenBatchTask, 'records'>,
    signal?: AbortSignal,
  ): Promise<ScreenedRow[]> {
    const batches = Math.ceil(records.length / BATCH);
    const results: ScreenedRow[][] = new Array<ScreenedRow[]>(batches);
    let next = 0;
    let failed = false;
    const lane = async () => {
      try {
        while (next < batches && !signal?.aborted && !failed) {
          const batch = next++;
          const slice = records.slice(batch * BATCH, (batch + 1) * BATCH);
          results[batch] = await this.runBatch(slice, task, signal);
        }
      } catch (error) {
        failed = true; // the other lanes take no new batch: the chunk fails (and is retried) as a whole
        throw error;
      }
    };
    // One batch in flight per thread: a thread waits only for the next batch's message (microseconds against a
    // batch's hundreds of milliseconds), and the process's other chunk in flight fills that gap anyway.
    const lanes = Math.min(batches, Math.max(1, this.threads));
    await Promise.all(Array.from({ length: lanes }, lane));
    signal?.throwIfAborted();
    return results.flat();
  }

  private async runBatch(
    records: InputRecord[],
    task: Omit<ScreenBatchTask, 'records'>,
    signal?: AbortSignal,
  ): Promise<ScreenedRow[]> {
    const piscina = this.piscina;
    if (!piscina) return screenBatch({ ...task, records });
    // A batch of one is its molecule: straight under the molecule budget (one thread restart fewer if it runs over).
    if (records.length > 1) {
      try {
        return await this.runWithin(piscina, records, task, this.budgets.batchMs);
      } catch (error) {
        if (!(error instanceof TimeBudgetExceeded)) throw error;
        this.budgetStats.batchesOverBudget++;
        this.events.batchOverBudget?.();
      }
    }
    const rows: ScreenedRow[] = [];
    for (const record of records) {
      // A cancel stops the re-run too (`run` then rejects; these rows are never stored).
      if (signal?.aborted) break;
      rows.push(...(await this.runMolecule(piscina, record, task)));
    }
    return rows;
  }

  /** One molecule under the molecule budget: its rows, or its `failed` row when it runs over. */
  private async runMolecule(
    piscina: Piscina,
    record: InputRecord,
    task: Omit<ScreenBatchTask, 'records'>,
  ): Promise<ScreenedRow[]> {
    try {
      return await this.runWithin(piscina, [record], task, this.budgets.moleculeMs);
    } catch (error) {
      if (!(error instanceof TimeBudgetExceeded)) throw error;
      this.budgetStats.moleculesOverBudget++;
      this.events.moleculeOverBudget?.();
      const reason = moleculeOverBudget(this.budgets.moleculeMs);
      return failedChunkRows({ firstRow: record.record, recordCount: 1, records: [record] }, reason);
    }
  }

  /**
   * One thread task whose computing is stopped after `budgetMs`: the clock starts when the thread says it is
   * computing (queueing and a fresh thread's model loading are not charged), and at the deadline piscina
   * terminates the thread (it starts a fresh one in its place). Rejects with TimeBudgetExceeded then.
   */
  private async runWithin(
    piscina: Piscina,
    records: InputRecord[],
    task: Omit<ScreenBatchTask, 'records'>,
    budgetMs: number,
  ): Promise<ScreenedRow[]> {
    // At the deadline the thread is terminated only outside an ONNX run (terminating inside one aborts the
    // process): while a run holds the flag, the stop is asked for and the thread parks when that run ends; try
    // again a few milliseconds later. Each stop is told to `events` with how long after the deadline it came.
    const modelRunFlag = createModelRunFlag();
    try {
      return await runWithinBudget<ScreenedRow[]>(
        piscina,
        { ...task, records, modelRunFlag } satisfies Omit<ScreenBatchTask, 'computing'>,
        {
          name: 'screenBatch',
          budgetMs,
          mayStop: () => claimForStop(modelRunFlag),
          retryMs: MODEL_RUN_RETRY_MS,
          onStopped: (afterDeadlineMs, afterFirstTryMs) =>
            this.events.threadStopped?.(afterDeadlineMs, afterFirstTryMs),
        },
      );
    } catch (error) {
      if (error instanceof ThreadTaskOverBudget) throw new TimeBudgetExceeded(budgetMs, records.length);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.piscina?.destroy();
  }
}
