import { EntitySchema } from '@hitscreen/db';

export type ChunkStatus = 'pending' | 'done' | 'failed';

/**
 * A slice of a submitted library (≈ chunkSize records), stored before any job exists so that a worker on any
 * machine can load it: Redis only ever carries (screen id, chunk index).
 */
export interface LibraryChunkRecord {
  screenId: string;
  chunkIndex: number;
  /** Row number (1-based) of the first record of this chunk. */
  firstRow: number;
  recordCount: number;
  /** InputRecord[] as JSON. */
  records: string;
  status: ChunkStatus;
  /** Counts of this chunk's last run; the screen's counts are their sum, so a rerun never counts twice. */
  done: number;
  invalid: number;
  failed: number;
  error: string | null;
  /** How long the last run took (done or failed), for the chunk-duration metric; null while pending. */
  durationMs: number | null;
  /** Attempts the chunk job made until it was done or failed for good; null while pending. */
  attempts: number | null;
}

export const LibraryChunkEntity = new EntitySchema<LibraryChunkRecord>({
  name: 'LibraryChunk',
  tableName: 'library_chunk',
  columns: {
    screenId: { type: 'varchar', length: 36, primary: true, name: 'screen_id' },
    chunkIndex: { type: 'integer', primary: true, name: 'chunk_index' },
    firstRow: { type: 'integer', name: 'first_row' },
    recordCount: { type: 'integer', name: 'record_count' },
    records: { type: 'text' },
    status: { type: 'varchar', length: 16 },
    done: { type: 'integer' },
    invalid: { type: 'integer' },
    failed: { type: 'integer' },
    error: { type: 'text', nullable: true },
    durationMs: { type: 'integer', name: 'duration_ms', nullable: true },
    attempts: { type: 'integer', nullable: true },
  },
  indices: [{ name: 'library_chunk_outcome', columns: ['status', 'durationMs', 'attempts'] }],
});
