import type { Mol } from '../rdkit';

export interface DepictOptions {
  width?: number;
  height?: number;
  /** 0-based atom indices to highlight (e.g. the atoms of a structural alert or an attribution). */
  highlightAtoms?: number[];
  legend?: string;
}

/** SVG of a molecule with 2D coordinates computed by RDKit; highlighted atoms and the bonds between them. */
export function depictSvg(mol: Mol, options: DepictOptions = {}): string {
  const { width = 300, height = 250, highlightAtoms = [], legend } = options;
  const numAtoms = mol.get_num_atoms();
  const bad = highlightAtoms.filter((i) => !Number.isInteger(i) || i < 0 || i >= numAtoms);
  if (bad.length > 0) {
    throw new RangeError(
      `highlight atom index ${bad.join(', ')} out of range: the molecule has ${numAtoms} atoms (0-based)`,
    );
  }
  const details: Record<string, unknown> = {
    width,
    height,
    atoms: highlightAtoms,
    bonds: bondsBetween(mol, highlightAtoms),
  };
  if (legend) details.legend = legend;
  return mol.get_svg_with_highlights(JSON.stringify(details));
}

function bondsBetween(mol: Mol, atoms: number[]): number[] {
  if (atoms.length < 2) return [];
  const chosen = new Set(atoms);
  const bonds =
    (JSON.parse(mol.get_json()) as { molecules: { bonds?: { atoms: [number, number] }[] }[] }).molecules[0]
      .bonds ?? [];
  return bonds.flatMap((b, i) => (chosen.has(b.atoms[0]) && chosen.has(b.atoms[1]) ? [i] : []));
}
