import type { Mol } from '../rdkit';

export interface LargestFragmentOptions {
  /**
   * Prefer fragments containing carbon over larger inorganic ones. RDKit's LargestFragmentChooser defaults to
   * false, and so does the reference data (NC(N)=O.OO keeps urea because it is larger, not because it is organic).
   */
  preferOrganic?: boolean;
}

interface Candidate {
  index: number;
  atoms: number;
  organic: boolean;
  /** Computed only to break a tie on atom count (rare), since it needs RDKit's descriptor call. */
  exactMw?: number;
  smiles?: string;
}

/**
 * RDKit's LargestFragmentChooser (default options): the fragment with the most atoms counting hydrogens, then the
 * highest exact mass, then the alphabetically first canonical SMILES. Returns a new Mol the caller must delete;
 * `mol` itself is left untouched. Callers can skip this for single-fragment molecules (no '.' in the SMILES).
 */
export function largestFragment(mol: Mol, options: LargestFragmentOptions = {}): Mol {
  const { molList, mappings } = mol.get_frags() as { molList: MolListLike; mappings: string };
  const fragments: Mol[] = [];
  try {
    for (let i = 0; i < molList.size(); i++) {
      const fragment = molList.at(i);
      if (fragment) fragments.push(fragment);
    }
    const sizes = fragmentSizes(mol, JSON.parse(mappings) as { frags: number[] });
    const best = chooseLargest(
      fragments.map((_, index) => ({ index, atoms: sizes[index].atoms, organic: sizes[index].carbon })),
      fragments,
      options.preferOrganic ?? false,
    );
    const chosen = fragments[best];
    fragments.splice(best, 1);
    return chosen;
  } finally {
    for (const fragment of fragments) fragment.delete();
    molList.delete();
  }
}

interface MolListLike {
  size(): number;
  at(i: number): Mol | null;
  delete(): void;
}

function chooseLargest(candidates: Candidate[], fragments: Mol[], preferOrganic: boolean): number {
  let best: Candidate | undefined;
  for (const c of candidates) {
    if (!best) {
      best = c;
      continue;
    }
    if (preferOrganic && best.organic !== c.organic) {
      if (c.organic) best = c;
      continue;
    }
    if (c.atoms !== best.atoms) {
      if (c.atoms > best.atoms) best = c;
      continue;
    }
    const mass = (x: Candidate) => (x.exactMw ??= exactMw(fragments[x.index]));
    if (mass(c) !== mass(best)) {
      if (mass(c) > mass(best)) best = c;
      continue;
    }
    const smiles = (x: Candidate) => (x.smiles ??= fragments[x.index].get_smiles());
    if (smiles(c) < smiles(best)) best = c;
  }
  if (!best) throw new Error('molecule has no fragments');
  return best.index;
}

/**
 * Per fragment: atoms counting each atom plus its implicit and explicit hydrogens (RDKit's default,
 * countHeavyAtomsOnly=false), and whether it contains carbon (RDKit's "organic").
 */
function fragmentSizes(mol: Mol, mapping: { frags: number[] }): Array<{ atoms: number; carbon: boolean }> {
  const json = JSON.parse(mol.get_json()) as {
    defaults: { atom: { z: number; impHs: number } };
    molecules: Array<{ atoms: Array<{ z?: number; impHs?: number }> }>;
  };
  const sizes: Array<{ atoms: number; carbon: boolean }> = [];
  json.molecules[0].atoms.forEach((atom, i) => {
    const size = (sizes[mapping.frags[i]] ??= { atoms: 0, carbon: false });
    size.atoms += 1 + (atom.impHs ?? json.defaults.atom.impHs);
    if ((atom.z ?? json.defaults.atom.z) === 6) size.carbon = true;
  });
  return sizes;
}

function exactMw(fragment: Mol): number {
  return (JSON.parse(fragment.get_descriptors()) as { exactmw: number }).exactmw;
}
