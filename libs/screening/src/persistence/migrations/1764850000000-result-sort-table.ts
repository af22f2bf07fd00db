import type { MigrationInterface, QueryRunner } from '@hitscreen/db';

/** Score-key columns of `screen_result_sort` (k1..k16); which key each holds is per screen (`screen_sort.keys`). */
export const SORT_SLOT_COUNT = 16;
/** The first slots, those of the keys most often sorted by, have an index each: k1..k8. */
export const INDEXED_SORT_SLOTS = 8;

/**
 * The sort table of final screens: per result row its status, desirability, rank and up to 16 score keys in real
 * columns (written by ResultStore.rank at finalize); `screen_sort` numbers each screen that has one and lists its
 * slots' keys. The first request of a filter or of another sort read every row's `scores` JSON (2.6 s for 93,087
 * rows with the 60 keys of an all-models screen, docs/BENCHMARKS.md); it now reads narrow rows, and a one-key sort
 * on rank, row order or an indexed slot reads only its page from an index. Rows carry the screen's number, not its
 * 36-character id: each of the nine indexes holds it in every entry (32 bytes an entry instead of 64).
 * Screens finalized before this migration have no rows here and keep the JSON path (they answer as before).
 */
export class ResultSortTable1764850000000 implements MigrationInterface {
  name = 'ResultSortTable1764850000000';

  async up(runner: QueryRunner): Promise<void> {
    const postgres = runner.connection.options.type === 'postgres';
    const float = postgres ? 'double precision' : 'real';
    // SQLite numbers an INTEGER PRIMARY KEY itself (the rowid).
    const number = postgres ? 'serial PRIMARY KEY' : 'INTEGER PRIMARY KEY';
    const slots = Array.from({ length: SORT_SLOT_COUNT }, (_, i) => `k${i + 1} ${float}`).join(', ');
    await runner.query(`CREATE TABLE screen_sort (
      sort_no ${number},
      screen_id varchar(36) NOT NULL UNIQUE REFERENCES screen (id) ON DELETE CASCADE,
      keys text NOT NULL)`);
    await runner.query(`CREATE TABLE screen_result_sort (
      sort_no integer NOT NULL REFERENCES screen_sort (sort_no) ON DELETE CASCADE,
      row_index integer NOT NULL,
      status varchar(16) NOT NULL,
      desirability ${float},
      rank integer,
      ${slots},
      PRIMARY KEY (sort_no, row_index))`);
    await runner.query(
      'CREATE INDEX screen_result_sort_rank ON screen_result_sort (sort_no, rank, row_index)',
    );
    for (let slot = 1; slot <= INDEXED_SORT_SLOTS; slot++)
      await runner.query(
        `CREATE INDEX screen_result_sort_k${slot} ON screen_result_sort (sort_no, k${slot}, row_index)`,
      );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE screen_result_sort');
    await runner.query('DROP TABLE screen_sort');
  }
}
