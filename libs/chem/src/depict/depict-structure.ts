import { loadRDKit, using } from '../rdkit';
import { parseStructure } from '../standardize';
import { depictSvg, type DepictOptions } from './depict';

/** Parses a SMILES or molblock and draws it; a structure RDKit rejects gives its reason instead of an SVG. */
export async function depictStructure(
  structure: string,
  options: DepictOptions = {},
): Promise<{ svg: string } | { error: string }> {
  const rdkit = await loadRDKit();
  const parsed = parseStructure(rdkit, structure);
  if ('error' in parsed) return parsed;
  try {
    return { svg: using(parsed.mol, (mol) => depictSvg(mol, options)) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
