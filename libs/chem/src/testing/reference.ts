import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** One row of the RDKit C++ reference (see test-fixtures/SOURCE.md); numeric columns parsed. */
export interface ReferenceRow {
  smiles: string;
  parent_smiles: string;
  heavy_atoms: number;
  mol_wt: number;
  exact_mw: number;
  clogp: number;
  mr: number;
  tpsa: number;
  hbd: number;
  hba: number;
  lipinski_hbd: number;
  lipinski_hba: number;
  rot_bonds: number;
  rings: number;
  aromatic_rings: number;
  fsp3: number;
  stereocenters: number;
  qed: number;
  pains: string[];
  brenk: string[];
}

const NUMERIC = [
  'heavy_atoms', 'mol_wt', 'exact_mw', 'clogp', 'mr', 'tpsa', 'hbd', 'hba', 'lipinski_hbd', 'lipinski_hba',
  'rot_bonds', 'rings', 'aromatic_rings', 'fsp3', 'stereocenters', 'qed',
] as const;

/** The 3000 reference rows. The file has no quoted fields (SMILES contain no commas). */
export function loadReference(): ReferenceRow[] {
  const path = join(__dirname, '../../test-fixtures/rdkit_reference.csv.gz');
  const [header, ...lines] = gunzipSync(readFileSync(path)).toString('utf8').trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const raw = Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
    const row: Record<string, unknown> = { ...raw };
    for (const name of NUMERIC) row[name] = Number(raw[name]);
    row.pains = raw.pains ? raw.pains.split(';') : [];
    row.brenk = raw.brenk ? raw.brenk.split(';') : [];
    return row as unknown as ReferenceRow;
  });
}
