import type { Mol } from '../rdkit';
import type { AtomFeatures, BondFeatures } from './smarts-predicates';

/** What the alert prefilter and QED read of a molecule, from one `get_json()` call. */
export interface MolGraph {
  atoms: AtomFeatures[];
  bonds: (BondFeatures & { a: number; b: number })[];
  /** SSSR rings as atom-index lists (RDKit's `atomRings` extension). */
  atomRings: number[][];
}

interface RawJson {
  defaults: { atom: { z: number; impHs: number; chg: number; isotope: number }; bond: { bo: number } };
  molecules: {
    atoms: { z?: number; impHs?: number; chg?: number; isotope?: number }[];
    bonds?: { atoms: [number, number]; bo?: number }[];
    extensions?: {
      name: string;
      aromaticAtoms?: number[];
      aromaticBonds?: number[];
      atomRings?: number[][];
    }[];
  }[];
}

export function readMolGraph(mol: Mol): MolGraph {
  const raw = JSON.parse(mol.get_json()) as RawJson;
  const molecule = raw.molecules[0];
  const defaults = raw.defaults;
  const ext = molecule.extensions?.find((e) => e.name === 'rdkitRepresentation');
  const aromaticAtoms = new Set(ext?.aromaticAtoms ?? []);
  const aromaticBonds = new Set(ext?.aromaticBonds ?? []);
  const atomRings = ext?.atomRings ?? [];
  const ringOf = new Map<number, Set<number>>();
  atomRings.forEach((ring, r) =>
    ring.forEach((atom) => (ringOf.get(atom) ?? ringOf.set(atom, new Set()).get(atom)!).add(r)),
  );

  const atoms: AtomFeatures[] = molecule.atoms.map((a, i) => {
    const impHs = a.impHs ?? defaults.atom.impHs;
    return {
      z: a.z ?? defaults.atom.z,
      aromatic: aromaticAtoms.has(i),
      charge: a.chg ?? defaults.atom.chg,
      totalHs: impHs,
      degree: 0,
      totalDegree: impHs,
      inRing: ringOf.has(i),
      isotope: a.isotope ?? defaults.atom.isotope,
    };
  });
  const bonds = (molecule.bonds ?? []).map((bond, i) => {
    const [a, b] = bond.atoms;
    for (const [self, other] of [
      [a, b],
      [b, a],
    ]) {
      atoms[self].degree++;
      atoms[self].totalDegree++;
      if (atoms[other].z === 1) atoms[self].totalHs++;
    }
    const ringsA = ringOf.get(a);
    const ringsB = ringOf.get(b);
    // A bond closes a cycle exactly when both ends lie on one common ring.
    const inRing = !!ringsA && !!ringsB && [...ringsA].some((r) => ringsB.has(r));
    const bo = bond.bo ?? defaults.bond.bo;
    return { a, b, order: bo >= 1 && bo <= 3 ? bo : 0, aromatic: aromaticBonds.has(i), inRing };
  });
  return { atoms, bonds, atomRings };
}

const cache = new WeakMap<Uint8Array, MolGraph>();

/**
 * The graph of the molecule whose pattern fingerprint is `patternFp`: alerts and QED of one molecule share one
 * `get_json()` (about 0.1 ms). Keyed by the fingerprint array the caller computes once per molecule, so the entry
 * goes away with it.
 */
export function molGraphFor(mol: Mol, patternFp: Uint8Array): MolGraph {
  let graph = cache.get(patternFp);
  if (!graph) {
    graph = readMolGraph(mol);
    cache.set(patternFp, graph);
  }
  return graph;
}
