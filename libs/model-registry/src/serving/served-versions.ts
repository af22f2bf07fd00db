// What screens are served with: the production version of each model when a screen is planned, and the exact
// registered files of the version a screen recorded when its chunks run. Read by SQL on the screening database
// (the registry's tables live beside the screens, on DATABASE_URL), which may have no registry at all: then
// nothing is registered and screens use `models/<name>/` as before.
import { isAbsolute, resolve } from 'node:path';
import { dialectOfSource, SqlParams, type DataSource } from '@hitscreen/db';
import {
  modelsDir,
  type ModelCard,
  type ModelVersionSource,
  type RegisteredModelFile,
} from '@hitscreen/models';

/** A model's production version, with the card it was registered with. */
export interface ProductionModel {
  name: string;
  version: string;
  card: ModelCard;
}

/** The registry's rows, or none when this database has no registry (its migrations never ran here). */
async function registryRows<T>(dataSource: DataSource, sql: string, values: unknown[]): Promise<T[]> {
  try {
    return (await dataSource.query(sql, values)) as T[];
  } catch (error) {
    if (/model_version/.test((error as Error).message)) return [];
    throw error;
  }
}

/** The production version of every registered model, by name. */
export async function productionModels(dataSource: DataSource): Promise<ProductionModel[]> {
  const rows = await registryRows<{ name: string; version: string; card: string }>(
    dataSource,
    `SELECT name, version, card FROM model_version WHERE status = 'production' ORDER BY name`,
    [],
  );
  return rows.map((r) => ({ name: r.name, version: r.version, card: JSON.parse(r.card) as ModelCard }));
}

/**
 * Where each recorded `{ name, version }` is and what its files must be: the registered directory (absolute, a
 * relative one under `root`) and files of that version, whatever its status now (a screen submitted before a
 * promotion keeps the version it recorded). A version the registry does not hold comes back without `dir` and
 * `files`: the loader then uses `models/<name>/`, whose card must be that version.
 */
export async function modelVersionSources(
  dataSource: DataSource,
  models: readonly { name: string; version: string }[],
  root: string = modelsDir(),
): Promise<ModelVersionSource[]> {
  if (models.length === 0) return [];
  const params = new SqlParams(dialectOfSource(dataSource));
  const names = [...new Set(models.map((m) => m.name))].map((n) => params.add(n)).join(', ');
  const rows = await registryRows<{ name: string; version: string; dir: string; files: string }>(
    dataSource,
    `SELECT name, version, dir, files FROM model_version WHERE name IN (${names})`,
    params.values,
  );
  return models.map(({ name, version }) => {
    const row = rows.find((r) => r.name === name && r.version === version);
    if (!row) return { name, version };
    return {
      name,
      version,
      dir: isAbsolute(row.dir) ? row.dir : resolve(root, row.dir),
      files: JSON.parse(row.files) as RegisteredModelFile[],
    };
  });
}
