import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditLogEntity, type AuditLogRecord, type AuditOutcome } from './audit-log.entity';

export interface AuditEntry {
  /** Who: a user id once accounts exist (issue 6); `anonymous` until then. */
  actor: string;
  /** What kind of access, dotted: `trial.patients.read`. */
  action: string;
  /** What it touched: `trials/<id>/evaluations/<eid>/patients`. */
  resource: string;
  outcome: AuditOutcome;
  /** Where from: the client's address as the server saw it. */
  source?: string | null;
  /** What was asked and returned (a filter, a page, a row count, a refusal's reason), stored as JSON. */
  details?: Record<string, unknown>;
}

/**
 * Appends audit rows; there is deliberately no update or delete. Shared by every lib that must account for
 * reads of sensitive data, so one table answers "who saw what, when, from where".
 */
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  async append(entry: AuditEntry, at = new Date()): Promise<AuditLogRecord> {
    const row: AuditLogRecord = {
      id: randomUUID(),
      at: at.toISOString(),
      actor: entry.actor,
      action: entry.action,
      resource: entry.resource,
      outcome: entry.outcome,
      source: entry.source ?? null,
      details: JSON.stringify(entry.details ?? {}),
    };
    await this.dataSource.getRepository(AuditLogEntity).insert(row);
    return row;
  }

  /** The rows about one resource, oldest first (for reviews and tests). */
  forResource(resource: string): Promise<AuditLogRecord[]> {
    return this.dataSource
      .getRepository(AuditLogEntity)
      .find({ where: { resource }, order: { at: 'ASC', id: 'ASC' } });
  }
}
