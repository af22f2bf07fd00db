import { loadRDKit, parseStructure, type SdfEntryToWrite } from '@hitscreen/chem';
import type { ResultRow } from '@hitscreen/screening';
import { toExportRow } from './export-row';

const MOLBLOCK_END = /^M {2}END\s*$/m;

/** The V2000 header's first line is the molecule's name (80 characters at most): readers take the id from it. */
function withTitle(molblock: string, id: string): string {
  const title = id.replace(/[\r\n]+/g, ' ').slice(0, 80);
  const end = molblock.indexOf('\n');
  return end < 0 ? molblock : title + molblock.slice(end);
}

/**
 * One result row as an SDF entry: the structure as submitted when it was a molblock (its coordinates and title
 * kept), otherwise the scored parent (or, for a row without one, the input SMILES) with 2D coordinates and the
 * row's id as its title line; a structure RDKit cannot read is written as an empty molecule. The data fields are
 * the CSV export's columns.
 */
export async function toSdfEntry(row: ResultRow): Promise<SdfEntryToWrite> {
  const fields = toExportRow(row);
  if (MOLBLOCK_END.test(row.input)) return { molblock: row.input, fields: { ...fields, input: null } };
  const smiles = row.parentSmiles ?? row.input;
  if (!smiles) return { molblock: '', fields };
  const rdkit = await loadRDKit();
  const parsed = parseStructure(rdkit, smiles);
  if ('error' in parsed) return { molblock: '', fields };
  try {
    parsed.mol.set_new_coords();
    return { molblock: withTitle(parsed.mol.get_molblock(), row.id), fields };
  } finally {
    parsed.mol.delete(); // RDKit molecules live in WASM memory: freed by hand
  }
}
