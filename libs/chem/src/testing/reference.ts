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
  'heavy_atoms',
  'mol_wt',
  'exact_mw',
  'clogp',
  'mr',
  'tpsa',
  'hbd',
  'hba',
  'lipinski_hbd',
  'lipinski_hba',
  'rot_bonds',
  'rings',
  'aromatic_rings',
  'fsp3',
  'stereocenters',
  'qed',
] as const;

/** Splits one CSV line: the file quotes a few alert names that contain commas; no field spans lines. */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

/** The 3000 reference rows (the file has CRLF line endings). */
export function loadReference(): ReferenceRow[] {
  const path = join(__dirname, '../../test-fixtures/rdkit_reference.csv.gz');
  const [header, ...lines] = gunzipSync(readFileSync(path)).toString('utf8').trim().split(/\r?\n/);
  const columns = splitCsvLine(header);
  return lines.map((line) => {
    const cells = splitCsvLine(line);
    const raw = Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
    const row: Record<string, unknown> = { ...raw };
    for (const name of NUMERIC) row[name] = Number(raw[name]);
    row.pains = raw.pains ? raw.pains.split(';') : [];
    row.brenk = raw.brenk ? raw.brenk.split(';') : [];
    return row as unknown as ReferenceRow;
  });
}
