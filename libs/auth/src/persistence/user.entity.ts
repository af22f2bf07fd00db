import { EntitySchema } from '@hitscreen/db';
import type { Role } from '../roles';

/** A person who signs in with an e-mail and a password. The password is stored only as an argon2id hash. */
export interface UserRecord {
  id: string;
  email: string;
  passwordHash: string;
  role: Role;
  team: string | null;
  /** ISO-8601 UTC. */
  createdAt: string;
  disabledAt: string | null;
}

export const UserEntity = new EntitySchema<UserRecord>({
  name: 'User',
  tableName: 'app_user',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    email: { type: 'varchar', length: 254, unique: true },
    passwordHash: { type: 'text', name: 'password_hash' },
    role: { type: 'varchar', length: 16 },
    team: { type: 'varchar', length: 100, nullable: true },
    createdAt: { type: 'varchar', length: 32, name: 'created_at' },
    disabledAt: { type: 'varchar', length: 32, name: 'disabled_at', nullable: true },
  },
});
