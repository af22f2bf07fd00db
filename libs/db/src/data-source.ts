import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions, type EntitySchema, type MixedList } from 'typeorm';

/** The two databases the platform runs on: PostgreSQL for servers and tests, SQLite for the embedded default. */
export type Dialect = 'postgres' | 'sqlite';

export interface DataSourceConfig {
  /** `postgres://user@host:port/db`, `sqlite:<path>` or `sqlite::memory:`. */
  url: string;
  /** Entity schemas of every lib that stores data through this source (screening, trial, ...). */
  entities: EntitySchema[];
  /** Migration classes of those libs; run by `runMigrations`, never by `synchronize`. */
  migrations: MixedList<string | (new () => unknown)>;
  /**
   * PostgreSQL only: the schema that holds the tables (created when absent). Tests use a unique one per run.
   * Every connection of the pool gets it as its `search_path`, so raw SQL sees the same tables as TypeORM.
   */
  schema?: string;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}

/** Which database a URL names; throws for anything else, naming the accepted forms. */
export function dialectOf(url: string): Dialect {
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  if (url.startsWith('sqlite:')) return 'sqlite';
  throw new Error(
    `unsupported database URL "${url}" (expected postgres://… or sqlite:<path> or sqlite::memory:)`,
  );
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function options(config: DataSourceConfig): DataSourceOptions {
  const common = {
    entities: config.entities,
    migrations: config.migrations,
    synchronize: false,
    migrationsRun: false,
    logging: false,
  } as const;
  if (dialectOf(config.url) === 'sqlite') {
    const path = config.url.slice('sqlite:'.length);
    if (!path)
      throw new Error(`database URL "${config.url}" names no file (use sqlite:<path> or sqlite::memory:)`);
    return {
      ...common,
      type: 'better-sqlite3',
      database: path,
      // WAL lets readers (the API) run beside the worker's writes; several processes writing one file wait for
      // each other's transactions (busy timeout) instead of failing with SQLITE_BUSY.
      enableWAL: path !== ':memory:',
      timeout: 30_000,
    };
  }
  if (config.schema !== undefined && !SCHEMA_NAME.test(config.schema))
    throw new Error(`invalid PostgreSQL schema name "${config.schema}"`);
  return {
    ...common,
    type: 'postgres',
    url: config.url,
    schema: config.schema,
    poolSize: config.poolSize ?? 10,
    extra: config.schema ? { options: `-c search_path=${config.schema}` } : undefined,
  };
}

/**
 * A connected TypeORM DataSource for the URL. Migrations are not run here: call `runMigrations` (servers and
 * workers at start-up, tests in their setup), so a process never changes a schema by accident.
 */
export async function createDataSource(config: DataSourceConfig): Promise<DataSource> {
  const dataSource = new DataSource(options(config));
  if (config.schema && dialectOf(config.url) === 'postgres') await ensureSchema(config.url, config.schema);
  await dataSource.initialize();
  return dataSource;
}

/** `search_path` fails silently on a missing schema, so it is created first on a short-lived connection. */
async function ensureSchema(url: string, schema: string): Promise<void> {
  const admin = new DataSource({ type: 'postgres', url, poolSize: 1 });
  await admin.initialize();
  try {
    await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (error) {
    // Two processes creating the same schema at once: IF NOT EXISTS is not atomic in PostgreSQL, so the loser
    // sees a unique violation on pg_namespace (23505) or duplicate_schema (42P06). The schema exists: go on.
    const code =
      (error as { code?: string; driverError?: { code?: string } }).driverError?.code ??
      (error as { code?: string }).code;
    if (code !== '23505' && code !== '42P06') throw error;
  } finally {
    await admin.destroy();
  }
}

/** Drops a PostgreSQL schema and everything in it (test clean-up). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"`);
  const admin = new DataSource({ type: 'postgres', url, poolSize: 1 });
  await admin.initialize();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await admin.destroy();
  }
}

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK = 724_310_001;

/**
 * Runs pending migrations, each in its own transaction. On PostgreSQL an advisory lock serializes processes that
 * start together (two workers, a worker and the API), so the second one finds the work done instead of racing
 * to create the same tables. SQLite's file lock does the same for the embedded database.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  if (dataSource.options.type !== 'postgres') {
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * What every process does at start: connect to the URL and bring the given libs' tables up to date. For a SQLite
 * file its folder is created first (a fresh clone has no `data/`); a failed migration closes the connection before
 * the error propagates.
 */
export async function openMigratedDataSource(config: DataSourceConfig): Promise<DataSource> {
  if (dialectOf(config.url) === 'sqlite') {
    const path = config.url.slice('sqlite:'.length);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  }
  const dataSource = await createDataSource(config);
  try {
    await runMigrations(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/** The dialect of a connected source (for the few queries that differ, e.g. JSON access). */
export function dialectOfSource(dataSource: DataSource): Dialect {
  return dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

/** `SELECT 1` as a readiness check; the error message when the database does not answer. */
export async function pingDatabase(dataSource: DataSource): Promise<string | null> {
  try {
    await dataSource.query('SELECT 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
