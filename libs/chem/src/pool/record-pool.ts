import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import Piscina from 'piscina';
import type { InputRecord } from '../records';
import { mapRecordsWithRDKit } from '../rdkit-records';
import { profileRecord, type MoleculeProfile } from '../profile/profile-record';
import { fingerprintRecord, type RecordFingerprint } from '../profile/fingerprint-record';
import { batches, mapOrdered } from './ordered-batches';

export interface PoolOptions {
  /** Worker threads; 1 runs in this thread (no pool). Default: the machine's available parallelism. */
  threads?: number;
  /** Records per task: large enough to amortise message passing, small enough to keep every thread busy. */
  batchSize?: number;
  /**
   * The bundled worker file (`profile.worker.js`). Default: beside the running bundle; tests pass the built
   * file in dist/ because worker threads cannot load TypeScript.
   */
  workerFile?: string;
}

type TaskName = 'profileBatch' | 'fingerprintBatch';

/**
 * Per-record chemistry on every core. Input order is kept; at most 2 batches per thread are in flight,
 * so memory stays flat however long the input is.
 */
export class RecordPool {
  private readonly threads: number;
  private readonly batchSize: number;
  private readonly piscina?: Piscina;

  constructor(options: PoolOptions = {}) {
    this.threads = Math.max(1, options.threads ?? availableParallelism());
    this.batchSize = options.batchSize ?? 64;
    if (this.threads > 1) {
      this.piscina = new Piscina({
        filename: options.workerFile ?? join(__dirname, 'profile.worker.js'),
        minThreads: this.threads,
        maxThreads: this.threads,
        // Tasks are bounded by mapOrdered; the queue never grows past the in-flight window.
        maxQueue: 'auto',
      });
    }
  }

  profile(records: AsyncIterable<InputRecord>): AsyncGenerator<MoleculeProfile> {
    return this.run(records, 'profileBatch', profileRecord);
  }

  fingerprints(records: AsyncIterable<InputRecord>): AsyncGenerator<RecordFingerprint> {
    return this.run(records, 'fingerprintBatch', fingerprintRecord);
  }

  async close(): Promise<void> {
    await this.piscina?.destroy();
  }

  private run<R>(
    records: AsyncIterable<InputRecord>,
    name: TaskName,
    inline: (record: InputRecord) => R,
  ): AsyncGenerator<R> {
    const piscina = this.piscina;
    const work = piscina
      ? (batch: InputRecord[]) => piscina.run(batch, { name }) as Promise<R[]>
      : (batch: InputRecord[]) => mapRecordsWithRDKit(batch, inline);
    return mapOrdered(batches(records, this.batchSize), this.threads * 2, work);
  }
}
