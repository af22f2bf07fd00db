import type { MigrationInterface, QueryRunner } from '@hitscreen/db';

/**
 * Drift per screen and model: `screen_drift` holds the screen's assessment when it finished (molecules, out of
 * domain, the report as JSON, the reference file's SHA-256 it was counted against, the UTC day), `screen_drift_bin`
 * the library's count per property and bin, so a day's (or any window's) distribution is a SUM over its screens'
 * rows, and its PSI follows from that sum. Rows go with their screen.
 *
 * Idempotent (IF NOT EXISTS): the screening worker, whose database runs the screening migrations only, applies it
 * before its first drift row (`ensureDriftTables`); the API runs it as a recorded migration (`openDriftStore`).
 */
export class ScreenDrift1764830000000 implements MigrationInterface {
  name = 'ScreenDrift1764830000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE IF NOT EXISTS screen_drift (
      screen_id varchar(36) NOT NULL REFERENCES screen (id) ON DELETE CASCADE,
      model varchar(64) NOT NULL,
      reference_sha256 varchar(64) NOT NULL,
      day varchar(10) NOT NULL,
      computed_at varchar(32) NOT NULL,
      molecules integer NOT NULL,
      out_of_domain integer NOT NULL,
      drift integer NOT NULL,
      report text NOT NULL,
      PRIMARY KEY (screen_id, model))`);
    await runner.query('CREATE INDEX IF NOT EXISTS screen_drift_model_day ON screen_drift (model, day)');
    await runner.query(`CREATE TABLE IF NOT EXISTS screen_drift_bin (
      screen_id varchar(36) NOT NULL,
      model varchar(64) NOT NULL,
      property varchar(32) NOT NULL,
      bin integer NOT NULL,
      count integer NOT NULL,
      PRIMARY KEY (screen_id, model, property, bin),
      FOREIGN KEY (screen_id, model) REFERENCES screen_drift (screen_id, model) ON DELETE CASCADE)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE screen_drift_bin');
    await runner.query('DROP TABLE screen_drift');
  }
}
