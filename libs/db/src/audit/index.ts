// The audit log: who read what, when, from where, with what outcome. Append-only (database triggers).
import { AuditLogEntity } from './audit-log.entity';
import { AuditLog1764550000000 } from './migrations/1764550000000-audit-log';

export { AuditLog, type AuditEntry, type AuditFilter, type AuditPage } from './audit-log';
export { AuditLogEntity, type AuditLogRecord, type AuditOutcome } from './audit-log.entity';

/** For `createDataSource`: pass with the entities and migrations of the lib that writes audit rows. */
export const auditEntities = [AuditLogEntity];
export const auditMigrations = [AuditLog1764550000000];
