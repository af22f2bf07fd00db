import { loadRDKit, using, type RDKitModule } from '../rdkit';
import { ATOM_FEATURE_DIM, BOND_FEATURE_DIM, ENCODING, FEATURIZER_VERSION } from './encoding';
import { featurizeGraph } from './graph-featurizer';

let R: RDKitModule;
beforeAll(async () => {
  R = await loadRDKit();
});

const graphOf = (smiles: string) => using(R.get_mol(smiles)!, featurizeGraph);

/** Index of a one-hot slot: block offsets follow the ENCODING order. */
function slot(block: keyof typeof ENCODING, value: unknown): number {
  const order = ['elements', 'degrees', 'formalCharges', 'totalHs', 'hybridizations', 'chirality'] as const;
  let offset = 0;
  for (const name of order) {
    const vocab = ENCODING[name] as readonly unknown[];
    if (name === block) return offset + (vocab.indexOf(value) === -1 ? vocab.length : vocab.indexOf(value));
    offset += vocab.length + 1;
  }
  throw new Error(`no block ${block}`);
}

describe('graph featurization', () => {
  it('has a version derived from the encoding', () => {
    expect(FEATURIZER_VERSION).toMatch(/^graph-1\.[0-9a-f]{12}$/);
  });

  it('encodes phenol atoms, bonds and a symmetric COO edge index', () => {
    const g = graphOf('Oc1ccccc1');
    expect(g.numAtoms).toBe(7);
    expect(g.numEdges).toBe(14);
    expect(g.atomFeatures.length).toBe(7 * ATOM_FEATURE_DIM);
    expect(g.edgeFeatures.length).toBe(14 * BOND_FEATURE_DIM);
    const oxygen = g.atomFeatures.subarray(0, ATOM_FEATURE_DIM);
    expect(oxygen[slot('elements', 8)]).toBe(1);
    expect(oxygen[slot('degrees', 1)]).toBe(1);
    expect(oxygen[slot('totalHs', 1)]).toBe(1);
    expect(oxygen[slot('hybridizations', 'SP2')]).toBe(1); // RDKit: phenolic O conjugated with the ring
    const aromaticC = g.atomFeatures.subarray(ATOM_FEATURE_DIM, 2 * ATOM_FEATURE_DIM);
    expect(aromaticC[slot('elements', 6)]).toBe(1);
    expect(aromaticC[slot('degrees', 3)]).toBe(1);
    const [aromatic, inRing] = [ATOM_FEATURE_DIM - 3, ATOM_FEATURE_DIM - 2];
    expect(aromaticC[aromatic]).toBe(1);
    expect(aromaticC[inRing]).toBe(1);
    expect(oxygen[aromatic]).toBe(0);
    expect(oxygen[inRing]).toBe(0);
    // every directed edge has its reverse
    const edges = new Set<string>();
    for (let e = 0; e < g.numEdges; e++) edges.add(`${g.edgeIndex[e]}>${g.edgeIndex[g.numEdges + e]}`);
    for (const key of edges) expect(edges.has(key.split('>').reverse().join('>'))).toBe(true);
    // C-O bond is single, conjugated, not in ring; ring bonds are aromatic and in ring
    const bondOf = (e: number) => g.edgeFeatures.subarray(e * BOND_FEATURE_DIM, (e + 1) * BOND_FEATURE_DIM);
    expect(bondOf(0)[0]).toBe(1); // single
    expect(bondOf(0)[BOND_FEATURE_DIM - 2]).toBe(1); // conjugated
    expect(bondOf(0)[BOND_FEATURE_DIM - 1]).toBe(0); // in ring
    expect(bondOf(2)[3]).toBe(1); // aromatic
    expect(bondOf(2)[BOND_FEATURE_DIM - 1]).toBe(1);
  });

  it('encodes charge, chirality and double-bond stereo', () => {
    const g = graphOf('C[C@@H](O)/C=C/[N+](C)(C)C');
    const atom = (i: number) => g.atomFeatures.subarray(i * ATOM_FEATURE_DIM, (i + 1) * ATOM_FEATURE_DIM);
    expect(atom(1)[slot('chirality', 'cw')]).toBe(1);
    expect(atom(1)[slot('hybridizations', 'SP3')]).toBe(1);
    expect(atom(5)[slot('formalCharges', 1)]).toBe(1);
    expect(atom(5)[slot('degrees', 4)]).toBe(1);
    const doubleBond = g.edgeFeatures.subarray(3 * 2 * BOND_FEATURE_DIM, (3 * 2 + 1) * BOND_FEATURE_DIM);
    expect(doubleBond[1]).toBe(1); // double
    expect(doubleBond[5 + 1]).toBe(1); // stereo 'trans' (block starts after 5 bond-order slots)
  });

  it('is deterministic', () => {
    const a = graphOf('CC(=O)Nc1ccc(O)cc1');
    const b = graphOf('CC(=O)Nc1ccc(O)cc1');
    expect(a.atomFeatures).toEqual(b.atomFeatures);
    expect(a.edgeFeatures).toEqual(b.edgeFeatures);
    expect(a.edgeIndex).toEqual(b.edgeIndex);
  });
});
