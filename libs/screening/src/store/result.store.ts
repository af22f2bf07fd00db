import { dialectOfSource, SqlParams, type DataSource } from '@hitscreen/db';
import type { EntityManager } from 'typeorm';
import type { ResultAlert, ResultDomain, ResultPrediction, ResultRow, ResultsQuery, Page } from '../contract';
import type { ScreenedRow } from '../pipeline';
import { compileResultsQuery, type CompiledQuery } from './results-query';
import { isIndexedSortColumn, readSortSlots, SORT_TABLE, writeSortTable } from './sort-table';

/** Rows per INSERT: 12 parameters each stays far below SQLite's and PostgreSQL's parameter limits. */
const UPSERT_BATCH = 200;
/** Rows per keyset page of an export: constant memory whatever the screen size. */
const EXPORT_PAGE = 500;
/**
 * Row numbers kept by the order cache of one process (4 bytes each: 16 MiB), over all the final screens' queries
 * it holds; one query's order may take at most a quarter of it (a screen of more than 1,000,000 rows is not cached).
 */
export const ORDER_CACHE_ROWS = 4_000_000;
/**
 * How deep into a query's order a page is still read from a sort-table index (OFFSET walks the index up to the
 * page): deeper pages take the order cache, which reads the order once and then any page by key.
 */
export const INDEX_PAGE_REACH = 10_000;
/** Totals of filtered queries of final screens kept per process (a number each; oldest out). */
const TOTALS_CACHED = 10_000;

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

/** Where a query reads row numbers (and sorts and filters): a screen's result rows, or its sort table. */
interface RowSource {
  table: string;
  /** The column naming the screen there, and its value. */
  column: 'screen_id' | 'sort_no';
  id: string | number;
}

const orderKey = (source: RowSource, where: string[], orderBy: string[]) =>
  [source.table, source.id, where.join(' AND '), orderBy.join(', ')].join('\n');

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

/**
 * Result rows of screens: upserted by (screen, row), queried with sort and filters in SQL, exported by keyset.
 *
 * Pages of a final screen (its rows never change again) take one of two indexed paths instead of sorting, filtering
 * and counting every row of the screen per request:
 * - best first, unfiltered: the rank window. Ranks are 1..R without gaps (ROW_NUMBER at finalize) and rows without
 *   a rank follow in row order, so page p is ranks ((p-1)·size, p·size] read from the (screen_id, rank) index,
 *   then the unranked rows by row number: the same cost at any depth, nothing remembered.
 * - anything else (a filter, another sort key): the order cache. The first request reads the row numbers of every
 *   matching row in the query's order (one scan, as a page and its COUNT did before) and keeps them in this process
 *   (least recently used first out, ORDER_CACHE_ROWS in all); the total is their count, and every later page of
 *   that query is a primary-key lookup of its rows. A running screen's pages take the general path.
 * A final screen's queries read its sort table (sort-table.ts: its status, rank and 16 score keys in real columns)
 * instead of the `scores` JSON when it holds every key they use; then a one-key sort on an indexed column reads
 * just its page from the index (sortedPage) as long as the page lies within INDEX_PAGE_REACH of the order's start.
 */
export class ResultStore {
  /** Row numbers in order per (screen, filters, sort) of final screens; Map order = least recently used first. */
  private readonly orders = new Map<string, Int32Array>();
  private cachedRows = 0;
  /** Totals of filtered queries of final screens, per (source, filters); Map order = oldest first. */
  private readonly totals = new Map<string, number>();

  constructor(
    readonly dataSource: DataSource,
    private readonly orderCacheRows = ORDER_CACHE_ROWS,
    private readonly indexPageReach = INDEX_PAGE_REACH,
  ) {}

  private get dialect() {
    return dialectOfSource(this.dataSource);
  }

  /**
   * Inserts or replaces rows (rank reset: it is recomputed when the screen completes). A sort table written by an
   * earlier finalize no longer matches the rows: it is dropped (its rows by cascade) and queries read the JSON
   * until finalize writes it again. Without one (every chunk of a running screen) this finds nothing to delete.
   */
  async upsert(m: EntityManager, screenId: string, rows: readonly ScreenedRow[]): Promise<void> {
    const dropParams = new SqlParams(this.dialect);
    await m.query(`DELETE FROM screen_sort WHERE screen_id = ${dropParams.add(screenId)}`, dropParams.values);
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

  /**
   * Rank 1 = highest desirability (ties by row order); rows without a desirability keep rank null. Then the
   * screen's sort table (sort-table.ts) is written from the ranked rows, in the same transaction.
   */
  async rank(screenId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const params = new SqlParams(this.dialect);
      const inner = params.add(screenId);
      const outer = params.add(screenId);
      await m.query(
        `UPDATE screen_result SET rank = ranked.r FROM (` +
          `SELECT row_index, ROW_NUMBER() OVER (ORDER BY desirability DESC, row_index ASC) AS r ` +
          `FROM screen_result WHERE screen_id = ${inner} AND desirability IS NOT NULL) AS ranked ` +
          `WHERE screen_result.screen_id = ${outer} AND screen_result.row_index = ranked.row_index`,
        params.values,
      );
      await writeSortTable(m, this.dialect, screenId);
    });
  }

  /**
   * One page of results. `ranked`: the screen is final and ranked, with one row per record (`rows` of them).
   * Then the commonest request, best first, reads the (screen_id, rank) index instead of sorting every row of
   * the screen by desirability (rank 1.. is exactly desirability descending, ties by row), and an unfiltered
   * page takes its total from the screen instead of counting: both otherwise scan the whole screen per request.
   * A final screen's other queries read its sort table when it holds every key they use (see sortedPage).
   */
  async page(
    screenId: string,
    query: ResultsQuery,
    keys: ReadonlySet<string>,
    ranked?: { rows: number },
  ): Promise<Page<ResultRow>> {
    let compiled = compileResultsQuery(query, keys, this.dialect);
    const bestFirst = ['-score', '-desirability'].includes((query.sort ?? '').trim());
    const page = (items: ResultRow[], total: number) => ({
      items,
      total,
      page: query.page,
      pageSize: query.pageSize,
    });
    if (ranked && bestFirst && compiled.where.length === 0)
      return page(await this.rankWindow(screenId, compiled.offset, compiled.limit), ranked.rows);
    let source: RowSource = { table: 'screen_result', column: 'screen_id', id: screenId };
    const sortTable = ranked ? await readSortSlots(this.dataSource, this.dialect, screenId) : null;
    if (sortTable) {
      const onSortTable = compileResultsQuery(query, keys, this.dialect, sortTable.columns);
      if (!onSortTable.readsScores) {
        compiled = onSortTable;
        source = { table: SORT_TABLE, column: 'sort_no', id: sortTable.sortNo };
      }
    }
    const orderBy = ranked && bestFirst ? ['rank ASC NULLS LAST', 'row_index ASC'] : compiled.orderBy;
    const total = async () =>
      ranked && compiled.where.length === 0
        ? ranked.rows
        : await this.countWhere(source, compiled.where, !!ranked);
    const withinReach = compiled.offset + compiled.limit <= this.indexPageReach;
    const cached = this.orders.has(orderKey(source, compiled.where, orderBy));
    if (ranked && source.table === SORT_TABLE && withinReach && !cached) {
      const sorted = await this.sortedPage(source, compiled, bestFirst);
      if (sorted) return page(await this.rowsAt(screenId, sorted), await total());
    }
    if (ranked && ranked.rows <= this.orderCacheRows / 4) {
      const order = await this.order(source, compiled.where, orderBy);
      return page(
        await this.rowsAt(screenId, order.subarray(compiled.offset, compiled.offset + compiled.limit)),
        order.length,
      );
    }
    const params = new SqlParams(this.dialect);
    const where = [`${source.column} = ${params.add(source.id)}`, ...compiled.where].join(' AND ');
    const paging = `LIMIT ${params.add(compiled.limit)} OFFSET ${params.add(compiled.offset)}`;
    // The sort table gives the page's row numbers; their rows are then read by primary key.
    const selected = source.table === SORT_TABLE ? 'row_index' : SELECTED;
    const rows = (await this.dataSource.query(
      `SELECT ${selected} FROM ${source.table} WHERE ${where} ORDER BY ${orderBy.join(', ')} ${paging}`,
      params.values,
    )) as ResultDbRow[];
    return page(
      source.table === SORT_TABLE
        ? await this.rowsAt(
            screenId,
            Int32Array.from(rows, (r) => Number(r.row_index)),
          )
        : rows.map(toResultRow),
      await total(),
    );
  }

  /**
   * The row numbers of one page read in index order from the sort table, when the query sorts by at most one key
   * that has an index there (row order, rank, the first slots; best first is rank): the first page reads a page
   * of the index, not the screen. Null for other sorts (the order cache reads the sort table then).
   * Ascending is `column ASC NULLS LAST, row_index` (the index's order). Descending keeps rows without a value
   * last and ties in row order, which no scan of one index gives: its valued rows are read backwards (value
   * descending; PostgreSQL sorts each run of equal values by row, incrementally) and its rows without a value
   * forwards, each part as far as this page can reach, and the two merged.
   */
  private async sortedPage(
    source: RowSource,
    compiled: CompiledQuery,
    bestFirst: boolean,
  ): Promise<Int32Array | null> {
    const term = bestFirst
      ? { expression: 'rank', descending: false }
      : compiled.sort.length === 0
        ? { expression: 'row_index', descending: false }
        : compiled.sort.length === 1
          ? compiled.sort[0]
          : null;
    if (!term || !isIndexedSortColumn(term.expression)) return null;
    const column = term.expression;
    const params = new SqlParams(this.dialect);
    const where = () => [`${source.column} = ${params.add(source.id)}`, ...compiled.where].join(' AND ');
    const from = `FROM ${source.table}`;
    let sql: string;
    if (!term.descending)
      sql =
        `SELECT row_index ${from} WHERE ${where()} ORDER BY ${column} ASC NULLS LAST, row_index ASC ` +
        `LIMIT ${params.add(compiled.limit)} OFFSET ${params.add(compiled.offset)}`;
    else if (column === 'row_index')
      sql =
        `SELECT row_index ${from} WHERE ${where()} ORDER BY row_index DESC ` +
        `LIMIT ${params.add(compiled.limit)} OFFSET ${params.add(compiled.offset)}`;
    else {
      const reach = compiled.offset + compiled.limit;
      sql =
        `SELECT row_index FROM (` +
        `SELECT row_index, 0 AS part, v FROM (SELECT row_index, ${column} AS v ${from} ` +
        `WHERE ${where()} AND ${column} IS NOT NULL ORDER BY ${column} DESC, row_index ASC LIMIT ${params.add(reach)}) valued ` +
        `UNION ALL ` +
        `SELECT row_index, 1 AS part, NULL AS v FROM (SELECT row_index ${from} ` +
        `WHERE ${where()} AND ${column} IS NULL ORDER BY row_index ASC LIMIT ${params.add(reach)}) unvalued` +
        `) merged ORDER BY part ASC, v DESC, row_index ASC ` +
        `LIMIT ${params.add(compiled.limit)} OFFSET ${params.add(compiled.offset)}`;
    }
    const rows = (await this.dataSource.query(sql, params.values)) as { row_index: number | string }[];
    return Int32Array.from(rows, (r) => Number(r.row_index));
  }

  /** The number of rows matching; `final`: the screen's rows never change, so it is kept for the next page. */
  private async countWhere(source: RowSource, conditions: string[], final: boolean): Promise<number> {
    const key = [source.table, source.id, conditions.join(' AND ')].join('\n');
    const known = this.totals.get(key);
    if (final && known !== undefined) return known;
    const params = new SqlParams(this.dialect);
    const where = [`${source.column} = ${params.add(source.id)}`, ...conditions].join(' AND ');
    const [{ n }] = (await this.dataSource.query(
      `SELECT COUNT(*) AS n FROM ${source.table} WHERE ${where}`,
      params.values,
    )) as { n: number | string }[];
    if (final) {
      this.totals.set(key, Number(n));
      for (const oldKey of this.totals.keys()) {
        if (this.totals.size <= TOTALS_CACHED) break;
        this.totals.delete(oldKey);
      }
    }
    return Number(n);
  }

  /** Best first on a final screen: ranks (offset, offset + limit] by index, then unranked rows in row order. */
  private async rankWindow(screenId: string, offset: number, limit: number): Promise<ResultRow[]> {
    const maxParams = new SqlParams(this.dialect);
    const [{ m }] = (await this.dataSource.query(
      `SELECT MAX(rank) AS m FROM screen_result WHERE screen_id = ${maxParams.add(screenId)}`,
      maxParams.values,
    )) as { m: number | string | null }[];
    const rankedRows = m === null ? 0 : Number(m);
    const rows: ResultDbRow[] = [];
    if (offset < rankedRows) {
      const params = new SqlParams(this.dialect);
      rows.push(
        ...((await this.dataSource.query(
          `SELECT ${SELECTED} FROM screen_result WHERE screen_id = ${params.add(screenId)} ` +
            `AND rank > ${params.add(offset)} AND rank <= ${params.add(offset + limit)} ORDER BY rank`,
          params.values,
        )) as ResultDbRow[]),
      );
    }
    const unranked = limit - rows.length;
    if (unranked > 0 && offset + limit > rankedRows) {
      const params = new SqlParams(this.dialect);
      rows.push(
        ...((await this.dataSource.query(
          `SELECT ${SELECTED} FROM screen_result WHERE screen_id = ${params.add(screenId)} AND rank IS NULL ` +
            `ORDER BY row_index LIMIT ${params.add(unranked)} OFFSET ${params.add(Math.max(0, offset - rankedRows))}`,
          params.values,
        )) as ResultDbRow[]),
      );
    }
    return rows.map(toResultRow);
  }

  /** The row numbers matching `where` in `orderBy` order, of a final screen: from the cache, else read once. */
  private async order(source: RowSource, where: string[], orderBy: string[]): Promise<Int32Array> {
    const key = orderKey(source, where, orderBy);
    const cached = this.orders.get(key);
    if (cached) {
      this.orders.delete(key); // to the most recently used end
      this.orders.set(key, cached);
      return cached;
    }
    const params = new SqlParams(this.dialect);
    const conditions = [`${source.column} = ${params.add(source.id)}`, ...where].join(' AND ');
    const rows = (await this.dataSource.query(
      `SELECT row_index FROM ${source.table} WHERE ${conditions} ORDER BY ${orderBy.join(', ')}`,
      params.values,
    )) as { row_index: number | string }[];
    const order = Int32Array.from(rows, (r) => Number(r.row_index));
    const raced = this.orders.get(key); // another request read the same order meanwhile
    if (raced) this.cachedRows -= raced.length;
    this.orders.delete(key);
    this.orders.set(key, order);
    this.cachedRows += order.length;
    for (const [oldKey, old] of this.orders) {
      if (this.cachedRows <= this.orderCacheRows || oldKey === key) break;
      this.orders.delete(oldKey);
      this.cachedRows -= old.length;
    }
    return order;
  }

  /** The rows with these row numbers, in this order (primary-key lookups). */
  private async rowsAt(screenId: string, rowNumbers: Int32Array): Promise<ResultRow[]> {
    if (rowNumbers.length === 0) return [];
    const params = new SqlParams(this.dialect);
    const screen = params.add(screenId);
    const list = Array.from(rowNumbers, (n) => params.add(n)).join(', ');
    const rows = (await this.dataSource.query(
      `SELECT ${SELECTED} FROM screen_result WHERE screen_id = ${screen} AND row_index IN (${list})`,
      params.values,
    )) as ResultDbRow[];
    const byRow = new Map(rows.map((r) => [Number(r.row_index), r]));
    return Array.from(rowNumbers, (n) => {
      const row = byRow.get(n);
      // A final screen's rows never change; a missing one means the screen was altered under the cache.
      if (!row) throw new Error(`screen ${screenId} has no row ${n} any more`);
      return toResultRow(row);
    });
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
