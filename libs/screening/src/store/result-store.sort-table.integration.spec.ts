import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ResultsQuery } from '../contract';
import { BUILT_IN_KEYS, PROPERTY_KEYS, type ScreenedRow } from '../pipeline';
import { openScreeningDatabase } from '../service/screening.service';
import { testBackend, type TestBackend } from '../testing/integration';
import { ORDER_CACHE_ROWS, ResultStore } from './result.store';
import { ScreenStore } from './screen.store';
import { readSortSlots, sortSlotKeys } from './sort-table';

// The sort table of a final screen (written at rank) against the JSON path that every query took before it, on a
// few hundred synthetic rows with ties, rows without a value and keys that got no slot: every sort key in both
// directions, filters, pages — through the index-ordered pages, the order cache and the general path, each equal
// byte for byte to the unranked (full-scan) answer. Real PostgreSQL and SQLite.
const ROWS = 300;
const PREDICTIONS = [
  'bace.pIC50',
  'bace.active',
  'tox21.NR-AR',
  'tox21.SR-p53',
  'tox21.NR-AhR',
  'esol.log_s',
];
const KEYS = [
  ...BUILT_IN_KEYS,
  ...PROPERTY_KEYS,
  ...PREDICTIONS.flatMap((k) => [k, `${k}.std`]),
  'bace.max_similarity',
  'tox21.max_similarity',
  'esol.max_similarity',
  'tox_max',
];

/** Deterministic pseudo-random numbers (mulberry32): the same rows on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticRows(): ScreenedRow[] {
  const next = random(42);
  return Array.from({ length: ROWS }, (_, i): ScreenedRow => {
    const row = i + 1;
    const base = { row, id: `m${row}`, input: 'CCO', parentSmiles: 'CCO', inchikey: null, rank: null };
    const empty = { properties: {}, alerts: [], predictions: [], domain: [], scores: {}, desirability: null };
    if (row % 23 === 0) return { ...base, ...empty, status: 'invalid', error: 'unparsable' };
    if (row % 31 === 0) return { ...base, ...empty, status: 'failed', error: 'tox21: no prediction' };
    const scores: Record<string, number> = {};
    // Coarse values (one decimal, small integers) give many ties, which the row order must break the same way.
    for (const key of KEYS.filter((k) => !['score', 'desirability', 'rank', 'row'].includes(k)))
      scores[key] = key === 'alerts' ? Math.floor(next() * 3) : Math.round(next() * 10) / 10;
    scores.in_domain = next() < 0.7 ? 1 : 0;
    scores.mol_wt = Math.round(150 + next() * 400);
    if (row % 7 === 0) delete scores['tox21.NR-AR']; // a key a row lacks: last in either direction
    if (row % 11 === 0) delete scores.qed;
    const desirability = row % 13 === 0 ? null : Math.round(next() * 20) / 20;
    if (desirability !== null) scores.desirability = desirability;
    return {
      ...base,
      status: 'ok',
      error: null,
      properties: { mol_wt: scores.mol_wt, qed: scores.qed ?? 0 },
      alerts: [],
      predictions: [],
      domain: [],
      desirability,
      scores,
    };
  });
}

const SORTS = ['', ...KEYS.flatMap((k) => [k, `-${k}`]), '-esol.log_s,mol_wt', 'alerts,-qed', '-score,row'];
const FILTERS = [
  ['qed>=0.5'],
  ['alerts=none'],
  ['in_domain=true'],
  ['tox_max<0.3'],
  ['status=invalid'],
  ['status!=ok'],
  ['mol_wt>300', 'alerts=none'],
  ['tox21.NR-AR!=0.5'],
  ['bace.pIC50.std<0.4'],
  ['rank<=40'],
];
const FILTERED_SORTS = [
  '',
  '-score',
  'score',
  '-qed',
  'qed',
  'tox21.NR-AR',
  '-tox21.NR-AR',
  'row',
  '-row',
  'rank',
];

describe.each(['postgres', 'sqlite'] as const)('the sort table on %s', (dialect) => {
  let backend: TestBackend;
  let dataSource: DataSource;
  let results: ResultStore;
  const keys = new Set(KEYS);

  beforeAll(async () => {
    backend = testBackend(dialect, 100);
    dataSource = await openScreeningDatabase(backend.config.databaseUrl, backend.config.databaseSchema);
    results = new ResultStore(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await backend?.cleanup();
  });

  async function finalScreen(): Promise<string> {
    const id = randomUUID();
    await new ScreenStore(dataSource).create({
      ...{ id, name: null, owner: null, team: null, status: 'running', options: '{}', models: '[]' },
      ...{ scoreKeys: JSON.stringify(KEYS), error: null, createdAt: new Date().toISOString() },
      ...{ startedAt: null, finishedAt: null },
    });
    await dataSource.transaction((m) => results.upsert(m, id, syntheticRows()));
    await results.rank(id);
    return id;
  }

  /** Every page of `query` as the JSON path answers it, and as each path of a final screen does. */
  async function expectSamePages(
    id: string,
    query: Omit<ResultsQuery, 'page' | 'pageSize'>,
    stores: ResultStore[],
  ) {
    for (const [page, pageSize] of [
      [1, 40],
      [7, 40], // reaches into the rows without a value (the last 22 or more) part way
      [8, 40],
      [2, 7], // fewer than the rows without a value after a filter like status!=ok
    ]) {
      const q = { ...query, page, pageSize };
      const general = JSON.stringify(await results.page(id, q, keys));
      for (const store of stores)
        expect({ q, page: JSON.stringify(await store.page(id, q, keys, { rows: ROWS })) }).toEqual({
          q,
          page: general,
        });
    }
  }

  it('holds the keys users sort by most in the indexed slots, and every row of the screen', async () => {
    const id = await finalScreen();
    expect(sortSlotKeys(KEYS).slice(0, 10)).toEqual([
      ...['mol_wt', 'clogp', 'qed', 'tox_max', 'bace.pIC50', 'tox21.NR-AR', 'esol.log_s', 'alerts'],
      ...['in_domain', 'bace.active'], // slots 9.. have no index
    ]);
    expect(sortSlotKeys(KEYS)).toHaveLength(16);
    const { sortNo, columns } = (await readSortSlots(dataSource, dialect, id))!;
    expect(columns.get('qed')).toBe('k3');
    expect(columns.has('bace.pIC50.std')).toBe(false); // beyond the slots: read from the JSON
    const [{ n }] = (await dataSource.query(
      `SELECT COUNT(*) AS n FROM screen_result_sort WHERE sort_no = ${sortNo}`,
    )) as { n: string | number }[];
    expect(Number(n)).toBe(ROWS);
    // Finalizing again (a retried finalize job) replaces the screen's sort table.
    await results.rank(id);
    const again = (await readSortSlots(dataSource, dialect, id))!;
    const counts = (await dataSource.query(
      `SELECT sort_no, COUNT(*) AS n FROM screen_result_sort WHERE sort_no IN (${sortNo}, ${again.sortNo}) GROUP BY sort_no`,
    )) as { sort_no: number | string; n: number | string }[];
    expect(counts.map((c) => [Number(c.sort_no), Number(c.n)])).toEqual([[again.sortNo, ROWS]]);
  });

  it('answers every sort and filter as the JSON path does, on every path of a final screen', async () => {
    const id = await finalScreen();
    // Index-ordered pages up to row 50, the order cache beyond (and for other sorts); no order cache: index-ordered
    // pages at any depth here, the general path on the sort table for other sorts.
    const stores = [new ResultStore(dataSource, ORDER_CACHE_ROWS, 50), new ResultStore(dataSource, 0)];
    for (const sort of SORTS) await expectSamePages(id, { sort }, stores);
    for (const filters of FILTERS)
      for (const sort of FILTERED_SORTS) await expectSamePages(id, { sort, filters }, stores);
  });

  it('reads a page of the sort table for one indexed key, its narrow rows for others, the JSON for keys it lacks', async () => {
    const id = await finalScreen();
    const store = new ResultStore(dataSource);
    const sqlOf = async (query: Omit<ResultsQuery, 'page' | 'pageSize'>) => {
      const spy = jest.spyOn(dataSource, 'query');
      try {
        await store.page(id, { ...query, page: 1, pageSize: 10 }, keys, { rows: ROWS });
        return spy.mock.calls.map(([sql]) => sql);
      } finally {
        spy.mockRestore();
      }
    };
    const reads = (sql: string[], pattern: RegExp) => sql.filter((q) => pattern.test(q)).length;
    // One indexed key (qed: k3), filtered: a LIMITed page and a COUNT of the sort table, never the scores.
    const indexed = await sqlOf({ sort: '-qed', filters: ['alerts=none'] });
    expect(reads(indexed, /FROM screen_result_sort .*LIMIT/)).toBe(1);
    expect(reads(indexed, /COUNT\(\*\) AS n FROM screen_result_sort/)).toBe(1);
    expect(reads(indexed, /scores/)).toBe(0);
    // An unindexed slot (bace.active: k10): the order cache, filled from the sort table.
    const unindexed = await sqlOf({ sort: 'bace.active' });
    expect(
      reads(unindexed, /SELECT row_index FROM screen_result_sort WHERE sort_no = \S+ ORDER BY \(k10/),
    ).toBe(1);
    expect(reads(unindexed, /scores/)).toBe(0);
    // A key without a slot: the JSON path.
    expect(reads(await sqlOf({ sort: 'bace.pIC50.std' }), /scores/)).toBe(1);
  });

  it('rows stored again after finalize drop the sort table, until finalize writes it again', async () => {
    const id = await finalScreen();
    const { sortNo } = (await readSortSlots(dataSource, dialect, id))!;
    await dataSource.transaction((m) => results.upsert(m, id, syntheticRows().slice(0, 5)));
    expect(await readSortSlots(dataSource, dialect, id)).toBeNull();
    const [{ n }] = (await dataSource.query(
      `SELECT COUNT(*) AS n FROM screen_result_sort WHERE sort_no = ${sortNo}`,
    )) as { n: string | number }[];
    expect(Number(n)).toBe(0); // removed with it (foreign key, on delete cascade)
    await expectSamePages(id, { sort: '-qed', filters: ['rank<=40'] }, [new ResultStore(dataSource)]);
    await results.rank(id);
    expect(await readSortSlots(dataSource, dialect, id)).not.toBeNull();
  });

  it('a screen finalized before the sort table (no rows in it) answers from the JSON as before', async () => {
    const id = await finalScreen();
    const { sortNo } = (await readSortSlots(dataSource, dialect, id))!;
    await dataSource.query(`DELETE FROM screen_result_sort WHERE sort_no = ${sortNo}`);
    await dataSource.query(`DELETE FROM screen_sort WHERE sort_no = ${sortNo}`);
    for (const sort of ['-qed', 'tox21.NR-AR', 'alerts,-qed'])
      await expectSamePages(id, { sort, filters: ['in_domain=true'] }, [new ResultStore(dataSource)]);
  });
});
