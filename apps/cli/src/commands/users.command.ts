import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import {
  AUTH_ENTITIES,
  AUTH_MIGRATIONS,
  IdentityService,
  UserEntity,
  authConfigFromEnv,
  isRole,
  ROLES,
} from '@hitscreen/auth';
import { openMigratedDataSource, type DataSource } from '@hitscreen/db';
import { DEFAULT_DATABASE_URL } from '@hitscreen/screening';
import { UsageError } from '../usage-error';

/**
 * Identity administration on the platform's database (`DATABASE_URL`, the same the API uses): the bootstrap of
 * the first admin, then users and API keys. Secrets are printed once, on stdout, and stored only as hashes.
 */
export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('create the first admin, users and API keys');
  users
    .command('create-admin')
    .description('create the first admin (refused when one exists) and print its password once')
    .requiredOption('--email <email>', "the admin's e-mail address")
    .action(async (options: { email: string }) =>
      withIdentity(async (identity) => {
        const { user, password } = await identity.createFirstAdmin(options.email);
        process.stdout.write(
          `admin ${user.email} (id ${user.id}) created.\npassword (shown once, store it now): ${password}\n`,
        );
      }),
    );
  users
    .command('create')
    .description('create a user with a generated password, printed once')
    .requiredOption('--email <email>', "the user's e-mail address")
    .requiredOption('--role <role>', `one of ${ROLES.filter((role) => role !== 'service').join(', ')}`)
    .option('--team <team>', 'the team whose screens the user shares')
    .action(async (options: { email: string; role: string; team?: string }) =>
      withIdentity(async (identity) => {
        if (!isRole(options.role))
          throw new UsageError(`unknown role "${options.role}" (${ROLES.join(', ')})`);
        const password = randomBytes(18).toString('base64url');
        const user = await identity.createUser({ ...options, role: options.role, password });
        process.stdout.write(
          `${user.role} ${user.email} (id ${user.id}) created.\npassword (shown once, store it now): ${password}\n`,
        );
      }),
    );
  users
    .command('create-key')
    .description("create an API key for a user's pipeline client and print it once")
    .requiredOption('--owner <email>', 'the user the key acts for (its team)')
    .requiredOption('--scopes <list>', 'comma-separated: screens:read,screens:write,trials:read,trials:write')
    .option('--name <name>', 'what the key is for', 'pipeline')
    .action(async (options: { owner: string; scopes: string; name: string }) =>
      withIdentity(async (identity, dataSource) => {
        const owner = await dataSource
          .getRepository(UserEntity)
          .findOneBy({ email: options.owner.trim().toLowerCase() });
        if (!owner) throw new UsageError(`no user with e-mail ${options.owner}`);
        const scopes = options.scopes.split(',').map((scope) => scope.trim());
        const { id, key } = await identity.createApiKey(owner.id, options.name, scopes);
        process.stdout.write(
          `key ${id} for ${owner.email} created.\nAPI key (shown once, store it now): ${key}\n`,
        );
      }),
    );
}

async function withIdentity(work: (identity: IdentityService, dataSource: DataSource) => Promise<void>) {
  const dataSource = await openMigratedDataSource({
    url: process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
    schema: process.env.DATABASE_SCHEMA || undefined,
    entities: AUTH_ENTITIES,
    migrations: AUTH_MIGRATIONS,
  });
  try {
    await work(new IdentityService(dataSource, authConfigFromEnv()), dataSource);
  } finally {
    await dataSource.destroy();
  }
}
