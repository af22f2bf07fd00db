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

interface RDKitJsonAtom {
  z?: number;
  chg?: number;
  impHs?: number;
}
interface RDKitJsonBond {
  bo?: number;
  atoms: [number, number];
}
interface RDKitJsonMol {
  atoms: RDKitJsonAtom[];
  bonds?: RDKitJsonBond[];
  extensions?: Array<{
    name: string;
    aromaticAtoms?: number[];
    aromaticBonds?: number[];
    atomRings?: number[][];
  }>;
}
interface RDKitJson {
  defaults: { atom: Required<RDKitJsonAtom>; bond: { bo: number } };
  molecules: RDKitJsonMol[];
}

export function chargeGraph(mol: Mol): ChargeGraph {
  const json = JSON.parse(mol.get_json()) as RDKitJson;
  const [m] = json.molecules;
  const defaults = json.defaults;
  const ext = m.extensions?.find((e) => e.name === 'rdkitRepresentation');
  const aromaticAtoms = new Set(ext?.aromaticAtoms ?? []);
  const aromaticBonds = new Set(ext?.aromaticBonds ?? []);
  const atoms = m.atoms.map((a, i) => ({
    z: a.z ?? defaults.atom.z,
    charge: a.chg ?? defaults.atom.chg,
    hydrogens: a.impHs ?? defaults.atom.impHs,
    aromatic: aromaticAtoms.has(i),
  }));
  const neighbors: ChargeGraph['neighbors'] = atoms.map(() => []);
  (m.bonds ?? []).forEach((b, i) => {
    // Bond orders are those of the Kekulé form; `aromatic` says which bonds RDKit perceives as aromatic.
    const order = b.bo ?? defaults.bond.bo;
    const aromatic = aromaticBonds.has(i);
    const [x, y] = b.atoms;
    neighbors[x].push({ atom: y, order, aromatic });
    neighbors[y].push({ atom: x, order, aromatic });
  });
  return { atoms, neighbors, rings: ext?.atomRings ?? [] };
}
