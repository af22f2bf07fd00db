import type { MigrationInterface, QueryRunner } from '@hitscreen/db';

/**
 * Screens are shared within a team: `screen.team` is the submitter's team at submission (null: private to the
 * owner). `screen.owner` (already there) holds who submitted it as `user:<id>` or `key:<id>`. The index serves the
 * visibility filter of every read (`owner = ? OR team = ?`) and the newest-first list.
 */
export class ScreenTeam1764700000000 implements MigrationInterface {
  name = 'ScreenTeam1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE screen ADD COLUMN team varchar(200)');
    await runner.query('CREATE INDEX screen_owner ON screen (owner, created_at)');
    await runner.query('CREATE INDEX screen_team ON screen (team, created_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX screen_team');
    await runner.query('DROP INDEX screen_owner');
    await runner.query('ALTER TABLE screen DROP COLUMN team');
  }
}
