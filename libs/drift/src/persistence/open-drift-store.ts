import { createDataSource, runMigrations, type DataSource } from '@hitscreen/db';
import { DRIFT_MIGRATIONS } from './migrations';
import { DriftStore } from './drift.store';

/** A drift store on its own connection (the API's): the screening database, its drift tables brought up to date. */
export async function openDriftStore(database: {
  databaseUrl: string;
  databaseSchema?: string;
}): Promise<{ store: DriftStore; dataSource: DataSource; close(): Promise<void> }> {
  const dataSource = await createDataSource({
    url: database.databaseUrl,
    schema: database.databaseSchema,
    entities: [],
    migrations: DRIFT_MIGRATIONS,
  });
  await runMigrations(dataSource);
  return { store: new DriftStore(dataSource), dataSource, close: () => dataSource.destroy() };
}
