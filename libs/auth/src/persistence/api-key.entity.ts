import { EntitySchema } from '@hitscreen/db';

/** A pipeline client's key. Only the secret's argon2id hash is stored; the whole key is shown once, at creation. */
export interface ApiKeyRecord {
  /** The public part of the key (`hsk_<id>_…`). */
  id: string;
  name: string;
  /** The user who created the key; the key acts for that user's team, within its scopes. */
  ownerId: string;
  team: string | null;
  secretHash: string;
  /** JSON array of scopes, e.g. `["screens:write","screens:read"]`. */
  scopes: string;
  createdAt: string;
  revokedAt: string | null;
}

export const ApiKeyEntity = new EntitySchema<ApiKeyRecord>({
  name: 'ApiKey',
  tableName: 'api_key',
  columns: {
    id: { type: 'varchar', length: 12, primary: true },
    name: { type: 'varchar', length: 100 },
    ownerId: { type: 'varchar', length: 36, name: 'owner_id' },
    team: { type: 'varchar', length: 100, nullable: true },
    secretHash: { type: 'text', name: 'secret_hash' },
    scopes: { type: 'text' },
    createdAt: { type: 'varchar', length: 32, name: 'created_at' },
    revokedAt: { type: 'varchar', length: 32, name: 'revoked_at', nullable: true },
  },
});
