import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntitySchema, type MigrationInterface, type QueryRunner } from 'typeorm';
import {
  createDataSource,
  dialectOf,
  dropSchema,
  openMigratedDataSource,
  pingDatabase,
  runMigrations,
} from './data-source';
import { SqlParams } from './sql';

const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Note {
  id: number;
  body: string;
}

const NoteEntity = new EntitySchema<Note>({
  name: 'Note',
  tableName: 'note',
  columns: { id: { type: Number, primary: true }, body: { type: String } },
});

class CreateNotes1700000000000 implements MigrationInterface {
  name = 'CreateNotes1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE note (id integer PRIMARY KEY, body text NOT NULL)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE note');
  }
}

const config = (url: string, schema?: string) => ({
  url,
  schema,
  entities: [NoteEntity],
  migrations: [CreateNotes1700000000000],
});

describe('dialectOf', () => {
  it('accepts postgres and sqlite URLs and names the accepted forms otherwise', () => {
    expect(dialectOf('postgres://u@h/db')).toBe('postgres');
    expect(dialectOf('postgresql://u@h/db')).toBe('postgres');
    expect(dialectOf('sqlite::memory:')).toBe('sqlite');
    expect(dialectOf('sqlite:data/x.sqlite')).toBe('sqlite');
    expect(() => dialectOf('mysql://h/db')).toThrow(/expected postgres:\/\/… or sqlite:/);
  });
});

describe('createDataSource on PostgreSQL (a schema of its own)', () => {
  const schema = `db_spec_${randomBytes(4).toString('hex')}`;
  afterAll(() => dropSchema(POSTGRES_URL, schema));

  it('migrates explicitly, once, even when two processes start together', async () => {
    const [a, b] = await Promise.all([
      createDataSource(config(POSTGRES_URL, schema)),
      createDataSource(config(POSTGRES_URL, schema)),
    ]);
    try {
      expect(await a.query(`SELECT to_regclass('${schema}.note') AS t`)).toEqual([{ t: null }]);
      const ran = await Promise.all([runMigrations(a), runMigrations(b)]);
      expect(ran.flat()).toEqual(['CreateNotes1700000000000']);
      await a.getRepository(NoteEntity).save({ id: 1, body: 'hello' });
      // Raw SQL on another pooled connection sees the same schema (search_path), with $n placeholders.
      const params = new SqlParams('postgres');
      const rows = await b.query(`SELECT body FROM note WHERE id = ${params.add(1)}`, params.values);
      expect(rows).toEqual([{ body: 'hello' }]);
      expect(await pingDatabase(a)).toBeNull();
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
    }
  });
});

describe('createDataSource on SQLite', () => {
  it('works in memory and on a file, with ? placeholders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'db-spec-'));
    try {
      for (const url of ['sqlite::memory:', `sqlite:${join(dir, 'x.sqlite')}`]) {
        const ds = await createDataSource(config(url));
        try {
          expect(await runMigrations(ds)).toEqual(['CreateNotes1700000000000']);
          expect(await runMigrations(ds)).toEqual([]);
          await ds.getRepository(NoteEntity).save({ id: 2, body: 'salut' });
          const params = new SqlParams('sqlite');
          const rows = await ds.query(`SELECT body FROM note WHERE id = ${params.add(2)}`, params.values);
          expect(rows).toEqual([{ body: 'salut' }]);
        } finally {
          await ds.destroy();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a URL without a path', async () => {
    await expect(createDataSource(config('sqlite:'))).rejects.toThrow(/names no file/);
  });
});

describe('openMigratedDataSource', () => {
  it('creates a SQLite file in a folder that does not exist yet, with its tables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'db-spec-'));
    try {
      const ds = await openMigratedDataSource(config(`sqlite:${join(dir, 'new', 'folder', 'x.sqlite')}`));
      try {
        await ds.getRepository(NoteEntity).save({ id: 1, body: 'bonjour' });
        expect(await runMigrations(ds)).toEqual([]); // already up to date
        expect(await ds.getRepository(NoteEntity).count()).toBe(1);
      } finally {
        await ds.destroy();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('closes the connection and passes the error on when a migration fails', async () => {
    class Broken1700000000001 implements MigrationInterface {
      name = 'Broken1700000000001';
      async up(runner: QueryRunner): Promise<void> {
        await runner.query('CREATE TABLE note (id integer PRIMARY KEY, body text NOT NULL)');
        await runner.query('THIS IS NOT SQL');
      }
      async down(runner: QueryRunner): Promise<void> {
        await runner.query('DROP TABLE note');
      }
    }
    await expect(
      openMigratedDataSource({ ...config('sqlite::memory:'), migrations: [Broken1700000000001] }),
    ).rejects.toThrow(/syntax error/);
  });
});
