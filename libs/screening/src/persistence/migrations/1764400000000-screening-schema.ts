import type { MigrationInterface, QueryRunner } from '@hitscreen/db';

/** Screens, their stored library chunks and their results (see the entities for the meaning of each column). */
export class ScreeningSchema1764400000000 implements MigrationInterface {
  name = 'ScreeningSchema1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    // The only type that differs: SQLite has one REAL (8-byte float) type.
    const float = runner.connection.options.type === 'postgres' ? 'double precision' : 'real';
    await runner.query(`CREATE TABLE screen (
      id varchar(36) PRIMARY KEY,
      name varchar(200),
      owner varchar(200),
      status varchar(16) NOT NULL,
      options text NOT NULL,
      models text NOT NULL,
      score_keys text NOT NULL,
      total integer NOT NULL,
      done integer NOT NULL,
      invalid integer NOT NULL,
      failed integer NOT NULL,
      chunk_count integer NOT NULL,
      error text,
      created_at varchar(32) NOT NULL,
      started_at varchar(32),
      finished_at varchar(32))`);
    await runner.query('CREATE INDEX screen_created ON screen (created_at, id)');
    await runner.query(`CREATE TABLE library_chunk (
      screen_id varchar(36) NOT NULL REFERENCES screen (id) ON DELETE CASCADE,
      chunk_index integer NOT NULL,
      first_row integer NOT NULL,
      record_count integer NOT NULL,
      records text NOT NULL,
      status varchar(16) NOT NULL,
      done integer NOT NULL,
      invalid integer NOT NULL,
      failed integer NOT NULL,
      error text,
      PRIMARY KEY (screen_id, chunk_index))`);
    await runner.query(`CREATE TABLE screen_result (
      screen_id varchar(36) NOT NULL REFERENCES screen (id) ON DELETE CASCADE,
      row_index integer NOT NULL,
      record_id text NOT NULL,
      input text NOT NULL,
      status varchar(16) NOT NULL,
      error text,
      parent_smiles text,
      inchikey varchar(27),
      desirability ${float},
      rank integer,
      scores text NOT NULL,
      payload text NOT NULL,
      PRIMARY KEY (screen_id, row_index))`);
    await runner.query('CREATE INDEX screen_result_desirability ON screen_result (screen_id, desirability)');
    await runner.query('CREATE INDEX screen_result_rank ON screen_result (screen_id, rank)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE screen_result');
    await runner.query('DROP TABLE library_chunk');
    await runner.query('DROP TABLE screen');
  }
}
