import type { Dialect } from './data-source';

/**
 * Collects the parameters of one raw SQL statement and writes each placeholder in the dialect's form
 * (`$1, $2…` for PostgreSQL, `?` for SQLite), so one query builder serves both databases.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(readonly dialect: Dialect) {}

  /** Adds a value; returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return this.dialect === 'postgres' ? `$${this.values.length}` : '?';
  }
}
