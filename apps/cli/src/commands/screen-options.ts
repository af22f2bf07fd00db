import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectOutputFormat, InputError, type OutputFormat } from '@hitscreen/chem';
import { UsageError } from '../usage-error';

/** `--weights qed=1,tox_max=0,bace.pIC50=3`: desirability weight per score key (checked later against the models). */
export function parseWeights(value: string | undefined): Record<string, number> | undefined {
  if (value === undefined) return undefined;
  const weights: Record<string, number> = {};
  for (const pair of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = pair.lastIndexOf('=');
    const key = pair.slice(0, at).trim();
    const weight = Number(pair.slice(at + 1));
    if (at <= 0 || pair.slice(at + 1).trim() === '' || !Number.isFinite(weight) || weight < 0)
      throw new UsageError(`--weights: "${pair}" is not <key>=<number >= 0> (e.g. qed=1,tox_max=2)`);
    weights[key] = weight;
  }
  return weights;
}

/** Models for `--models a,b`; `none` screens properties only (standardize, properties, alerts, QED; no model). */
export const NO_MODELS = 'none';

export function parseModels(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === NO_MODELS) return [];
  const names = value
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  if (names.length === 0) throw new UsageError('--models: no model named');
  return names;
}

/** The results file's format from its extension (`.csv`, `.tsv`, `.sdf`, each optionally `.gz`). */
export function resultsFormat(path: string): OutputFormat {
  try {
    return detectOutputFormat(path);
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(`-o: ${error.message}`);
    throw error;
  }
}

/** Where the screen is kept: the `--db` URL, or a temporary SQLite file removed when the command ends. */
export interface ScreenDatabase {
  url: string;
  /** True when the database outlives the command (given with --db). */
  kept: boolean;
  /** Removes the temporary database (nothing for --db). */
  remove(): void;
}

export function screenDatabase(db: string | undefined): ScreenDatabase {
  if (db !== undefined) {
    if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(db))
      throw new UsageError(`--db must be sqlite:<path> or postgres://…, got "${db}"`);
    return { url: db, kept: true, remove: () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'hitscreen-screen-'));
  return {
    url: `sqlite:${join(dir, 'screen.sqlite')}`,
    kept: false,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
