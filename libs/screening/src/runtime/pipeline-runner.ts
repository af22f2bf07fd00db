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
 * input order. Piscina's queue is unbounded here on purpose: a worker process holds at most `concurrency` chunks.
 */
export class PipelineRunner {
  private readonly piscina?: Piscina;

  constructor(threads: number, threadFile = join(__dirname, 'screen-chunk.worker.js')) {
    if (threads > 0)
      this.piscina = new Piscina({ filename: threadFile, minThreads: threads, maxThreads: threads });
  }

  async run(records: InputRecord[], task: Omit<ScreenBatchTask, 'records'>): Promise<ScreenedRow[]> {
    const piscina = this.piscina;
    if (!piscina) return screenBatch({ ...task, records });
    const batches: Promise<ScreenedRow[]>[] = [];
    for (let start = 0; start < records.length; start += BATCH) {
      const slice = records.slice(start, start + BATCH);
      batches.push(
        piscina.run({ ...task, records: slice }, { name: 'screenBatch' }) as Promise<ScreenedRow[]>,
      );
    }
    return (await Promise.all(batches)).flat();
  }

  async close(): Promise<void> {
    await this.piscina?.destroy();
  }
}
