import { existsSync } from 'node:fs';
import { join } from 'node:path';

let resolved: string | undefined;

/**
 * Where the chemistry data files (alert definitions, QED parameters) live: `HITSCREEN_CHEM_DATA` when set;
 * otherwise `libs/chem/data` when running from source (tests), or `dist/chem-data` beside an esbuild bundle
 * (`scripts/build.mjs` copies it there).
 */
export function chemDataDir(): string {
  if (resolved) return resolved;
  const candidates = [
    process.env.HITSCREEN_CHEM_DATA,
    join(__dirname, '../data'),
    join(__dirname, '../chem-data'),
  ];
  const found = candidates.find(
    (dir): dir is string => !!dir && existsSync(join(dir, 'qed_parameters.json')),
  );
  if (!found)
    throw new Error(`chemistry data files not found (looked in ${candidates.filter(Boolean).join(', ')})`);
  resolved = found;
  return found;
}
