// Read-only access to a finished screen's molecules and production predictions, by SQL on the screening tables
// (`screen`, `screen_result`). The screening library calls into this one to queue shadow runs, so importing it
// back would be a cycle; the columns read here are the screening schema's stable contract (its migrations).
import { dialectOfSource, SqlParams, type DataSource } from '@hitscreen/db';

export interface ScreenModels {
  status: string;
  /** `{ name, version }` of the models that scored the screen. */
  models: { name: string; version: string }[];
}

export interface ScoredMolecule {
  row: number;
  parentSmiles: string;
  /** The screen's stored scores: `<model>.<task>` → value. */
  scores: Record<string, number>;
}

export async function screenModels(
  dataSource: DataSource,
  screenId: string,
): Promise<ScreenModels | undefined> {
  const params = new SqlParams(dialectOfSource(dataSource));
  const rows = (await dataSource.query(
    `SELECT status, models FROM screen WHERE id = ${params.add(screenId)}`,
    params.values,
  )) as { status: string; models: string }[];
  if (rows.length === 0) return undefined;
  return { status: rows[0].status, models: JSON.parse(rows[0].models) as ScreenModels['models'] };
}

/** The screen's valid (`ok`) molecules in row order, at most `limit`, from row `afterRow` on. */
export async function scoredMolecules(
  dataSource: DataSource,
  screenId: string,
  afterRow: number,
  limit: number,
): Promise<ScoredMolecule[]> {
  const dialect = dialectOfSource(dataSource);
  const params = new SqlParams(dialect);
  // scores is jsonb in both databases (a binary blob on SQLite): read back as JSON text.
  const scores = dialect === 'postgres' ? 'scores::text' : 'json(scores)';
  const rows = (await dataSource.query(
    `SELECT row_index, parent_smiles, ${scores} AS scores FROM screen_result
     WHERE screen_id = ${params.add(screenId)} AND status = 'ok' AND parent_smiles IS NOT NULL
       AND row_index > ${params.add(afterRow)}
     ORDER BY row_index LIMIT ${params.add(limit)}`,
    params.values,
  )) as { row_index: number; parent_smiles: string; scores: string }[];
  return rows.map((r) => ({
    row: Number(r.row_index),
    parentSmiles: r.parent_smiles,
    scores: JSON.parse(r.scores) as Record<string, number>,
  }));
}
