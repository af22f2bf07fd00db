import { auditEntities, auditMigrations } from '@hitscreen/db';
import { ApiKeyEntity } from './api-key.entity';
import { AuthSchema1764600000000 } from './migrations/1764600000000-auth-schema';
import { UserEntity } from './user.entity';

export { ApiKeyEntity, type ApiKeyRecord } from './api-key.entity';
export { UserEntity, type UserRecord } from './user.entity';

/**
 * What a DataSource needs to hold users and keys, with the audit log that records their creation (do not add
 * `auditEntities`/`auditMigrations` again: they are here).
 */
export const AUTH_ENTITIES = [UserEntity, ApiKeyEntity, ...auditEntities];
export const AUTH_MIGRATIONS = [...auditMigrations, AuthSchema1764600000000];
