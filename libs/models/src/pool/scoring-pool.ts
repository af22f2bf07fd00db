import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import Piscina from 'piscina';
import { batches, mapOrdered, type InputRecord } from '@hitscreen/chem';
import type { LoadModelOptions } from '../model-loader';
import { scoreBatch, type RecordScores, type ScoreBatchResult, type ScoreBatchTask } from './score-batch';

export interface ScoringPoolOptions {
  /** Model directories (`modelDir(name)`), in output order. */
  modelDirs: string[];
  /** Worker threads; 1 scores in this thread (no pool). Default: the machine's available parallelism. */
  threads?: number;
  /** Records per pool task (default 256): amortises message passing; every model scores the whole task. */
  recordsPerTask?: number;
  /** Molecules per ONNX run inside a task (DEFAULT_BATCH_SIZE of the predictor when unset). */
  batchSize?: number;
  /** Session options for every thread (intra-op threads 1 by default, execution provider). */
  load?: LoadModelOptions;
  /**
   * The bundled worker file (`score.worker.js`). Default: beside the running bundle (dist/<entry>/); tests and
   * benchmarks pass theirs because worker threads cannot load TypeScript.
   */
  workerFile?: string;
}

/** One input record with every model's score, in input order. */
export interface ScoredRecord extends RecordScores {
  input: InputRecord;
}

/**
 * Featurization and every model on every core: piscina worker threads, each with its own RDKit and its own ONNX
 * sessions (intra-op threads 1). Input order is kept and at most two tasks per thread are in flight, so memory
 * stays flat however long the input is (the same ordered window as @hitscreen/chem's RecordPool, whose task set
 * is chemistry only: ONNX Runtime may not be imported there).
 */
export class ScoringPool {
  readonly threads: number;
  private readonly recordsPerTask: number;
  private readonly piscina?: Piscina;
  private featurizeMs = 0;
  private scoreMs = 0;

  constructor(private readonly options: ScoringPoolOptions) {
    this.threads = Math.max(1, options.threads ?? availableParallelism());
    this.recordsPerTask = options.recordsPerTask ?? 256;
    if (!Number.isInteger(this.recordsPerTask) || this.recordsPerTask < 1)
      throw new Error(`recordsPerTask must be a positive integer (got ${this.recordsPerTask})`);
    if (this.threads > 1) {
      this.piscina = new Piscina({
        filename: options.workerFile ?? join(__dirname, 'score.worker.js'),
        minThreads: this.threads,
        maxThreads: this.threads,
        // Tasks are bounded by mapOrdered; the queue never grows past the in-flight window.
        maxQueue: 'auto',
      });
    }
  }

  /** Thread time summed over all tasks so far: featurization vs model inference (+ domain). */
  get timing(): { featurizeMs: number; scoreMs: number } {
    return { featurizeMs: this.featurizeMs, scoreMs: this.scoreMs };
  }

  /**
   * Loads RDKit and every model's sessions in each thread now (one small task per thread), so a broken model
   * directory fails at start-up and the first batches are not slowed by session creation.
   */
  async warmUp(): Promise<void> {
    const probe: InputRecord = { record: 0, id: 'warm-up', structure: 'CCO', fields: {} };
    const task = { records: [probe], modelDirs: this.options.modelDirs, load: this.options.load };
    const piscina = this.piscina;
    // Piscina hands concurrent tasks to idle threads, so `threads` tasks submitted together reach every thread.
    if (piscina)
      await Promise.all(
        Array.from({ length: this.threads }, () => piscina.run(task, { name: 'scoreBatch' })),
      );
    else await scoreBatch(task);
  }

  score(records: AsyncIterable<InputRecord>): AsyncGenerator<ScoredRecord> {
    const piscina = this.piscina;
    const run = (task: ScoreBatchTask) =>
      piscina ? (piscina.run(task, { name: 'scoreBatch' }) as Promise<ScoreBatchResult>) : scoreBatch(task);
    // In this thread one task at a time: interleaving two would only share the thread (and blur `timing`).
    const inFlight = piscina ? this.threads * 2 : 1;
    return mapOrdered(batches(records, this.recordsPerTask), inFlight, async (batch) => {
      const result = await run({
        records: batch,
        modelDirs: this.options.modelDirs,
        batchSize: this.options.batchSize,
        load: this.options.load,
      });
      this.featurizeMs += result.featurizeMs;
      this.scoreMs += result.scoreMs;
      return result.rows.map((row, i) => ({ input: batch[i], ...row }));
    });
  }

  async close(): Promise<void> {
    await this.piscina?.destroy();
  }
}
