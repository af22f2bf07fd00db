import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTH_ENTITIES, AUTH_MIGRATIONS, IdentityService, authConfigFromEnv } from '@hitscreen/auth';
import { createDataSource } from '@hitscreen/db';

// The CLI as a user runs it: the esbuild bundle that `npm test` builds first.
const root = join(__dirname, '../../../..');
const main = join(root, 'dist/cli/main.js');

describe('hitscreen users', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hitscreen-users-'));
  const databaseUrl = `sqlite:${join(dir, 'db', 'hitscreen.sqlite')}`;
  const cli = (...args: string[]) => {
    const result = spawnSync(process.execPath, [main, 'users', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'development' },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('bootstraps the first admin once, with a password that signs in, then users and keys', async () => {
    const admin = cli('create-admin', '--email', 'root@example.org');
    expect(admin.code).toBe(0);
    const password = /password \(shown once, store it now\): (\S+)/.exec(admin.stdout)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);

    const again = cli('create-admin', '--email', 'second@example.org');
    expect(again).toMatchObject({
      code: 1,
      stderr: 'hitscreen: an admin exists already; ask them to create your account\n',
    });

    expect(cli('create', '--email', 'chem@example.org', '--role', 'chemist', '--team', 'kinase').code).toBe(
      0,
    );
    expect(cli('create', '--email', 'x@example.org', '--role', 'wizard').stderr).toMatch(
      /unknown role "wizard"/,
    );
    const key = cli('create-key', '--owner', 'chem@example.org', '--scopes', 'screens:read,screens:write');
    expect(key.code).toBe(0);
    const apiKey = /API key \(shown once, store it now\): (\S+)/.exec(key.stdout)?.[1] ?? '';
    expect(cli('create-key', '--owner', 'nobody@example.org', '--scopes', 'screens:read').stderr).toMatch(
      /no user with e-mail nobody@example.org/,
    );

    // What the CLI printed works against the same database.
    const dataSource = await createDataSource({
      url: databaseUrl,
      entities: AUTH_ENTITIES,
      migrations: AUTH_MIGRATIONS,
    });
    try {
      const identity = new IdentityService(dataSource, authConfigFromEnv({}));
      expect(await identity.signIn('root@example.org', password)).not.toBeNull();
      expect(await identity.authenticateApiKey(apiKey)).toMatchObject({ role: 'service', team: 'kinase' });
    } finally {
      await dataSource.destroy();
    }
  });
});
