import { readMolJson } from '../mol-json';
import type { Mol } from '../rdkit';
import type { AtomFeatures, BondFeatures } from './smarts-predicates';

/** What the alert prefilter and QED read of a molecule, from one `get_json()` call. */
export interface MolGraph {
  atoms: AtomFeatures[];
  bonds: (BondFeatures & { a: number; b: number })[];
  /** SSSR rings as atom-index lists (RDKit's `atomRings` extension). */
  atomRings: number[][];
}

export function readMolGraph(mol: Mol): MolGraph {
  const json = readMolJson(mol);
  const atomRings = json.atomRings;
  const ringOf = new Map<number, Set<number>>();
  atomRings.forEach((ring, r) =>
    ring.forEach((atom) => (ringOf.get(atom) ?? ringOf.set(atom, new Set()).get(atom)!).add(r)),
  );

  const atoms: AtomFeatures[] = json.atoms.map((a, i) => ({
    z: a.z,
    aromatic: json.aromaticAtoms.has(i),
    charge: a.charge,
    totalHs: a.implicitHs,
    degree: 0,
    totalDegree: a.implicitHs,
    inRing: ringOf.has(i),
    isotope: a.isotope,
  }));
  const bonds = json.bonds.map((bond, i) => {
    const { begin: a, end: b } = bond;
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
    return {
      a,
      b,
      order: bond.order >= 1 && bond.order <= 3 ? bond.order : 0,
      aromatic: json.aromaticBonds.has(i),
      inRing,
    };
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
