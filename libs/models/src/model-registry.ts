import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CARD_FILE, readModelCard, type ModelCard } from './model-card';

let resolved: string | undefined;

const isModelDir = (dir: string) => existsSync(join(dir, CARD_FILE));

/** A models root holds the format contract or at least one model directory. */
function isModelsRoot(dir: string): boolean {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return false;
  if (existsSync(join(dir, 'FORMAT.md'))) return true;
  return readdirSync(dir).some((entry) => isModelDir(join(dir, entry)));
}

/**
 * Where the trained models live (`<repo>/models`): `HITSCREEN_MODELS_DIR` when set; otherwise found relative to
 * this file, as libs/chem's data dir is: `libs/models/src` → `../../../models` from source (tests), and
 * `dist/cli` (or any `dist/<entry>/` esbuild bundle) → `../../models`.
 */
export function modelsDir(): string {
  if (process.env.HITSCREEN_MODELS_DIR) return resolve(process.env.HITSCREEN_MODELS_DIR);
  if (resolved) return resolved;
  const candidates = [join(__dirname, '../../../models'), join(__dirname, '../../models')];
  const found = candidates.find(isModelsRoot);
  if (!found)
    throw new Error(
      `models directory not found (looked in ${candidates.join(', ')}; set HITSCREEN_MODELS_DIR)`,
    );
  resolved = resolve(found);
  return resolved;
}

export interface ModelEntry {
  /** The directory name: the model's name on the command line. */
  name: string;
  dir: string;
  /** The validated card; absent when it is broken (then `error` says why). */
  card?: ModelCard;
  error?: string;
}

/**
 * Every model directory (a folder with card.json) under `root`, by name. A broken card is listed with its error
 * rather than hiding the model or failing the listing.
 */
export function listModels(root: string = modelsDir()): ModelEntry[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((entry) => !entry.startsWith('.') && isModelDir(join(root, entry)))
    .sort()
    .map((name) => {
      const dir = join(root, name);
      try {
        return { name, dir, card: readModelCard(dir) };
      } catch (error) {
        return { name, dir, error: (error as Error).message };
      }
    });
}

/** The directory of the model called `name` (a directory under root, or a path to one); lists the choices when absent. */
export function modelDir(name: string, root: string = modelsDir()): string {
  if ((name.includes('/') || name.includes('\\')) && isModelDir(name)) return resolve(name);
  const dir = join(root, name);
  if (isModelDir(dir)) return dir;
  const available = listModels(root).map((m) => m.name);
  throw new Error(
    `no model "${name}" in ${root} (available: ${available.length > 0 ? available.join(', ') : 'none'})`,
  );
}
