import { dialectOfSource, SqlParams, type DataSource } from '@hitscreen/db';
import type { EntityManager } from 'typeorm';
import type { ResultAlert, ResultDomain, ResultPrediction, ResultRow, ResultsQuery, Page } from '../contract';
import type { ScreenedRow } from '../pipeline';
import { compileResultsQuery } from './results-query';

/** Rows per INSERT: 12 parameters each stays far below SQLite's and PostgreSQL's parameter limits. */
const UPSERT_BATCH = 200;
/** Rows per keyset page of an export: constant memory whatever the screen size. */
const EXPORT_PAGE = 500;

const COLUMNS =
  'screen_id, row_index, record_id, input, status, error, parent_smiles, inchikey, desirability, rank, scores, payload';
/** What a result row is read from: `scores` only serves sorting and filtering inside the database. */
const SELECTED =
  'row_index, record_id, input, status, error, parent_smiles, inchikey, desirability, rank, payload';

interface Payload {
  properties: Record<string, number | boolean>;
  alerts: ResultAlert[];
  predictions: ResultPrediction[];
  domain: ResultDomain[];
}

interface ResultDbRow {
  row_index: number;
  record_id: string;
  input: string;
  status: ResultRow['status'];
  error: string | null;
  parent_smiles: string | null;
  inchikey: string | null;
  desirability: number | null;
  rank: number | null;
  payload: string;
}

function toResultRow(r: ResultDbRow): ResultRow {
  const payload = JSON.parse(r.payload) as Payload;
  return {
    row: Number(r.row_index),
    id: r.record_id,
    input: r.input,
    status: r.status,
    error: r.error,
    parentSmiles: r.parent_smiles,
    inchikey: r.inchikey,
    properties: payload.properties,
    alerts: payload.alerts,
    predictions: payload.predictions,
    domain: payload.domain,
    desirability: r.desirability === null ? null : Number(r.desirability),
    rank: r.rank === null ? null : Number(r.rank),
  };
}

/** Result rows of screens: upserted by (screen, row), queried with sort and filters in SQL, exported by keyset. */
export class ResultStore {
  constructor(readonly dataSource: DataSource) {}

  private get dialect() {
    return dialectOfSource(this.dataSource);
  }

  /** Inserts or replaces rows (rank reset: it is recomputed when the screen completes). */
  async upsert(m: EntityManager, screenId: string, rows: readonly ScreenedRow[]): Promise<void> {
    for (let start = 0; start < rows.length; start += UPSERT_BATCH) {
      const params = new SqlParams(this.dialect);
      const values = rows.slice(start, start + UPSERT_BATCH).map((r) => {
        const payload: Payload = {
          properties: r.properties,
          alerts: r.alerts,
          predictions: r.predictions,
          domain: r.domain,
        };
        const cells = [
          screenId,
          r.row,
          r.id,
          r.input,
          r.status,
          r.error,
          r.parentSmiles,
          r.inchikey,
          r.desirability,
          null,
          JSON.stringify(r.scores),
          JSON.stringify(payload),
        ];
        // Scores are stored in each database's binary JSON (jsonb), read key by key without re-parsing text.
        const scoresAt = cells.length - 2;
        const placeholders = cells.map((c, i) =>
          i === scoresAt && this.dialect === 'sqlite' ? `jsonb(${params.add(c)})` : params.add(c),
        );
        return `(${placeholders.join(', ')})`;
      });
      const update = COLUMNS.split(', ')
        .slice(2)
        .map((c) => `${c} = excluded.${c}`)
        .join(', ');
      await m.query(
        `INSERT INTO screen_result (${COLUMNS}) VALUES ${values.join(', ')} ` +
          `ON CONFLICT (screen_id, row_index) DO UPDATE SET ${update}`,
        params.values,
      );
    }
  }

  /** Rank 1 = highest desirability (ties by row order); rows without a desirability keep rank null. */
  async rank(screenId: string): Promise<void> {
    const params = new SqlParams(this.dialect);
    const inner = params.add(screenId);
    const outer = params.add(screenId);
    await this.dataSource.query(
      `UPDATE screen_result SET rank = ranked.r FROM (` +
        `SELECT row_index, ROW_NUMBER() OVER (ORDER BY desirability DESC, row_index ASC) AS r ` +
        `FROM screen_result WHERE screen_id = ${inner} AND desirability IS NOT NULL) AS ranked ` +
        `WHERE screen_result.screen_id = ${outer} AND screen_result.row_index = ranked.row_index`,
      params.values,
    );
  }

  /**
   * One page of results. `ranked`: the screen is final and ranked, with one row per record (`rows` of them).
   * Then the commonest request, best first, reads the (screen_id, rank) index instead of sorting every row of
   * the screen by desirability (rank 1.. is exactly desirability descending, ties by row), and an unfiltered
   * page takes its total from the screen instead of counting: both otherwise scan the whole screen per request.
   */
  async page(
    screenId: string,
    query: ResultsQuery,
    keys: ReadonlySet<string>,
    ranked?: { rows: number },
  ): Promise<Page<ResultRow>> {
    const compiled = compileResultsQuery(query, keys, this.dialect);
    const where = (params: SqlParams) =>
      [`screen_id = ${params.add(screenId)}`, ...compiled.where].join(' AND ');
    const bestFirst = ['-score', '-desirability'].includes((query.sort ?? '').trim());
    const orderBy = ranked && bestFirst ? ['rank ASC NULLS LAST', 'row_index ASC'] : compiled.orderBy;
    let n: number | string;
    if (ranked && compiled.where.length === 0) n = ranked.rows;
    else {
      const countParams = new SqlParams(this.dialect);
      [{ n }] = (await this.dataSource.query(
        `SELECT COUNT(*) AS n FROM screen_result WHERE ${where(countParams)}`,
        countParams.values,
      )) as { n: number | string }[];
    }
    const params = new SqlParams(this.dialect);
    const sql =
      `SELECT ${SELECTED} FROM screen_result WHERE ${where(params)} ORDER BY ${orderBy.join(', ')} ` +
      `LIMIT ${params.add(compiled.limit)} OFFSET ${params.add(compiled.offset)}`;
    const rows = (await this.dataSource.query(sql, params.values)) as ResultDbRow[];
    return { items: rows.map(toResultRow), total: Number(n), page: query.page, pageSize: query.pageSize };
  }

  async one(screenId: string, row: number): Promise<ResultRow | null> {
    const params = new SqlParams(this.dialect);
    const rows = (await this.dataSource.query(
      `SELECT ${SELECTED} FROM screen_result WHERE screen_id = ${params.add(screenId)} AND row_index = ${params.add(row)}`,
      params.values,
    )) as ResultDbRow[];
    return rows.length > 0 ? toResultRow(rows[0]) : null;
  }

  /** Every row in row order, EXPORT_PAGE at a time (keyset on row_index: no OFFSET scans, constant memory). */
  async *export(screenId: string): AsyncGenerator<ResultRow> {
    let after = 0;
    for (;;) {
      const params = new SqlParams(this.dialect);
      const rows = (await this.dataSource.query(
        `SELECT ${SELECTED} FROM screen_result WHERE screen_id = ${params.add(screenId)} AND row_index > ${params.add(after)} ` +
          `ORDER BY row_index LIMIT ${params.add(EXPORT_PAGE)}`,
        params.values,
      )) as ResultDbRow[];
      for (const row of rows) yield toResultRow(row);
      if (rows.length < EXPORT_PAGE) return;
      after = Number(rows[rows.length - 1].row_index);
    }
  }

  async count(screenId: string): Promise<number> {
    const params = new SqlParams(this.dialect);
    const [{ n }] = (await this.dataSource.query(
      `SELECT COUNT(*) AS n FROM screen_result WHERE screen_id = ${params.add(screenId)}`,
      params.values,
    )) as { n: number | string }[];
    return Number(n);
  }
}
