import type { MigrationInterface, QueryRunner } from '@hitscreen/db';

/**
 * `screen_result.scores` in binary JSON: sorting and filtering read keys from it for every row of a screen, and
 * text was re-parsed on every access (the API's latency bench measured a filter + sort on prediction keys at
 * ~0.56 s for 5000 rows). PostgreSQL: a jsonb column (300–450 ms → 6.5 ms for that query in psql). SQLite has no
 * column type for it but stores jsonb blobs (3.45+), which `json_extract` reads about twice as fast as text; new
 * rows are written with `jsonb(?)`, existing ones converted here.
 */
export class ScoresJsonb1764500000000 implements MigrationInterface {
  name = 'ScoresJsonb1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'postgres')
      await runner.query('ALTER TABLE screen_result ALTER COLUMN scores TYPE jsonb USING scores::jsonb');
    else await runner.query('UPDATE screen_result SET scores = jsonb(scores)');
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'postgres')
      await runner.query('ALTER TABLE screen_result ALTER COLUMN scores TYPE text USING scores::text');
    else await runner.query('UPDATE screen_result SET scores = json(scores)');
  }
}
