import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AuditLog, IsNull, type DataSource } from '@hitscreen/db';
import { generateApiKey, parseApiKey } from './api-key';
import type { AuthConfig } from './auth-config';
import { issueBearerToken, verifyBearerToken } from './bearer-token';
import { ApiKeyEntity, type ApiKeyRecord } from './persistence/api-key.entity';
import { UserEntity, type UserRecord } from './persistence/user.entity';
import { isRole, type Principal, type Role } from './roles';
import { parseScopes } from './scopes';
import { hashSecret, verifySecret } from './secret-hash';

/** A user as the service hands it out: never the hash. */
export type PublicUser = Omit<UserRecord, 'passwordHash'>;

export interface NewUser {
  email: string;
  password: string;
  role: Role;
  team?: string | null;
}

/**
 * Who made an identity change, for the audit log: `user:<id>` of an admin acting through the API, or `cli` (the
 * operator at the command line, who holds the database credentials).
 */
export type ChangedBy = string;

/** A refused identity operation, with the reason a caller may show (never whether an e-mail exists). */
export class IdentityError extends Error {}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}$/;
const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;
/** Keys remembered as verified (one process); a bounded map of digests, a few MB at most. */
const MAX_VERIFIED_KEYS = 10_000;

function publicUser(record: UserRecord): PublicUser {
  const { id, email, role, team, createdAt, disabledAt } = record;
  return { id, email, role, team, createdAt, disabledAt };
}

/**
 * Users, API keys and the credentials that prove them. Secrets are hashed before they reach the database and
 * returned in clear exactly once, to whoever created them.
 */
export class IdentityService {
  // Verifying against a real hash when the e-mail is unknown keeps sign-in time the same for known and unknown
  // addresses, so timing does not reveal who has an account.
  private readonly decoyHash = hashSecret(randomBytes(16).toString('hex'));
  /** Every change (users, keys) appends a row here, on the same database (AUTH_ENTITIES includes the table). */
  private readonly audit: AuditLog;
  /**
   * SHA-256 of a key already verified → the stored hash it matched. argon2id costs ~10 ms of CPU per check, which
   * would bound a pipeline's request rate; a key seen before skips it, while its row (revoked? owner disabled?)
   * is still read on every request, so a revocation takes effect at once. Bounded; the oldest entries go first.
   */
  private readonly verifiedKeys = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AuthConfig,
  ) {
    this.audit = new AuditLog(dataSource);
  }

  async createUser(input: NewUser, by: ChangedBy = 'cli'): Promise<PublicUser> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw new IdentityError(`"${input.email}" is not an e-mail address`);
    if (!isRole(input.role) || input.role === 'service')
      throw new IdentityError(`role "${input.role}" cannot be given to a person (service is for API keys)`);
    if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > MAX_PASSWORD_LENGTH)
      throw new IdentityError(`a password needs ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`);
    const users = this.dataSource.getRepository(UserEntity);
    if (await users.findOneBy({ email })) throw new IdentityError(`a user with e-mail ${email} exists`);
    const record: UserRecord = {
      id: randomUUID(),
      email,
      passwordHash: await hashSecret(input.password),
      role: input.role,
      team: input.team ?? null,
      createdAt: new Date().toISOString(),
      disabledAt: null,
    };
    await users.insert(record);
    await this.audit.append({
      actor: by,
      action: 'user.create',
      resource: `users/${record.id}`,
      outcome: 'allowed',
      details: { email, role: record.role, team: record.team },
    });
    return publicUser(record);
  }

  /**
   * The bootstrap: the first admin, with a generated password returned once. Refused when an admin exists, so
   * the command cannot be used to take over a running installation.
   */
  async createFirstAdmin(
    email: string,
    by: ChangedBy = 'cli',
  ): Promise<{ user: PublicUser; password: string }> {
    const admins = await this.dataSource.getRepository(UserEntity).countBy({ role: 'admin' });
    if (admins > 0) {
      // A second bootstrap is either a mistake or a takeover attempt: both are worth a trace.
      await this.audit.append({
        actor: by,
        action: 'user.create-admin',
        resource: 'users',
        outcome: 'denied',
        details: { email, reason: 'an admin exists already' },
      });
      throw new IdentityError('an admin exists already; ask them to create your account');
    }
    const password = randomBytes(18).toString('base64url');
    const user = await this.createUser({ email, password, role: 'admin' }, by);
    return { user, password };
  }

  /** A bearer token for a valid e-mail and password of an enabled user; null otherwise. */
  async signIn(email: string, password: string): Promise<{ token: string; expiresIn: number } | null> {
    const user = await this.dataSource
      .getRepository(UserEntity)
      .findOneBy({ email: email.trim().toLowerCase() });
    const valid = await verifySecret(user?.passwordHash ?? (await this.decoyHash), password);
    if (!user || !valid || user.disabledAt) return null;
    return { token: issueBearerToken(this.config, user), expiresIn: this.config.tokenTtlSeconds };
  }

  /** Users, by e-mail, paged; never a hash. */
  async listUsers(page: number, pageSize: number): Promise<{ items: PublicUser[]; total: number }> {
    const [rows, total] = await this.dataSource.getRepository(UserEntity).findAndCount({
      order: { email: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: rows.map(publicUser), total };
  }

  async disableUser(id: string, by: ChangedBy = 'cli'): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(UserEntity)
      .update({ id, disabledAt: IsNull() }, { disabledAt: new Date().toISOString() });
    const disabled = (result.affected ?? 0) > 0;
    await this.audit.append({
      actor: by,
      action: 'user.disable',
      resource: `users/${id}`,
      outcome: disabled ? 'allowed' : 'failed',
    });
    return disabled;
  }

  /** A new key for the owner's team, with the granted scopes; the whole key is returned only here. */
  async createApiKey(
    ownerId: string,
    name: string,
    scopes: readonly string[],
    by: ChangedBy = 'cli',
  ): Promise<{ id: string; key: string }> {
    const owner = await this.dataSource.getRepository(UserEntity).findOneBy({ id: ownerId });
    if (!owner || owner.disabledAt) throw new IdentityError(`no enabled user ${ownerId}`);
    let granted: ReturnType<typeof parseScopes>;
    try {
      granted = parseScopes(scopes);
    } catch (error) {
      throw new IdentityError((error as Error).message);
    }
    const { id, secret, key } = generateApiKey();
    const record: ApiKeyRecord = {
      id,
      name: name.slice(0, 100),
      ownerId,
      team: owner.team,
      secretHash: await hashSecret(secret),
      scopes: JSON.stringify(granted),
      createdAt: new Date().toISOString(),
      revokedAt: null,
    };
    await this.dataSource.getRepository(ApiKeyEntity).insert(record);
    await this.audit.append({
      actor: by,
      action: 'api-key.create',
      resource: `api-keys/${id}`,
      outcome: 'allowed',
      details: { owner: ownerId, team: owner.team, scopes: granted },
    });
    return { id, key };
  }

  async revokeApiKey(id: string, by: ChangedBy = 'cli'): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(ApiKeyEntity)
      .update({ id, revokedAt: IsNull() }, { revokedAt: new Date().toISOString() });
    const revoked = (result.affected ?? 0) > 0;
    await this.audit.append({
      actor: by,
      action: 'api-key.revoke',
      resource: `api-keys/${id}`,
      outcome: revoked ? 'allowed' : 'failed',
    });
    return revoked;
  }

  /** The principal of a key that exists, is not revoked and whose owner is enabled; null otherwise. */
  async authenticateApiKey(key: string): Promise<Principal | null> {
    const parts = parseApiKey(key);
    if (!parts) return null;
    const record = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ id: parts.id });
    if (!record || record.revokedAt || !(await this.keyMatches(key, record.secretHash, parts.secret)))
      return null;
    const owner = await this.dataSource.getRepository(UserEntity).findOneBy({ id: record.ownerId });
    if (!owner || owner.disabledAt) return null;
    return {
      kind: 'api-key',
      id: record.id,
      role: 'service',
      team: record.team,
      scopes: JSON.parse(record.scopes),
    };
  }

  private async keyMatches(key: string, secretHash: string, secret: string): Promise<boolean> {
    const digest = createHash('sha256').update(key).digest('base64');
    if (this.verifiedKeys.get(digest) === secretHash) return true;
    if (!(await verifySecret(secretHash, secret))) return false;
    if (this.verifiedKeys.size >= MAX_VERIFIED_KEYS)
      this.verifiedKeys.delete(this.verifiedKeys.keys().next().value as string);
    this.verifiedKeys.set(digest, secretHash);
    return true;
  }

  /**
   * A person's principal from a bearer token. The token is self-contained, but a disabled user is refused at
   * once rather than when the token expires: one primary-key read per request.
   */
  async authenticateBearer(token: string): Promise<Principal | null> {
    const principal = verifyBearerToken(this.config, token);
    if (!principal) return null;
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: principal.id });
    if (!user || user.disabledAt || user.role !== principal.role) return null;
    return principal;
  }
}
