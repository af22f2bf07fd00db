import type { MigrationInterface, QueryRunner } from '@hitscreen/db';

/**
 * Trials belong to who created them (`user:<id>` / `key:<id>`) and their team: the coordinators and clinical users
 * of that team see the trial, its patient sets and evaluations; others get a 404. Trials created before (no owner)
 * are visible to admins only. The index serves the visibility filter of the newest-first list.
 */
export class TrialTeam1764710000000 implements MigrationInterface {
  name = 'TrialTeam1764710000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE trial ADD COLUMN owner varchar(200)');
    await runner.query('ALTER TABLE trial ADD COLUMN team varchar(200)');
    await runner.query('CREATE INDEX trial_owner ON trial (owner, created_at)');
    await runner.query('CREATE INDEX trial_team ON trial (team, created_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX trial_team');
    await runner.query('DROP INDEX trial_owner');
    await runner.query('ALTER TABLE trial DROP COLUMN team');
    await runner.query('ALTER TABLE trial DROP COLUMN owner');
  }
}
