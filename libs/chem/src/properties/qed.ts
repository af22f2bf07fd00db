import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chemDataDir } from '../alerts/data-dir';
import { SubstructureCatalog } from '../alerts/substructure-catalog';
import { rdkit, type Mol } from '../rdkit';
import type { RDKitDescriptors } from './rdkit-descriptors';

/**
 * QED (Bickerton et al. 2012) as RDKit's rdkit.Chem.QED computes it with the mean weights; the parameters and the
 * exact property rules are in libs/chem/data/qed_parameters.json.
 */

type AdsParameters = Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'DMAX', number>;

export const QED_PROPERTY_NAMES = ['MW', 'ALOGP', 'HBA', 'HBD', 'PSA', 'ROTB', 'AROM', 'ALERTS'] as const;
export type QedPropertyName = (typeof QED_PROPERTY_NAMES)[number];
export type QedProperties = Record<QedPropertyName, number>;

interface QedParameterFile {
  properties: QedPropertyName[];
  ads_parameters: Record<QedPropertyName, AdsParameters>;
  weight_mean: number[];
  acceptor_smarts: string[];
  alert_smarts: string[];
  aliphatic_rings_smarts: string;
}

interface QedQueries {
  /**
   * The 11 acceptor SMARTS OR-ed into one single-atom query. RDKit sums the match counts of each pattern; the
   * patterns are single atoms and mutually exclusive (they differ in element, aromaticity, H count, degree or
   * valence), so the atoms matching the union are exactly that sum, for one WASM call instead of eleven.
   */
  acceptors: Mol;
  alerts: SubstructureCatalog;
  aliphaticRingAtoms: Mol;
}

const parameters = JSON.parse(readFileSync(join(chemDataDir(), 'qed_parameters.json'), 'utf8')) as QedParameterFile;
if (parameters.properties.join() !== QED_PROPERTY_NAMES.join()) {
  throw new Error(`qed_parameters.json: unexpected property order ${parameters.properties.join()}`);
}

let queries: QedQueries | undefined;

/** Compiled once per thread; the query molecules live for the process lifetime. */
function qedQueries(): QedQueries {
  if (queries) return queries;
  const rd = rdkit();
  const compile = (smarts: string): Mol => {
    const qmol = rd.get_qmol(smarts);
    if (!qmol) throw new Error(`qed: cannot parse SMARTS ${smarts}`);
    return qmol;
  };
  queries = {
    acceptors: compile(`[${parameters.acceptor_smarts.map((s) => `$(${s})`).join(',')}]`),
    // QED's alerts are plain Chem.MolFromSmarts patterns in RDKit: no query-H merging.
    alerts: SubstructureCatalog.compile(
      rd,
      parameters.alert_smarts.map((smarts, i) => ({ name: `qed_alert_${i}`, smarts, maxMatches: 0, group: 'QED' })),
      { mergeHs: false },
    ),
    aliphaticRingAtoms: compile(parameters.aliphatic_rings_smarts),
  };
  return queries;
}

function matchedAtoms(mol: Mol, qmol: Mol): number[] {
  const parsed = JSON.parse(mol.get_substruct_matches(qmol)) as { atoms: number[] }[] | Record<string, never>;
  return Array.isArray(parsed) ? parsed.map((m) => m.atoms[0]) : [];
}

interface GraphJson {
  molecules: { atoms: unknown[]; bonds?: { atoms: [number, number] }[] }[];
}

/**
 * RDKit: len(GetSSSR(DeleteSubstructs(mol, AliphaticRings))). The SSSR size of a graph is its cycle rank,
 * bonds - atoms + connected components, computed here on the atoms that survive the deletion.
 */
function aromaticRingCount(mol: Mol, deleted: Set<number>): number {
  const molecule = (JSON.parse(mol.get_json()) as GraphJson).molecules[0];
  const n = molecule.atoms.length;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  let atoms = n - deleted.size;
  let components = atoms;
  let bonds = 0;
  for (const bond of molecule.bonds ?? []) {
    const [a, b] = bond.atoms;
    if (deleted.has(a) || deleted.has(b)) continue;
    bonds++;
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) {
      parent[ra] = rb;
      components--;
    }
  }
  if (atoms === 0) atoms = components = 0;
  return bonds - atoms + components;
}

/** The eight QED properties; `d` and `patternFp` are computed once per molecule by the caller. */
export function qedProperties(mol: Mol, d: RDKitDescriptors, patternFp: Uint8Array): QedProperties {
  const q = qedQueries();
  return {
    MW: d.amw,
    ALOGP: d.CrippenClogP,
    HBA: matchedAtoms(mol, q.acceptors).length,
    HBD: d.NumHBD,
    PSA: d.tpsa,
    // get_descriptors' NumRotatableBonds is RDKit's default definition, which is the Strict one QED asks for.
    ROTB: d.NumRotatableBonds,
    AROM: aromaticRingCount(mol, new Set(matchedAtoms(mol, q.aliphaticRingAtoms))),
    ALERTS: q.alerts.countMatching(mol, patternFp),
  };
}

/** Asymmetric double sigmoid, normalised by its maximum. */
export function ads(x: number, p: AdsParameters): number {
  const exp1 = 1 + Math.exp(-(x - p.C + p.D / 2) / p.E);
  const exp2 = 1 + Math.exp(-(x - p.C - p.D / 2) / p.F);
  return (p.A + (p.B / exp1) * (1 - 1 / exp2)) / p.DMAX;
}

/** QED from precomputed properties: exp(sum(w_i ln d_i) / sum(w_i)) with the mean weights. */
export function qedFromProperties(props: QedProperties): number {
  let t = 0;
  let wSum = 0;
  QED_PROPERTY_NAMES.forEach((name, i) => {
    const w = parameters.weight_mean[i];
    t += w * Math.log(ads(props[name], parameters.ads_parameters[name]));
    wSum += w;
  });
  return Math.exp(t / wSum);
}

/**
 * QED of `mol` (hydrogens implicit, as RDKit's QED works after RemoveHs; molecules from get_mol already are).
 * Requires RDKit loaded (`await loadRDKit()`).
 */
export function qed(mol: Mol, d: RDKitDescriptors, patternFp: Uint8Array): number {
  return qedFromProperties(qedProperties(mol, d, patternFp));
}
