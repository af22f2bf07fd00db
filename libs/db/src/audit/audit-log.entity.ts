import { EntitySchema } from 'typeorm';

/** What an audited request asked for and how it ended. */
export type AuditOutcome = 'allowed' | 'denied' | 'failed';

/**
 * One row per audited access (append-only: the migration adds triggers that refuse UPDATE and DELETE).
 * `actor` is who asked: `user:<id>`, `key:<id>`, `cli`, or `anonymous` (a refused sign-in); `source` is where from (the client
 * address); `details` is JSON with what was asked and what was returned (never the returned data itself).
 */
export interface AuditLogRecord {
  id: string;
  /** ISO-8601 UTC. */
  at: string;
  actor: string;
  action: string;
  resource: string;
  outcome: AuditOutcome;
  source: string | null;
  details: string;
}

export const AuditLogEntity = new EntitySchema<AuditLogRecord>({
  name: 'AuditLog',
  tableName: 'audit_log',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    at: { type: 'varchar', length: 32 },
    actor: { type: 'varchar', length: 200 },
    action: { type: 'varchar', length: 100 },
    resource: { type: 'varchar', length: 300 },
    outcome: { type: 'varchar', length: 16 },
    source: { type: 'varchar', length: 100, nullable: true },
    details: { type: 'text' },
  },
});
