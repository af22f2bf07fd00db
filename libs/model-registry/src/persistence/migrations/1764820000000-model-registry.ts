import type { MigrationInterface, QueryRunner } from '@hitscreen/db';

/** Model versions, promotions and shadow reports (see the entities for the meaning of each column). */
export class ModelRegistry1764820000000 implements MigrationInterface {
  name = 'ModelRegistry1764820000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE model_version (
      name varchar(100) NOT NULL,
      version varchar(100) NOT NULL,
      status varchar(16) NOT NULL CHECK (status IN ('candidate', 'production', 'retired')),
      shadow boolean NOT NULL DEFAULT false,
      dir text NOT NULL,
      card text NOT NULL,
      featurizer_version varchar(100) NOT NULL,
      files text NOT NULL,
      files_sha256 varchar(64) NOT NULL,
      training_data text NOT NULL,
      registered_by varchar(200) NOT NULL,
      registered_at varchar(32) NOT NULL,
      promoted_by varchar(200),
      promoted_at varchar(32),
      retired_by varchar(200),
      retired_at varchar(32),
      PRIMARY KEY (name, version))`);
    // One production version per name, enforced by the database (both dialects support partial indexes).
    await runner.query(
      `CREATE UNIQUE INDEX model_version_one_production ON model_version (name) WHERE status = 'production'`,
    );
    await runner.query(`CREATE TABLE model_promotion (
      id varchar(36) PRIMARY KEY,
      name varchar(100) NOT NULL,
      version varchar(100) NOT NULL,
      production_version varchar(100),
      verdict varchar(16) NOT NULL,
      basis varchar(32) NOT NULL,
      comparison text NOT NULL,
      requested_by varchar(200) NOT NULL,
      at varchar(32) NOT NULL,
      FOREIGN KEY (name, version) REFERENCES model_version (name, version))`);
    await runner.query('CREATE INDEX model_promotion_version ON model_promotion (name, version)');
    await runner.query(`CREATE TABLE model_shadow_report (
      screen_id varchar(36) NOT NULL,
      name varchar(100) NOT NULL,
      version varchar(100) NOT NULL,
      production_version varchar(100) NOT NULL,
      molecules integer NOT NULL,
      truncated boolean NOT NULL,
      tasks text NOT NULL,
      at varchar(32) NOT NULL,
      PRIMARY KEY (screen_id, name, version),
      FOREIGN KEY (name, version) REFERENCES model_version (name, version))`);
    await runner.query('CREATE INDEX model_shadow_report_version ON model_shadow_report (name, version)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE model_shadow_report');
    await runner.query('DROP TABLE model_promotion');
    await runner.query('DROP TABLE model_version');
  }
}
