import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chemDataDir } from '../data-dir';
import { molGraphFor, type MolGraph } from '../alerts/mol-graph';
import { SubstructureCatalog } from '../alerts/substructure-catalog';
import { rdkit, rdkitGeneration, type Mol } from '../rdkit';
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
  strictRotatableBonds: Mol;
}

/**
 * RDKit's Strict rotatable-bond SMARTS (Lipinski.cpp), used only for molecules that keep explicit hydrogens
 * (isotopes such as [2H] survive RemoveHs): RDKit 2022.09, the reference, counts a bond to a CD3 as rotatable,
 * while the current get_descriptors() ignores hydrogens when it counts.
 */
const STRICT_ROTATABLE_SMARTS =
  '[!$(*#*)&!D1&!$(C(F)(F)F)&!$(C(Cl)(Cl)Cl)&!$(C(Br)(Br)Br)&!$(C([CH3])([CH3])[CH3])&!$([CD3](=[N,O,S])-!@[#7,O,S!D1])' +
  '&!$([#7,O,S!D1]-!@[CD3]=[N,O,S])&!$([CD3](=[N+])-!@[#7!D1])&!$([#7!D1]-!@[CD3]=[N+])]-,:;!@' +
  '[!$(*#*)&!D1&!$(C(F)(F)F)&!$(C(Cl)(Cl)Cl)&!$(C(Br)(Br)Br)&!$(C([CH3])([CH3])[CH3])]';

const parameters = JSON.parse(
  readFileSync(join(chemDataDir(), 'qed_parameters.json'), 'utf8'),
) as QedParameterFile;
if (parameters.properties.join() !== QED_PROPERTY_NAMES.join()) {
  throw new Error(`qed_parameters.json: unexpected property order ${parameters.properties.join()}`);
}

let queries: QedQueries | undefined;
let queriesGeneration = -1;

/** Compiled once per thread (and per RDKit instance: see `loadRDKit`); the query molecules are never freed. */
function qedQueries(): QedQueries {
  if (queries && queriesGeneration === rdkitGeneration()) return queries;
  queriesGeneration = rdkitGeneration();
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
      parameters.alert_smarts.map((smarts, i) => ({
        name: `qed_alert_${i}`,
        smarts,
        maxMatches: 0,
        group: 'QED',
      })),
      { mergeHs: false },
    ),
    aliphaticRingAtoms: compile(parameters.aliphatic_rings_smarts),
    strictRotatableBonds: compile(STRICT_ROTATABLE_SMARTS),
  };
  return queries;
}

/** QED's 116 structural alerts as a compiled catalog (exported for tests of its prescreen). */
export function qedAlertCatalog(): SubstructureCatalog {
  return qedQueries().alerts;
}

function matchedAtoms(mol: Mol, qmol: Mol): number[] {
  const parsed = JSON.parse(mol.get_substruct_matches(qmol)) as { atoms: number[] }[] | Record<string, never>;
  return Array.isArray(parsed) ? parsed.map((m) => m.atoms[0]) : [];
}

/**
 * RDKit: len(GetSSSR(DeleteSubstructs(mol, AliphaticRings))). The SSSR size of a graph is its cycle rank,
 * bonds - atoms + connected components, computed here on the atoms that survive the deletion.
 */
function aromaticRingCount(graph: MolGraph, deleted: Set<number>): number {
  const n = graph.atoms.length;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const atoms = n - deleted.size;
  let components = atoms;
  let bonds = 0;
  for (const { a, b } of graph.bonds) {
    if (deleted.has(a) || deleted.has(b)) continue;
    bonds++;
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) {
      parent[ra] = rb;
      components--;
    }
  }
  return bonds - atoms + components;
}

/** get_descriptors' NumRotatableBonds is RDKit's default definition, the Strict one QED asks for. */
function rotatableBonds(mol: Mol, d: RDKitDescriptors, q: QedQueries): number {
  if (mol.get_num_atoms() === d.NumHeavyAtoms) return d.NumRotatableBonds;
  return matchedAtoms(mol, q.strictRotatableBonds).length;
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
    ROTB: rotatableBonds(mol, d, q),
    AROM: aromaticRingCount(molGraphFor(mol, patternFp), new Set(matchedAtoms(mol, q.aliphaticRingAtoms))),
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
