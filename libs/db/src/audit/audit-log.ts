import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditLogEntity, type AuditLogRecord, type AuditOutcome } from './audit-log.entity';

/** Which rows an admin asks for; every part is optional and they combine with AND. */
export interface AuditFilter {
  /** Exactly this actor: `user:<id>`, `key:<id>`, `cli`. */
  actor?: string;
  /** Exactly this action: `screen.export`. */
  action?: string;
  /** This resource and everything under it: `screens/<id>` matches `screens/<id>/results` too. */
  resource?: string;
  /** From this instant on (ISO-8601). */
  since?: string;
}

export interface AuditPage {
  items: AuditLogRecord[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AuditEntry {
  /** Who: `user:<id>`, `key:<id>`, or `cli` (the operator at the command line). */
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

  /** A page of the rows that match, newest first. */
  async query(filter: AuditFilter, page: number, pageSize: number): Promise<AuditPage> {
    const query = this.dataSource.getRepository(AuditLogEntity).createQueryBuilder('a');
    if (filter.actor !== undefined) query.andWhere('a.actor = :actor', { actor: filter.actor });
    if (filter.action !== undefined) query.andWhere('a.action = :action', { action: filter.action });
    if (filter.resource !== undefined)
      // A prefix, with LIKE's wildcards in the given text taken literally.
      query.andWhere("(a.resource = :resource OR a.resource LIKE :under ESCAPE '\\')", {
        resource: filter.resource,
        under: `${filter.resource.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`,
      });
    if (filter.since !== undefined) query.andWhere('a.at >= :since', { since: filter.since });
    const [items, total] = await query
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items, total, page, pageSize };
  }

  /** The rows about one resource, oldest first (for reviews and tests). */
  forResource(resource: string): Promise<AuditLogRecord[]> {
    return this.dataSource
      .getRepository(AuditLogEntity)
      .find({ where: { resource }, order: { at: 'ASC', id: 'ASC' } });
  }
}
