import type { MigrationInterface, QueryRunner } from '@hitscreen/db';

/**
 * `screen.status` grows to 32 characters for `completed_with_errors` (PostgreSQL enforces varchar lengths; SQLite
 * does not), and each chunk keeps how its last run went: how long it took (the chunk-duration metric) and after
 * how many attempts it finished or failed. The index on (status, duration_ms, attempts) answers the metrics'
 * per-state counts and duration histogram from the index alone: a table scan would read every chunk's stored
 * records (SQLite keeps them inline, in overflow pages).
 */
export class ChunkOutcomes1764600000000 implements MigrationInterface {
  name = 'ChunkOutcomes1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'postgres')
      await runner.query('ALTER TABLE screen ALTER COLUMN status TYPE varchar(32)');
    await runner.query('ALTER TABLE library_chunk ADD COLUMN duration_ms integer');
    await runner.query('ALTER TABLE library_chunk ADD COLUMN attempts integer');
    await runner.query('CREATE INDEX library_chunk_outcome ON library_chunk (status, duration_ms, attempts)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX library_chunk_outcome');
    await runner.query('ALTER TABLE library_chunk DROP COLUMN attempts');
    await runner.query('ALTER TABLE library_chunk DROP COLUMN duration_ms');
    if (runner.connection.options.type === 'postgres')
      await runner.query('ALTER TABLE screen ALTER COLUMN status TYPE varchar(16)');
  }
}
