// Public API of the persistence library: one TypeORM DataSource factory for PostgreSQL and SQLite.
export {
  createDataSource,
  dialectOf,
  dialectOfSource,
  dropSchema,
  openMigratedDataSource,
  pingDatabase,
  runMigrations,
  type DataSourceConfig,
  type Dialect,
} from './data-source';
export { SqlParams } from './sql';
export { EntitySchema, IsNull } from 'typeorm';
export type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
export * from './audit';
