import { openMigratedDataSource, type DataSource } from '@hitscreen/db';
import { ScreenDrift1764830000000 } from './migrations/1764830000000-screen-drift';
import { DRIFT_MIGRATIONS } from './migrations';
import { DriftStore } from './drift.store';

/** A drift store on its own connection (the API's): the screening database, its drift tables brought up to date. */
export async function openDriftStore(database: {
  databaseUrl: string;
  databaseSchema?: string;
}): Promise<{ store: DriftStore; dataSource: DataSource; close(): Promise<void> }> {
  const dataSource = await openMigratedDataSource({
    url: database.databaseUrl,
    schema: database.databaseSchema,
    entities: [],
    migrations: DRIFT_MIGRATIONS,
  });
  return { store: new DriftStore(dataSource), dataSource, close: () => dataSource.destroy() };
}

const ensured = new WeakSet<DataSource>();

/**
 * Creates the drift tables on a data source opened without DRIFT_MIGRATIONS (the screening worker's), once per
 * data source; the migration is idempotent, so a later recorded run of it changes nothing.
 */
export async function ensureDriftTables(dataSource: DataSource): Promise<void> {
  if (ensured.has(dataSource)) return;
  const runner = dataSource.createQueryRunner();
  try {
    await new ScreenDrift1764830000000().up(runner);
  } finally {
    await runner.release();
  }
  ensured.add(dataSource);
}
