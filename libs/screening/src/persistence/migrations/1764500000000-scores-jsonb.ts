import type { MigrationInterface, QueryRunner } from '@hitscreen/db';

/**
 * PostgreSQL keeps `screen_result.scores` as jsonb: sorting and filtering read keys from it for every row of a
 * screen, and `text::jsonb` re-parsed the whole object on every access (the API's latency bench measured a
 * filter + sort on prediction keys at ~0.56 s for 5000 rows). SQLite keeps text (`json_extract` reads it directly).
 */
export class ScoresJsonb1764500000000 implements MigrationInterface {
  name = 'ScoresJsonb1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type !== 'postgres') return;
    await runner.query('ALTER TABLE screen_result ALTER COLUMN scores TYPE jsonb USING scores::jsonb');
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type !== 'postgres') return;
    await runner.query('ALTER TABLE screen_result ALTER COLUMN scores TYPE text USING scores::text');
  }
}
