import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { AuditLog, createDataSource, dropSchema, runMigrations, type DataSource } from '@hitscreen/db';
import { authConfigFromEnv, type AuthConfig } from './auth-config';
import { issueBearerToken } from './bearer-token';
import { verifySecret } from './secret-hash';
import { IdentityError, IdentityService } from './identity.service';
import { AUTH_ENTITIES, AUTH_MIGRATIONS } from './persistence';

const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const config: AuthConfig = { jwtSecret: randomBytes(32).toString('hex'), tokenTtlSeconds: 60 };

describe.each(['postgres', 'sqlite'] as const)('IdentityService on %s', (dialect) => {
  let dataSource: DataSource;
  let identity: IdentityService;
  const schema = `auth_${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'auth-'));

  beforeAll(async () => {
    const url = dialect === 'postgres' ? POSTGRES_URL : `sqlite:${join(dir, 'auth.sqlite')}`;
    dataSource = await createDataSource({
      url,
      schema: dialect === 'postgres' ? schema : undefined,
      entities: AUTH_ENTITIES,
      migrations: AUTH_MIGRATIONS,
    });
    await runMigrations(dataSource);
    identity = new IdentityService(dataSource, config);
  });

  afterAll(async () => {
    await dataSource.destroy();
    if (dialect === 'postgres') await dropSchema(POSTGRES_URL, schema);
    rmSync(dir, { recursive: true, force: true });
  });

  it('bootstraps one admin with a generated password, stores only its argon2id hash, and refuses a second', async () => {
    const { user, password } = await identity.createFirstAdmin('Admin@Example.org');
    expect(user).toMatchObject({ email: 'admin@example.org', role: 'admin', team: null });
    expect(user).not.toHaveProperty('passwordHash');
    expect(password.length).toBeGreaterThanOrEqual(20);
    const [row] = await dataSource.query('SELECT password_hash FROM app_user');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(password);
    await expect(identity.createFirstAdmin('other@example.org')).rejects.toThrow(IdentityError);

    const session = await identity.signIn('admin@example.org', password);
    expect(session?.expiresIn).toBe(60);
    expect(await identity.authenticateBearer(session?.token ?? '')).toEqual({
      kind: 'user',
      id: user.id,
      role: 'admin',
      team: null,
      scopes: [],
    });
  });

  it('refuses a wrong password, an unknown e-mail, a disabled user and their still-unexpired token', async () => {
    const user = await identity.createUser({
      email: 'chemist@example.org',
      password: 'correct horse battery',
      role: 'chemist',
      team: 'oncology',
    });
    expect(await identity.signIn('chemist@example.org', 'wrong password!!')).toBeNull();
    expect(await identity.signIn('nobody@example.org', 'correct horse battery')).toBeNull();
    const session = await identity.signIn('chemist@example.org', 'correct horse battery');
    const token = session?.token ?? '';
    expect((await identity.authenticateBearer(token))?.team).toBe('oncology');
    expect(await identity.disableUser(user.id)).toBe(true);
    expect(await identity.signIn('chemist@example.org', 'correct horse battery')).toBeNull();
    expect(await identity.authenticateBearer(token)).toBeNull();
  });

  it('refuses tokens that are expired, signed with another key, or of another algorithm', async () => {
    const user = await identity.createUser({
      email: 'c@example.org',
      password: 'twelve chars!',
      role: 'coordinator',
    });
    const expired = jwt.sign({ sub: user.id, role: 'coordinator', team: null }, config.jwtSecret, {
      algorithm: 'HS256',
      issuer: 'hitscreen',
      expiresIn: -10,
    });
    expect(await identity.authenticateBearer(expired)).toBeNull();
    const otherKey = issueBearerToken({ ...config, jwtSecret: 'x'.repeat(32) }, user);
    expect(await identity.authenticateBearer(otherKey)).toBeNull();
    const unsigned = jwt.sign({ sub: user.id, role: 'admin', team: null }, '', {
      algorithm: 'none',
      issuer: 'hitscreen',
    });
    expect(await identity.authenticateBearer(unsigned)).toBeNull();
    // A token whose role does not match the stored user (e.g. a role changed since) is refused.
    const forged = issueBearerToken(config, { ...user, role: 'admin' });
    expect(await identity.authenticateBearer(forged)).toBeNull();
  });

  it('issues API keys shown once, stored hashed, scoped, and revocable', async () => {
    const owner = await identity.createUser({
      email: 'pipe@example.org',
      password: 'pipeline owner',
      role: 'chemist',
      team: 'kinase',
    });
    const { id, key } = await identity.createApiKey(owner.id, 'nightly', ['screens:write', 'screens:read']);
    expect(key).toMatch(new RegExp(`^hsk_${id}_`));
    const [row] = await dataSource.query(`SELECT secret_hash FROM api_key WHERE id = '${id}'`);
    expect(row.secret_hash).toMatch(/^\$argon2id\$/);
    expect(row.secret_hash).not.toContain(key.slice(17));
    expect(await identity.authenticateApiKey(key)).toEqual({
      kind: 'api-key',
      id,
      role: 'service',
      team: 'kinase',
      scopes: ['screens:write', 'screens:read'],
    });
    expect(await identity.authenticateApiKey(key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A'))).toBeNull();
    expect(await identity.authenticateApiKey('not a key')).toBeNull();
    await expect(identity.createApiKey(owner.id, 'bad', ['patients:read'])).rejects.toThrow(/unknown scope/);
    // A key checked before skips argon2 (its digest is remembered) yet stays exact: a one-character change fails.
    const mean = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      for (let i = 0; i < 10; i++) await work();
      return (performance.now() - started) / 10;
    };
    const [{ secret_hash: stored }] = await dataSource.query(
      `SELECT secret_hash FROM api_key WHERE id = '${id}'`,
    );
    const argon2 = await mean(() => verifySecret(stored, key.slice(17)));
    const remembered = await mean(async () => expect(await identity.authenticateApiKey(key)).not.toBeNull());
    expect(remembered).toBeLessThan(argon2);
    expect(await identity.authenticateApiKey(key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A'))).toBeNull();
    // Revocation takes effect at once, remembered or not.
    expect(await identity.revokeApiKey(id)).toBe(true);
    expect(await identity.authenticateApiKey(key)).toBeNull();
  });

  it('audits every change with who made it: users, the refused second bootstrap, keys and their revocation', async () => {
    const user = await identity.createUser(
      { email: 'audited@example.org', password: 'audited password', role: 'clinical' },
      'user:admin-1',
    );
    const { id } = await identity.createApiKey(user.id, 'etl', ['trials:read'], 'user:admin-1');
    await identity.revokeApiKey(id, 'user:admin-1');
    const rows = await new AuditLog(dataSource).forResource(`users/${user.id}`);
    expect(rows).toMatchObject([{ actor: 'user:admin-1', action: 'user.create', outcome: 'allowed' }]);
    expect(JSON.parse(rows[0].details)).toEqual({
      email: 'audited@example.org',
      role: 'clinical',
      team: null,
    });
    const keyRows = await new AuditLog(dataSource).forResource(`api-keys/${id}`);
    // Both within a millisecond at times: rows of the same instant have no order, so compare as a set.
    expect(keyRows.map((r) => [r.action, r.outcome]).sort()).toEqual([
      ['api-key.create', 'allowed'],
      ['api-key.revoke', 'allowed'],
    ]);
    const created = keyRows.find((r) => r.action === 'api-key.create');
    expect(JSON.parse(created?.details ?? '{}')).toEqual({
      owner: user.id,
      team: null,
      scopes: ['trials:read'],
    });
    // The refused second bootstrap (first test) is on record, with no secret in any row.
    const refused = await new AuditLog(dataSource).forResource('users');
    expect(refused).toMatchObject([{ actor: 'cli', action: 'user.create-admin', outcome: 'denied' }]);
    const all = JSON.stringify(await dataSource.query('SELECT * FROM audit_log'));
    expect(all).not.toMatch(/password|\$argon2|hsk_/);
  });

  it('validates new users with reasons', async () => {
    await expect(
      identity.createUser({ email: 'nope', password: 'long enough pw', role: 'chemist' }),
    ).rejects.toThrow(/not an e-mail/);
    await expect(identity.createUser({ email: 'a@b.c', password: 'short', role: 'chemist' })).rejects.toThrow(
      /12 to 256/,
    );
    await expect(
      identity.createUser({ email: 'a@b.c', password: 'long enough pw', role: 'service' }),
    ).rejects.toThrow(/API keys/);
  });
});

describe('authConfigFromEnv', () => {
  it('refuses a default or missing secret in production and a short one anywhere', () => {
    expect(() => authConfigFromEnv({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET must be set/);
    expect(() => authConfigFromEnv({ AUTH_JWT_SECRET: 'short' })).toThrow(/at least 32/);
    expect(() => authConfigFromEnv({ AUTH_TOKEN_TTL_S: '0' })).toThrow(/AUTH_TOKEN_TTL_S/);
    expect(
      authConfigFromEnv({ NODE_ENV: 'production', AUTH_JWT_SECRET: 's'.repeat(40) }).tokenTtlSeconds,
    ).toBe(900);
  });
});
