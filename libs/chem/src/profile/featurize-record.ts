import type { InputRecord } from '../records';
import { loadRDKit, type Mol } from '../rdkit';
import { morganFingerprint } from '../fingerprints/morgan';
import { featurizeGraph, type GraphTensors } from '../featurize/graph-featurizer';
import type { ParseOptions } from '../standardize';
import { withParent } from './with-parent';

/**
 * What the models need of one record: the graph tensors and the Morgan fingerprint of its standardized parent.
 * The models were trained on parents (`models/FORMAT.md`), so a salt is scored as its drug, exactly as in training.
 */
export interface RecordFeatures {
  record: number;
  id: string;
  /** Canonical SMILES of the parent that was featurized; absent when the record failed. */
  parentSmiles?: string;
  /** Graph tensors of the parent (`featurizeGraph`); absent when the record failed. */
  graph?: GraphTensors;
  /** Morgan r2 2048-bit fingerprint of the parent, packed (the applicability-domain query). */
  fingerprint?: Uint8Array;
  error?: string;
}

/**
 * Parent graph tensors + parent fingerprint of one record, in one parse and one standardization (the two share
 * the parent, so computing them together halves the RDKit work). Never throws: failures come back as `error`.
 * RDKit must be loaded (`await loadRDKit()`), as for `profileRecord`.
 */
export function featurizeRecord(input: InputRecord, limits: ParseOptions = {}): RecordFeatures {
  return withParent(input, 'featurization', parentFeatures, limits);
}

/** What the models need of a standardized parent; may throw what RDKit throws. */
export function parentFeatures(
  parent: Mol,
  parentSmiles: string,
): Required<Pick<RecordFeatures, 'parentSmiles' | 'graph' | 'fingerprint'>> {
  return { parentSmiles, graph: featurizeGraph(parent), fingerprint: morganFingerprint(parent) };
}

/** `featurizeRecord` for a single structure (SMILES or molblock); loads RDKit when needed. */
export async function featurizeStructure(structure: string, id = 'query'): Promise<RecordFeatures> {
  await loadRDKit();
  return featurizeRecord({ record: 1, id, structure, fields: {} });
}
