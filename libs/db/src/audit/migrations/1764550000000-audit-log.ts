import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit log, append-only in the database itself (triggers), not only by convention in the code. */
export class AuditLog1764550000000 implements MigrationInterface {
  name = 'AuditLog1764550000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE audit_log (
      id varchar(36) PRIMARY KEY,
      at varchar(32) NOT NULL,
      actor varchar(200) NOT NULL,
      action varchar(100) NOT NULL,
      resource varchar(300) NOT NULL,
      outcome varchar(16) NOT NULL,
      source varchar(100),
      details text NOT NULL)`);
    await runner.query('CREATE INDEX audit_log_at ON audit_log (at, id)');
    await runner.query('CREATE INDEX audit_log_resource ON audit_log (resource, at)');
    if (runner.connection.options.type === 'postgres') {
      await runner.query(`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
      await runner.query(`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
      await runner.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
    } else {
      for (const op of ['UPDATE', 'DELETE'])
        await runner.query(`CREATE TRIGGER audit_log_no_${op.toLowerCase()} BEFORE ${op} ON audit_log
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE audit_log');
    if (runner.connection.options.type === 'postgres')
      await runner.query('DROP FUNCTION audit_log_append_only()');
  }
}
