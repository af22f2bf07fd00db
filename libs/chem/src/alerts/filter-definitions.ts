import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chemDataDir } from '../data-dir';

export type AlertCatalogName = 'PAINS_A' | 'PAINS_B' | 'PAINS_C' | 'Brenk';

/** One SMARTS entry; `maxMatches` 0 means any match counts (RDKit FilterCatalog SmartsMatcher semantics). */
export interface SubstructureDefinition {
  name: string;
  smarts: string;
  maxMatches: number;
  group: string;
}

const CATALOG_FILES: Record<AlertCatalogName, string> = {
  PAINS_A: 'pains_a.tsv',
  PAINS_B: 'pains_b.tsv',
  PAINS_C: 'pains_c.tsv',
  Brenk: 'brenk.tsv',
};

export const ALERT_CATALOGS = Object.keys(CATALOG_FILES) as AlertCatalogName[];

/** Reads one filters/*.tsv (header: name, smarts, max_matches, comment) in file order. */
export function readFilterDefinitions(catalog: AlertCatalogName): SubstructureDefinition[] {
  const text = readFileSync(join(chemDataDir(), 'filters', CATALOG_FILES[catalog]), 'utf8');
  const [, ...lines] = text.split('\n').filter((line) => line.trim() !== '');
  return lines.map((line) => {
    const [name, smarts, maxMatches] = line.split('\t');
    return { name, smarts, maxMatches: Number(maxMatches), group: catalog };
  });
}
