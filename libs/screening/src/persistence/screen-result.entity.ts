import { EntitySchema } from '@hitscreen/db';

/**
 * One compound's result, keyed by (screen, row): chunks upsert on that key, so a rerun never duplicates or loses a
 * row. `scores` is a flat JSON object of every numeric score key (properties, predictions, `<key>.std`, domain,
 * derived keys); sorting and filtering read it in SQL (`json_extract` / `::jsonb ->>`), so a query over any key
 * runs in the database without a column per model task. `payload` holds the rest of the row for display.
 */
export interface ScreenResultRecord {
  screenId: string;
  rowIndex: number;
  recordId: string;
  input: string;
  status: 'ok' | 'invalid' | 'failed';
  error: string | null;
  parentSmiles: string | null;
  inchikey: string | null;
  desirability: number | null;
  rank: number | null;
  scores: string;
  payload: string;
}

export const ScreenResultEntity = new EntitySchema<ScreenResultRecord>({
  name: 'ScreenResult',
  tableName: 'screen_result',
  columns: {
    screenId: { type: 'varchar', length: 36, primary: true, name: 'screen_id' },
    rowIndex: { type: 'integer', primary: true, name: 'row_index' },
    recordId: { type: 'text', name: 'record_id' },
    input: { type: 'text' },
    status: { type: 'varchar', length: 16 },
    error: { type: 'text', nullable: true },
    parentSmiles: { type: 'text', name: 'parent_smiles', nullable: true },
    inchikey: { type: 'varchar', length: 27, nullable: true },
    desirability: { type: 'double precision', nullable: true },
    rank: { type: 'integer', nullable: true },
    // jsonb on PostgreSQL, a jsonb blob on SQLite (migration ScoresJsonb); written and read only through raw SQL.
    scores: { type: 'text' },
    payload: { type: 'text' },
  },
  indices: [
    { name: 'screen_result_desirability', columns: ['screenId', 'desirability'] },
    { name: 'screen_result_rank', columns: ['screenId', 'rank'] },
  ],
});
