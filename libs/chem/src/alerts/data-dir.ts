import { join } from 'node:path';

/**
 * Folder holding libs/chem/data (filter TSVs, QED parameters). The one place that resolves it, so a bundle can
 * point elsewhere: `HITSCREEN_CHEM_DATA` wins, otherwise the path relative to this source file.
 */
export function chemDataDir(): string {
  return process.env.HITSCREEN_CHEM_DATA ?? join(__dirname, '../../data');
}
