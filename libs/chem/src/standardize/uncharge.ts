import type { ChargeAtom, ChargeGraph } from './charge-graph';

/**
 * RDKit's MolStandardize Uncharger (Code/GraphMol/MolStandardize/Charge.cpp, default options: no force, not
 * protonation-only, canonical ordering) re-implemented over a plain molecular graph, because the WebAssembly API
 * exposes no standardizer. It neutralizes charges by adding or removing hydrogens, but leaves as many negative
 * charges as there are positive charges it cannot remove (quaternary N, metal cations), so zwitterions stay
 * balanced: C[N+](C)(C)CC(=O)[O-] is left alone, [O-]C(=O)CC[NH3+] becomes OC(=O)CCN.
 *
 * The SMARTS RDKit uses are evaluated directly on the graph:
 *   pos_h    [+,+2,+3,+4;!h0;!$(*~[-]),$(*(~[-])~[-])]
 *   pos_noh  [+,+2,+3,+4;h0;!$(*~[-])]
 *   neg      [-!$(*~[+,+2,+3,+4])]
 *   neg_acid carboxylate/sulfonate-like, nitrate/phosphate-like, (per)halate, tetrazolide (see isNegAcid).
 */

export interface ChargeEdit {
  hydrogens: number;
  charge: number;
}

export interface UnchargeOptions {
  /**
   * Rank of each atom, used where RDKit orders candidate sites by canonical atom rank (only matters when some
   * but not all negative sites are to be neutralized). Defaults to atom index order.
   */
  ranks?: readonly number[];
}

/** The charge and H count changes that neutralize `graph`; empty when nothing changes. */
export function unchargeEdits(graph: ChargeGraph, options: UnchargeOptions = {}): Map<number, ChargeEdit> {
  const { atoms, neighbors } = graph;
  // Work on copies: RDKit updates atoms as it goes and later steps read the updated charges.
  const state = atoms.map((a) => ({ ...a }));
  const adjacentMinusOne = (i: number) => neighbors[i].filter((n) => atoms[n.atom].charge === -1).length;
  const isPositive = (a: ChargeAtom) => a.charge >= 1 && a.charge <= 4;

  const posH: number[] = [];
  const negAtoms: number[] = [];
  const acidAtoms: number[] = [];
  let unremovablePositive = 0;
  atoms.forEach((a, i) => {
    if (isPositive(a)) {
      const minusNeighbors = adjacentMinusOne(i);
      if (a.hydrogens > 0 && (minusNeighbors === 0 || minusNeighbors >= 2)) {
        posH.push(i);
        if (!canRemovePositive(a)) unremovablePositive += a.charge;
      }
      if (a.hydrogens === 0 && minusNeighbors === 0) unremovablePositive += a.charge;
    }
    if (a.charge === -1) {
      if (!neighbors[i].some((n) => isPositive(atoms[n.atom]))) negAtoms.push(i);
      if (isNegAcid(graph, i)) acidAtoms.push(i);
    }
  });

  const needsNeutralization = unremovablePositive > 0 && (negAtoms.length > 0 || acidAtoms.length > 0);
  const rank = (i: number) => (needsNeutralization && options.ranks ? options.ranks[i] : i);
  const byRank = (x: number, y: number) => rank(x) - rank(y) || x - y;
  negAtoms.sort(byRank);
  acidAtoms.sort(byRank);

  // Plain anions first, then acid anions; an acid anion bonded to a cation of its own group (NO3-: one O- is
  // balanced by the N+) is skipped once per unit of that cation's charge.
  const acidSet = new Set(acidAtoms);
  const sites = negAtoms.filter((i) => !acidSet.has(i));
  const skipped = new Array<number>(atoms.length).fill(0);
  for (const i of acidAtoms) {
    const cation = neighbors[i].find((n) => atoms[n.atom].charge > 0);
    if (cation && skipped[cation.atom] < atoms[cation.atom].charge) {
      skipped[cation.atom] += 1;
      skipped[i] = 1;
    }
  }
  sites.push(...acidAtoms.filter((i) => !skipped[i]));

  // RDKit tests `if (neg_surplus)` and stops when the count reaches zero, so a negative surplus (more fixed
  // cations than anion sites) neutralizes every site it can.
  let surplus = sites.length - unremovablePositive;
  if (surplus !== 0) {
    for (const i of sites) {
      if (removeNegativeIfPossible(state[i], valenceOf(graph, state, i)) && --surplus === 0) break;
    }
  }

  let netCharge = state.reduce((sum, a) => sum + a.charge, 0);
  if (netCharge > 0) {
    for (const i of posH) {
      while (state[i].charge > 0 && netCharge > 0) {
        if (!removePositiveIfPossible(state[i])) break;
        netCharge -= 1;
      }
      if (netCharge === 0) break;
    }
  }

  const edits = new Map<number, ChargeEdit>();
  state.forEach((a, i) => {
    if (a.charge !== atoms[i].charge || a.hydrogens !== atoms[i].hydrogens) {
      edits.set(i, { hydrogens: a.hydrogens, charge: a.charge });
    }
  });
  return edits;
}

/** Sum of (Kekulé) bond orders plus hydrogens: RDKit's total valence of the atom. */
function valenceOf(graph: ChargeGraph, state: ChargeAtom[], i: number): number {
  return graph.neighbors[i].reduce((sum, n) => sum + n.order, 0) + state[i].hydrogens;
}

/** Elements left of carbon (RDKit's isEarlyAtom): they lose a charge by gaining or losing H the other way. */
const EARLY_ATOMS = new Set([
  3, 4, 5, 11, 12, 13, 19, 20, 21, 22, 30, 31, 32, 37, 38, 39, 40, 41, 48, 49, 50, 51, 55, 56, 57, 58, 59, 60,
  61, 72, 73, 80, 81, 82, 83, 87, 88, 89, 90, 91, 92, 93,
]);

/** RDKit's allowed valences of the neutral element; elements not listed accept any valence up to 20. */
const VALENCES: Record<number, number[]> = {
  1: [1],
  3: [1],
  4: [2],
  5: [3],
  6: [4],
  7: [3],
  8: [2],
  9: [1],
  11: [1],
  12: [2],
  13: [3, 6],
  14: [4, 6],
  15: [3, 5, 7],
  16: [2, 4, 6],
  17: [1],
  19: [1],
  20: [2],
  33: [3, 5, 7],
  34: [2, 4, 6],
  35: [1],
  52: [2, 4, 6],
  53: [1, 3, 5],
};

function canAdjustValence(z: number, valence: number, delta: number): boolean {
  if (delta === 0) return false;
  const target = valence + delta;
  if (target < 0) return false;
  const allowed = VALENCES[z];
  return allowed ? allowed.includes(target) : target <= 20;
}

function removeNegativeIfPossible(atom: ChargeAtom, valence: number): boolean {
  const early = EARLY_ATOMS.has(atom.z);
  // An early atom (B in BH4-) loses a hydride; any other atom gains a proton.
  const delta = early ? (atom.hydrogens > 0 ? -1 : 0) : 1;
  if (!canAdjustValence(atom.z, valence, delta)) return false;
  atom.hydrogens += delta;
  atom.charge += 1;
  return true;
}

function canRemovePositive(atom: ChargeAtom): boolean {
  return atom.z === 6 || EARLY_ATOMS.has(atom.z) || atom.hydrogens > 0;
}

function removePositiveIfPossible(atom: ChargeAtom): boolean {
  if (!canRemovePositive(atom)) return false;
  // A carbocation (or early-atom cation) gains a hydride; an onium loses a proton.
  atom.hydrogens += atom.z === 6 || EARLY_ATOMS.has(atom.z) ? 1 : -1;
  atom.charge -= 1;
  return true;
}

const isAliphaticOS = (a: ChargeAtom) => !a.aromatic && (a.z === 8 || a.z === 16);
const singleOrAromatic = (n: { order: number; aromatic: boolean }) => n.aromatic || n.order === 1;
const isDouble = (n: { order: number; aromatic: boolean }) => !n.aromatic && n.order === 2;

/** neg_acid: the anion of an oxo/thio acid or a tetrazole, which RDKit neutralizes after plain anions. */
function isNegAcid(graph: ChargeGraph, i: number): boolean {
  const { atoms, neighbors } = graph;
  const a = atoms[i];
  if (a.charge !== -1) return false;
  if (isAliphaticOS(a)) {
    for (const n of neighbors[i]) {
      if (!singleOrAromatic(n)) continue;
      const center = atoms[n.atom];
      if (center.aromatic) continue;
      const others = neighbors[n.atom].filter((m) => m.atom !== i);
      const doubleOS = others.filter((m) => isDouble(m) && isAliphaticOS(atoms[m.atom]));
      // $([O,S;-][C,S;+0]=[O,S]): carboxylate, carbonate, sulfonate, sulfinate and thio analogues.
      if ((center.z === 6 || center.z === 16) && center.charge === 0 && doubleOS.length > 0) return true;
      // $([O,S;-][N,P;+](=[O,S])[O,S;-]): nitrate, phosphonate-like and thio analogues.
      if ((center.z === 7 || center.z === 15) && center.charge === 1) {
        const anion = (m: (typeof others)[number]) =>
          singleOrAromatic(m) && isAliphaticOS(atoms[m.atom]) && atoms[m.atom].charge === -1;
        if (doubleOS.some((d) => others.some((m) => m.atom !== d.atom && anion(m)))) return true;
      }
      // $([O-][Cl,Br,I;+,+2,+3][O-]): halites, halates, perhalates.
      if (a.z === 8 && [17, 35, 53].includes(center.z) && center.charge >= 1 && center.charge <= 3) {
        if (
          others.some(
            (m) =>
              singleOrAromatic(m) &&
              atoms[m.atom].z === 8 &&
              !atoms[m.atom].aromatic &&
              atoms[m.atom].charge === -1,
          )
        ) {
          return true;
        }
      }
    }
    return false;
  }
  // $([n-]1nnnc1),$([n-]1ncnn1): tetrazolide, as an aromatic five-ring read from the charged N.
  if (a.z === 7 && a.aromatic) {
    for (const ring of graph.rings) {
      if (ring.length !== 5 || !ring.includes(i)) continue;
      if (!ring.every((r) => atoms[r].aromatic)) continue;
      const start = ring.indexOf(i);
      const walk = [1, 2, 3, 4].map((k) => atoms[ring[(start + k) % 5]].z);
      const fwd = walk.join(',');
      const rev = [...walk].reverse().join(',');
      if ([fwd, rev].some((s) => s === '7,7,7,6' || s === '7,6,7,7')) return true;
    }
  }
  return false;
}
