import { ApiKeyEntity } from './api-key.entity';
import { AuthSchema1764600000000 } from './migrations/1764600000000-auth-schema';
import { UserEntity } from './user.entity';

export { ApiKeyEntity, type ApiKeyRecord } from './api-key.entity';
export { UserEntity, type UserRecord } from './user.entity';

/** What a DataSource needs to hold users and keys; add to the entities and migrations of the app's source. */
export const AUTH_ENTITIES = [UserEntity, ApiKeyEntity];
export const AUTH_MIGRATIONS = [AuthSchema1764600000000];
