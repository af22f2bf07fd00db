// The first request of a filter or another sort on a finished 93,087-row screen, through ResultStore.page as the
// API calls it (the page's rows read and decoded, the total): the sort table's paths against the JSON path that a
// screen without a sort table takes (the same screen after its sort table is dropped), and what finalize's
// ResultStore.rank costs with the sort table against its rank UPDATE alone. Synthetic rows as in
// results-query-paths.sql (payload ~2.7 KB; scores: 60 keys, ~1.3 KB jsonb). Build and run (PostgreSQL at
// TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test; a schema of its own, dropped after):
//   npx esbuild scripts/bench/results-first-request.ts --bundle --platform=node --format=cjs --packages=external \
//     --tsconfig=tsconfig.json --outfile=dist/bench/results-first-request.js && node dist/bench/results-first-request.js
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { dropSchema } from '@hitscreen/db';
import type { ResultsQuery } from '../../libs/screening/src/contract';
import { openScreeningDatabase } from '../../libs/screening/src/service/screening.service';
import { ResultStore } from '../../libs/screening/src/store/result.store';

const URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROWS = 93_087;
const TRIES = 3;
const KEYS = [
  ...['score', 'desirability', 'rank', 'row', 'alerts', 'in_domain', 'qed', 'tox_max'],
  ...Array.from({ length: 58 }, (_, i) => `tox21.task${i + 1}`),
];
const QUERIES: [string, Omit<ResultsQuery, 'page' | 'pageSize'>][] = [
  ['filter qed>=0.5, best first', { sort: '-score', filters: ['qed>=0.5'] }],
  ['sort -qed', { sort: '-qed' }],
  ['sort qed', { sort: 'qed' }],
  ['filter qed>=0.5, sort -tox_max', { sort: '-tox_max', filters: ['qed>=0.5'] }],
  ['sort -tox21.task12 (a slot without an index)', { sort: '-tox21.task12' }],
];

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await run();
  return [performance.now() - started, result];
}

const range = (ms: number[]) =>
  `${Math.min(...ms).toFixed(1)}–${Math.max(...ms).toFixed(1)}`.replace(/^(.*)–\1$/, '$1');

async function main() {
  const schema = `results_first_${randomBytes(4).toString('hex')}`;
  const db = await openScreeningDatabase(URL, schema);
  try {
    const id = randomUUID();
    const now = new Date().toISOString();
    await db.query(
      `INSERT INTO screen (id, status, options, models, score_keys, total, done, invalid, failed, chunk_count, created_at)
       VALUES ($1, 'completed', '{}', '[]', $2, $3, $3, 0, 0, 1, $4)`,
      [id, JSON.stringify(KEYS), ROWS, now],
    );
    // 1 % invalid (no desirability, no scores); the rest with 60 score keys uniform in [0, 1).
    await db.query(
      `INSERT INTO screen_result (screen_id, row_index, record_id, input, status, error, parent_smiles, inchikey,
         desirability, rank, scores, payload)
       SELECT $1, g, 'm' || g, 'CCO', CASE WHEN g % 100 = 0 THEN 'invalid' ELSE 'ok' END, NULL, 'CCO', NULL,
         CASE WHEN g % 100 = 0 THEN NULL ELSE random() END, NULL,
         CASE WHEN g % 100 = 0 THEN '{}'::jsonb ELSE
           (SELECT jsonb_object_agg('tox21.task' || k, random()) FROM generate_series(1, 58) k)
             || jsonb_build_object('qed', random(), 'tox_max', random()) END,
         json_build_object('properties', '{}'::json, 'alerts', '[]'::json, 'predictions', '[]'::json,
           'domain', '[]'::json, 'pad', repeat(md5(g::text), 85))::text
       FROM generate_series(1, $2::int) g`,
      [id, ROWS],
    );
    await db.query(`VACUUM ANALYZE screen_result`);
    const store = new ResultStore(db);
    const [rankOnly] = await timed(() =>
      db.query(
        `UPDATE screen_result SET rank = ranked.r FROM (SELECT row_index, ROW_NUMBER() OVER
           (ORDER BY desirability DESC, row_index ASC) AS r FROM screen_result WHERE screen_id = $1
           AND desirability IS NOT NULL) AS ranked
         WHERE screen_result.screen_id = $1 AND screen_result.row_index = ranked.row_index`,
        [id],
      ),
    );
    const [rankWithSortTable] = await timed(() => store.rank(id));
    await db.query(`VACUUM ANALYZE screen_result, screen_result_sort`);

    const keys = new Set(KEYS);
    const measure = async () => {
      const rows: Record<string, { first: number[]; second: number[]; total: number }> = {};
      for (const [name, query] of QUERIES) {
        const first: number[] = [];
        const second: number[] = [];
        let total = 0;
        for (let t = 0; t < TRIES; t++) {
          const fresh = new ResultStore(db); // an empty order cache: a first request
          const [ms, page] = await timed(() =>
            fresh.page(id, { ...query, page: 1, pageSize: 100 }, keys, { rows: ROWS }),
          );
          first.push(ms);
          total = page.total;
          second.push(
            (
              await timed(() => fresh.page(id, { ...query, page: 2, pageSize: 100 }, keys, { rows: ROWS }))
            )[0],
          );
        }
        rows[name] = { first, second, total };
      }
      return rows;
    };
    const load = () =>
      loadavg()
        .map((l) => l.toFixed(2))
        .join(', ');
    const loadBefore = load();
    const after = await measure();
    await db.query(`DELETE FROM screen_sort WHERE screen_id = $1`, [id]); // as a screen finalized before it
    const before = await measure();
    console.log(`Run ${new Date().toISOString()}, ${ROWS} rows, load average ${loadBefore} → ${load()}\n`);
    console.log(
      `finalize's rank: UPDATE alone ${rankOnly.toFixed(0)} ms; ResultStore.rank (rank + sort table) ${rankWithSortTable.toFixed(0)} ms\n`,
    );
    console.log(
      '| query (pageSize 100) | total | JSON path: page 1 / page 2 ms | sort table: page 1 / page 2 ms |',
    );
    console.log('| --- | ---: | --- | --- |');
    for (const [name] of QUERIES) {
      const b = before[name];
      const a = after[name];
      if (a.total !== b.total) throw new Error(`${name}: totals differ (${a.total} / ${b.total})`);
      console.log(
        `| ${name} | ${a.total} | ${range(b.first)} / ${range(b.second)} | ${range(a.first)} / ${range(a.second)} |`,
      );
    }
  } finally {
    await db.destroy();
    await dropSchema(URL, schema);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
