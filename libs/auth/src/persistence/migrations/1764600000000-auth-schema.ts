import type { MigrationInterface, QueryRunner } from '@hitscreen/db';

/** Users and API keys (see the entities for the meaning of each column). */
export class AuthSchema1764600000000 implements MigrationInterface {
  name = 'AuthSchema1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    // `user` is reserved in PostgreSQL, hence app_user.
    await runner.query(`CREATE TABLE app_user (
      id varchar(36) PRIMARY KEY,
      email varchar(254) NOT NULL UNIQUE,
      password_hash text NOT NULL,
      role varchar(16) NOT NULL,
      team varchar(100),
      created_at varchar(32) NOT NULL,
      disabled_at varchar(32))`);
    await runner.query(`CREATE TABLE api_key (
      id varchar(12) PRIMARY KEY,
      name varchar(100) NOT NULL,
      owner_id varchar(36) NOT NULL REFERENCES app_user (id),
      team varchar(100),
      secret_hash text NOT NULL,
      scopes text NOT NULL,
      created_at varchar(32) NOT NULL,
      revoked_at varchar(32))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE api_key');
    await runner.query('DROP TABLE app_user');
  }
}
