import { join } from 'node:path';
import Piscina from 'piscina';
import type { InputRecord } from '@hitscreen/chem';
import type { ScreenedRow } from '../pipeline';
import { screenBatch, type ScreenBatchTask } from './screen-chunk.worker';

/** Molecules per thread task: enough to amortise the message passing and fill ONNX batches, small enough to keep every thread busy on a 1000-molecule chunk. */
const BATCH = 50;

/**
 * Runs the pipeline over a chunk on worker threads (piscina; one RDKit and one set of ONNX sessions per thread),
 * or on the calling thread with `threads: 0` (tests: worker threads cannot load TypeScript). Rows come back in
 * input order. Batches are handed out one per thread at a time rather than all at once, so that an abort
 * takes effect after the batches in flight: a cancelled screen's chunk stops within one batch's time without
 * terminating a thread (piscina's own abort would kill threads in the middle of native ONNX work, and every
 * model would be loaded again).
 */
export class PipelineRunner {
  private readonly piscina?: Piscina;

  constructor(
    private readonly threads: number,
    threadFile = join(__dirname, 'screen-chunk.worker.js'),
  ) {
    if (threads > 0)
      this.piscina = new Piscina({ filename: threadFile, minThreads: threads, maxThreads: threads });
  }

  /** The rows of `records`; rejects with the signal's reason once `signal` is aborted. */
  async run(
    records: InputRecord[],
    task: Omit<ScreenBatchTask, 'records'>,
    signal?: AbortSignal,
  ): Promise<ScreenedRow[]> {
    const piscina = this.piscina;
    const runBatch = (slice: InputRecord[]): Promise<ScreenedRow[]> =>
      piscina
        ? (piscina.run({ ...task, records: slice }, { name: 'screenBatch' }) as Promise<ScreenedRow[]>)
        : screenBatch({ ...task, records: slice });
    const batches = Math.ceil(records.length / BATCH);
    const results: ScreenedRow[][] = new Array<ScreenedRow[]>(batches);
    let next = 0;
    let failed = false;
    const lane = async () => {
      try {
        while (next < batches && !signal?.aborted && !failed) {
          const batch = next++;
          results[batch] = await runBatch(records.slice(batch * BATCH, (batch + 1) * BATCH));
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

  async close(): Promise<void> {
    await this.piscina?.destroy();
  }
}
