import type { InputRecord } from '../records';
import { describeRDKitFailure, rdkit, using, type Mol } from '../rdkit';
import {
  parseStructure,
  standardizeToParent,
  type ParseOptions,
  type StandardizedParent,
} from '../standardize';
import {
  lipinskiViolations,
  molecularDescriptors,
  qed,
  rdkitDescriptors,
  veberPass,
  type Descriptors,
} from '../properties';
import { findStructuralAlerts, type StructuralAlert } from '../alerts';

/** Everything `props` knows about one record. Plain data: it crosses worker-thread boundaries as is. */
export interface MoleculeProfile {
  record: number;
  id: string;
  /** The structure as given (SMILES, or the SDF molblock). */
  input: string;
  fields: Record<string, string>;
  parentSmiles?: string;
  inchikey?: string;
  descriptors?: Descriptors;
  qed?: number;
  lipinskiViolations?: number;
  veberPass?: boolean;
  alerts?: StructuralAlert[];
  /** Why this record has no values: the reader's or RDKit's reason. */
  error?: string;
}

/**
 * Parse → standardize (parent SMILES and InChIKey, the dedupe key) → descriptors, QED, rules and alerts of the
 * structure as given, exactly as RDKit's own descriptor and FilterCatalog code would see it (so `props` agrees
 * with RDKit's C++ core column for column). Never throws: any failure, including an exception from inside
 * RDKit, becomes this record's `error` (after a WebAssembly trap, await `loadRDKit()` before the next record).
 * `limits`: the heavy-atom and length limits of `parseStructure`.
 */
export function profileRecord(input: InputRecord, limits: ParseOptions = {}): MoleculeProfile {
  const base: MoleculeProfile = {
    record: input.record,
    id: input.id,
    input: input.structure,
    fields: input.fields,
  };
  if (input.error) return { ...base, error: input.error };
  const parsed = parseStructure(rdkit(), input.structure, limits);
  if ('error' in parsed) return { ...base, error: parsed.error };
  try {
    return using(parsed.mol, (mol) => {
      const standardized = standardizeToParent(rdkit(), mol);
      standardized.parent.delete();
      return { ...base, ...profileValues(mol, standardized) };
    });
  } catch (error) {
    return { ...base, error: `processing failed: ${describeRDKitFailure(error)}` };
  }
}

/** The profile's values of a parsed molecule and its parent's names; may throw what RDKit throws. */
export function profileValues(
  mol: Mol,
  standardized: Pick<StandardizedParent, 'parentSmiles' | 'inchikey'>,
): Omit<MoleculeProfile, 'record' | 'id' | 'input' | 'fields' | 'error'> {
  const raw = rdkitDescriptors(mol);
  const descriptors = molecularDescriptors(mol, raw);
  // One pattern fingerprint serves every alert and QED query as a substructure prescreen.
  const patternFp = mol.get_pattern_fp_as_uint8array() as Uint8Array;
  return {
    parentSmiles: standardized.parentSmiles,
    inchikey: standardized.inchikey,
    descriptors,
    qed: qed(mol, raw, patternFp),
    lipinskiViolations: lipinskiViolations(descriptors),
    veberPass: veberPass(descriptors),
    alerts: findStructuralAlerts(mol, patternFp),
  };
}
