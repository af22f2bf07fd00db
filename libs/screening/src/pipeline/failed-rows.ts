import type { InputRecord } from '@hitscreen/chem';
import type { ScreenedRow } from './screen-chunk';

/** The rows a chunk's records are known by, even when the stored records cannot be read. */
export interface ChunkRecords {
  firstRow: number;
  recordCount: number;
  /** The stored records, when they could be read. */
  records?: readonly InputRecord[];
}

/**
 * The rows of a chunk that kept failing: every record `failed` with the chunk's reason, so the screen still
 * accounts for each record exactly once. A record the reader already refused keeps its own reason as `invalid`
 * (the pipeline would have said the same). When the stored records cannot be read at all, rows are numbered from
 * the chunk's first row, with the row number as id and an empty input.
 */
export function failedChunkRows(chunk: ChunkRecords, reason: string): ScreenedRow[] {
  const records =
    chunk.records ??
    Array.from({ length: chunk.recordCount }, (_, i): InputRecord => {
      const row = chunk.firstRow + i;
      return { record: row, id: String(row), structure: '', fields: {} };
    });
  return records.map((r) => ({
    row: r.record,
    id: r.id,
    input: r.structure,
    status: r.error ? 'invalid' : 'failed',
    error: r.error ?? reason,
    parentSmiles: null,
    inchikey: null,
    properties: {},
    alerts: [],
    predictions: [],
    domain: [],
    desirability: null,
    rank: null,
    scores: {},
  }));
}
