import type { MigrationInterface, QueryRunner } from '@hitscreen/db';

/**
 * `screen.status` grows to 32 characters for `completed_with_errors` (PostgreSQL enforces varchar lengths; SQLite
 * does not), and each chunk keeps how its last run went: how long it took (the chunk-duration metric) and after
 * how many attempts it finished or failed.
 */
export class ChunkOutcomes1764600000000 implements MigrationInterface {
  name = 'ChunkOutcomes1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'postgres')
      await runner.query('ALTER TABLE screen ALTER COLUMN status TYPE varchar(32)');
    await runner.query('ALTER TABLE library_chunk ADD COLUMN duration_ms integer');
    await runner.query('ALTER TABLE library_chunk ADD COLUMN attempts integer');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE library_chunk DROP COLUMN attempts');
    await runner.query('ALTER TABLE library_chunk DROP COLUMN duration_ms');
    if (runner.connection.options.type === 'postgres')
      await runner.query('ALTER TABLE screen ALTER COLUMN status TYPE varchar(16)');
  }
}
