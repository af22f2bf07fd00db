import { rdkit, using, type Mol } from '../rdkit';
import { ATOM_FEATURE_DIM, BOND_FEATURE_DIM, ENCODING, FEATURIZER_VERSION, writeOneHot } from './encoding';
import { readMolJson, type JsonBond, type MolJson } from '../mol-json';

/**
 * A molecule as tensors for a message-passing network, laid out as ONNX wants them: row-major float32 features,
 * int64 COO edge index (row 0 sources, row 1 targets). Every bond appears as two directed edges (2k, 2k+1).
 */
export interface GraphTensors {
  version: string;
  numAtoms: number;
  numEdges: number;
  atomFeatures: Float32Array;
  edgeIndex: BigInt64Array;
  edgeFeatures: Float32Array;
}

/** Standard atomic weights of the vocabulary's elements; others use 2·Z, close enough for a scaled feature. */
const ATOMIC_MASS: Record<number, number> = {
  1: 1.008,
  5: 10.81,
  6: 12.011,
  7: 14.007,
  8: 15.999,
  9: 18.998,
  11: 22.99,
  14: 28.085,
  15: 30.974,
  16: 32.06,
  17: 35.45,
  19: 39.098,
  34: 78.971,
  35: 79.904,
  53: 126.904,
};

/** Hybridization comes from RDKit's own perception through SMARTS `^n` primitives (not exposed otherwise). */
const HYBRIDIZATION_SMARTS: [string, string][] = [
  ['SP', '[^1]'],
  ['SP2', '[^2]'],
  ['SP3', '[^3]'],
  ['SP3D', '[^4]'],
  ['SP3D2', '[^5]'],
];

function hybridizations(mol: Mol, numAtoms: number): string[] {
  const result = new Array<string>(numAtoms).fill('OTHER');
  for (const [name, smarts] of HYBRIDIZATION_SMARTS) {
    const query = rdkit().get_qmol(smarts);
    if (!query) continue;
    using(query, (q) => {
      const matches = JSON.parse(mol.get_substruct_matches(q)) as
        { atoms: number[] }[] | Record<string, never>;
      if (Array.isArray(matches)) for (const m of matches) result[m.atoms[0]] = name;
    });
  }
  return result;
}

function ringMembership(graph: MolJson): { atoms: Set<number>; bonds: Set<string> } {
  const atoms = new Set<number>();
  const bonds = new Set<string>();
  for (const ring of graph.atomRings) {
    ring.forEach((atom, i) => {
      atoms.add(atom);
      bonds.add(bondKey(atom, ring[(i + 1) % ring.length]));
    });
  }
  return { atoms, bonds };
}

function bondKey(a: number, b: number): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

/**
 * Conjugation, defined here because the WASM API does not expose RDKit's flag: aromatic bonds; single bonds
 * joining two atoms that are each unsaturated or a lone-pair heteroatom (not both lone pairs); multiple bonds
 * touching such a conjugated single bond. Part of the versioned encoding, so training and serving agree.
 */
function conjugatedBonds(graph: MolJson, degree: number[]): boolean[] {
  const n = graph.atoms.length;
  const unsaturated = new Array<boolean>(n).fill(false);
  graph.bonds.forEach((b, i) => {
    if (b.order > 1 || graph.aromaticBonds.has(i)) unsaturated[b.begin] = unsaturated[b.end] = true;
  });
  const lonePair = graph.atoms.map((a, i) => {
    if (unsaturated[i] || a.charge > 0) return false;
    const valence = degree[i] + a.implicitHs;
    return (a.z === 7 && valence <= 3) || ((a.z === 8 || a.z === 16) && valence <= 2);
  });
  const donorOrAcceptor = (i: number) => unsaturated[i] || lonePair[i];
  const isMultiple = (b: JsonBond, i: number) => b.order > 1 || graph.aromaticBonds.has(i);
  const conjugated = graph.bonds.map(
    (b, i) =>
      graph.aromaticBonds.has(i) ||
      (!isMultiple(b, i) &&
        donorOrAcceptor(b.begin) &&
        donorOrAcceptor(b.end) &&
        !(lonePair[b.begin] && lonePair[b.end])),
  );
  const touchesConjugatedSingle = new Array<boolean>(n).fill(false);
  graph.bonds.forEach((b, i) => {
    if (conjugated[i] && !isMultiple(b, i))
      touchesConjugatedSingle[b.begin] = touchesConjugatedSingle[b.end] = true;
  });
  return graph.bonds.map(
    (b, i) =>
      conjugated[i] ||
      (isMultiple(b, i) && (touchesConjugatedSingle[b.begin] || touchesConjugatedSingle[b.end])),
  );
}

/** Featurizes one molecule (as parsed; Hs implicit). Pure function of the structure and ENCODING. */
export function featurizeGraph(mol: Mol): GraphTensors {
  const graph = readMolJson(mol);
  const numAtoms = graph.atoms.length;
  const degree = new Array<number>(numAtoms).fill(0);
  const explicitHNeighbours = new Array<number>(numAtoms).fill(0);
  for (const b of graph.bonds) {
    degree[b.begin]++;
    degree[b.end]++;
    if (graph.atoms[b.end].z === 1) explicitHNeighbours[b.begin]++;
    if (graph.atoms[b.begin].z === 1) explicitHNeighbours[b.end]++;
  }
  const hybrid = hybridizations(mol, numAtoms);
  const rings = ringMembership(graph);

  const atomFeatures = new Float32Array(numAtoms * ATOM_FEATURE_DIM);
  graph.atoms.forEach((atom, i) => {
    let o = i * ATOM_FEATURE_DIM;
    o = writeOneHot(atomFeatures, o, ENCODING.elements, atom.z as (typeof ENCODING.elements)[number]);
    o = writeOneHot(atomFeatures, o, ENCODING.degrees, degree[i] as (typeof ENCODING.degrees)[number]);
    o = writeOneHot(
      atomFeatures,
      o,
      ENCODING.formalCharges,
      atom.charge as (typeof ENCODING.formalCharges)[number],
    );
    const hs = atom.implicitHs + explicitHNeighbours[i];
    o = writeOneHot(atomFeatures, o, ENCODING.totalHs, hs as (typeof ENCODING.totalHs)[number]);
    o = writeOneHot(
      atomFeatures,
      o,
      ENCODING.hybridizations,
      hybrid[i] as (typeof ENCODING.hybridizations)[number],
    );
    o = writeOneHot(atomFeatures, o, ENCODING.chirality, atom.stereo as (typeof ENCODING.chirality)[number]);
    atomFeatures[o++] = graph.aromaticAtoms.has(i) ? 1 : 0;
    atomFeatures[o++] = rings.atoms.has(i) ? 1 : 0;
    atomFeatures[o] = (ATOMIC_MASS[atom.z] ?? 2 * atom.z) / 100;
  });

  const conjugated = conjugatedBonds(graph, degree);
  const numEdges = graph.bonds.length * 2;
  const edgeIndex = new BigInt64Array(2 * numEdges);
  const edgeFeatures = new Float32Array(numEdges * BOND_FEATURE_DIM);
  graph.bonds.forEach((bond, i) => {
    const order = graph.aromaticBonds.has(i)
      ? 'aromatic'
      : (['single', 'double', 'triple'][bond.order - 1] ?? 'other');
    const features = new Float32Array(BOND_FEATURE_DIM);
    let o = writeOneHot(features, 0, ENCODING.bondOrders, order as (typeof ENCODING.bondOrders)[number]);
    o = writeOneHot(features, o, ENCODING.bondStereo, bond.stereo as (typeof ENCODING.bondStereo)[number]);
    features[o++] = conjugated[i] ? 1 : 0;
    features[o] = rings.bonds.has(bondKey(bond.begin, bond.end)) ? 1 : 0;
    for (const [edge, from, to] of [
      [2 * i, bond.begin, bond.end],
      [2 * i + 1, bond.end, bond.begin],
    ]) {
      edgeIndex[edge] = BigInt(from);
      edgeIndex[numEdges + edge] = BigInt(to);
      edgeFeatures.set(features, edge * BOND_FEATURE_DIM);
    }
  });
  return { version: FEATURIZER_VERSION, numAtoms, numEdges, atomFeatures, edgeIndex, edgeFeatures };
}
