import type { MigrationInterface, QueryRunner } from '@hitscreen/db';

/** Trials, their patient sets (staged upload chunks, ingested patients), evaluations and their results. */
export class TrialSchema1764610000000 implements MigrationInterface {
  name = 'TrialSchema1764610000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE trial (
      id varchar(36) PRIMARY KEY,
      trial_key varchar(200) NOT NULL,
      title text NOT NULL,
      definition text NOT NULL,
      created_at varchar(32) NOT NULL)`);
    await runner.query('CREATE INDEX trial_created ON trial (created_at, id)');
    await runner.query(`CREATE TABLE trial_patient_set (
      id varchar(36) PRIMARY KEY,
      trial_id varchar(36) NOT NULL REFERENCES trial (id) ON DELETE CASCADE,
      name varchar(200) NOT NULL,
      format varchar(8) NOT NULL,
      status varchar(16) NOT NULL,
      bytes bigint NOT NULL,
      chunk_count integer NOT NULL,
      patients integer NOT NULL,
      skipped integer NOT NULL,
      issues text NOT NULL,
      error text,
      created_at varchar(32) NOT NULL,
      started_at varchar(32),
      finished_at varchar(32))`);
    await runner.query('CREATE INDEX trial_patient_set_trial ON trial_patient_set (trial_id, created_at)');
    await runner.query(`CREATE TABLE trial_upload_chunk (
      patient_set_id varchar(36) NOT NULL REFERENCES trial_patient_set (id) ON DELETE CASCADE,
      chunk_index integer NOT NULL,
      data text NOT NULL,
      PRIMARY KEY (patient_set_id, chunk_index))`);
    await runner.query(`CREATE TABLE trial_patient (
      patient_set_id varchar(36) NOT NULL REFERENCES trial_patient_set (id) ON DELETE CASCADE,
      seq integer NOT NULL,
      pid varchar(64) NOT NULL,
      facts text NOT NULL,
      PRIMARY KEY (patient_set_id, seq))`);
    await runner.query(`CREATE TABLE trial_evaluation (
      id varchar(36) PRIMARY KEY,
      trial_id varchar(36) NOT NULL REFERENCES trial (id) ON DELETE CASCADE,
      patient_set_id varchar(36) NOT NULL REFERENCES trial_patient_set (id) ON DELETE CASCADE,
      status varchar(16) NOT NULL,
      ranking text,
      error text,
      created_at varchar(32) NOT NULL,
      started_at varchar(32),
      finished_at varchar(32))`);
    await runner.query('CREATE INDEX trial_evaluation_trial ON trial_evaluation (trial_id, created_at)');
    await runner.query(`CREATE TABLE trial_cohort_result (
      evaluation_id varchar(36) NOT NULL REFERENCES trial_evaluation (id) ON DELETE CASCADE,
      cohort_id varchar(200) NOT NULL,
      rank integer,
      name text NOT NULL,
      result text NOT NULL,
      PRIMARY KEY (evaluation_id, cohort_id))`);
    await runner.query(`CREATE TABLE trial_patient_result (
      evaluation_id varchar(36) NOT NULL REFERENCES trial_evaluation (id) ON DELETE CASCADE,
      seq integer NOT NULL,
      pid varchar(64) NOT NULL,
      cohort_id varchar(200) NOT NULL,
      status varchar(20) NOT NULL,
      first_failing varchar(200),
      results text NOT NULL,
      PRIMARY KEY (evaluation_id, seq))`);
    await runner.query(
      'CREATE INDEX trial_patient_result_status ON trial_patient_result (evaluation_id, status, seq)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'trial_patient_result',
      'trial_cohort_result',
      'trial_evaluation',
      'trial_patient',
      'trial_upload_chunk',
      'trial_patient_set',
      'trial',
    ])
      await runner.query(`DROP TABLE ${table}`);
  }
}
