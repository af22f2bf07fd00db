import { readMolJson } from '../mol-json';
import type { Mol } from '../rdkit';

/** The parts of a molecule the uncharger reads, taken from RDKit's JSON (`get_json`). */
export interface ChargeGraph {
  atoms: ChargeAtom[];
  /** Neighbours of each atom with the bond between them. */
  neighbors: Array<Array<{ atom: number; order: number; aromatic: boolean }>>;
  /** Rings as RDKit lists them (atom indices in ring order). */
  rings: number[][];
}

export interface ChargeAtom {
  z: number;
  charge: number;
  /** Implicit plus explicit H count (RDKit JSON `impHs`); H atoms in the graph are atoms of their own. */
  hydrogens: number;
  aromatic: boolean;
}

export function chargeGraph(mol: Mol): ChargeGraph {
  const json = readMolJson(mol);
  const atoms = json.atoms.map((a, i) => ({
    z: a.z,
    charge: a.charge,
    hydrogens: a.implicitHs,
    aromatic: json.aromaticAtoms.has(i),
  }));
  const neighbors: ChargeGraph['neighbors'] = atoms.map(() => []);
  json.bonds.forEach((b, i) => {
    // Bond orders are those of the Kekulé form; `aromatic` says which bonds RDKit perceives as aromatic.
    const aromatic = json.aromaticBonds.has(i);
    neighbors[b.begin].push({ atom: b.end, order: b.order, aromatic });
    neighbors[b.end].push({ atom: b.begin, order: b.order, aromatic });
  });
  return { atoms, neighbors, rings: json.atomRings };
}
