import { AUTH_ENTITIES, AUTH_MIGRATIONS, IdentityService, type AuthConfig } from '@hitscreen/auth';
import { AuditLog, openMigratedDataSource, type DataSource } from '@hitscreen/db';

/** Who may call the API (users, keys, tokens) and the trail of what they did; both on the platform database. */
export interface AccessControl {
  identity: IdentityService;
  audit: AuditLog;
  close(): Promise<void>;
}

/**
 * Opens identity and the audit log on the API's own database (DATABASE_URL / DATABASE_SCHEMA, the one the CLI's
 * `users` commands write to), bringing both schemas up to date. The caller closes it after the application.
 */
export async function openAccessControl(
  database: { databaseUrl: string; databaseSchema?: string },
  auth: AuthConfig,
): Promise<AccessControl> {
  const dataSource: DataSource = await openMigratedDataSource({
    url: database.databaseUrl,
    schema: database.databaseSchema,
    // The audit log's table comes with identity's (AUTH_ENTITIES / AUTH_MIGRATIONS include it).
    entities: AUTH_ENTITIES,
    migrations: AUTH_MIGRATIONS,
  });
  return {
    identity: new IdentityService(dataSource, auth),
    audit: new AuditLog(dataSource),
    close: () => dataSource.destroy(),
  };
}
