import {
  describeRDKitFailure,
  loadRDKit,
  molecularDescriptors,
  morganFingerprint,
  parseStructure,
  rdkitDescriptors,
  rdkitNeedsReload,
  standardizeToParent,
  toPropsRow,
  type InputRecord,
} from '@hitscreen/chem';
import type { ApplicabilityDomain } from '@hitscreen/models';
import { countMolecule, emptyCounts, type DriftCounts } from './assess';
import { DRIFT_PROPERTY_NAMES } from './drift-properties';
import type { TrainingReference } from './reference';

type RDKit = Awaited<ReturnType<typeof loadRDKit>>;

/** One record as drift sees it: the properties a screen stores, and the parent's fingerprint for the domain. */
export interface MeasuredMolecule {
  properties: Record<string, number>;
  fingerprint: Uint8Array;
}

/**
 * Properties of the structure as given (the descriptors a screen stores, rounded as its props columns by
 * `toPropsRow`) and the Morgan fingerprint of its standardized parent (what the models and their domain see), or
 * the reason the record is invalid. One parse per record, no alerts or QED: about three times the rate of a full
 * profile.
 */
export function measureRecord(rdkit: RDKit, record: InputRecord): MeasuredMolecule | { error: string } {
  if (record.error) return { error: record.error };
  const parsed = parseStructure(rdkit, record.structure);
  if ('error' in parsed) return { error: parsed.error };
  try {
    const descriptors = molecularDescriptors(parsed.mol, rdkitDescriptors(parsed.mol));
    const { parent } = standardizeToParent(rdkit, parsed.mol);
    let fingerprint: Uint8Array;
    try {
      fingerprint = morganFingerprint(parent);
    } finally {
      parent.delete();
    }
    const row = toPropsRow({
      record: record.record,
      id: record.id,
      input: record.structure,
      fields: {},
      descriptors,
    });
    const properties: Record<string, number> = {};
    for (const name of DRIFT_PROPERTY_NAMES) {
      const value = row[name];
      if (typeof value === 'number') properties[name] = value;
    }
    return { properties, fingerprint };
  } catch (error) {
    return { error: `drift measurement failed: ${describeRDKitFailure(error)}` };
  } finally {
    parsed.mol.delete();
  }
}

export interface LibraryCounts {
  counts: DriftCounts;
  /** Records that could not be read or parsed: counted, skipped. */
  invalid: number;
  /** The first few invalid records with their reasons (for a message, not the full list). */
  invalidExamples: { record: number; id: string; error: string }[];
}

const INVALID_EXAMPLES = 5;

/**
 * Reads a library (any reader's records) and counts it against one model's reference: each valid molecule's
 * properties into the reference's bins, and whether its parent lies outside the model's applicability domain.
 */
export async function measureLibrary(
  records: AsyncIterable<InputRecord> | Iterable<InputRecord>,
  reference: TrainingReference,
  domain: ApplicabilityDomain,
  onRecord?: () => void,
): Promise<LibraryCounts> {
  let rdkit = await loadRDKit();
  const counts = emptyCounts(reference);
  const out: LibraryCounts = { counts, invalid: 0, invalidExamples: [] };
  for await (const record of records) {
    onRecord?.();
    if (rdkitNeedsReload()) rdkit = await loadRDKit();
    const measured = measureRecord(rdkit, record);
    if ('error' in measured) {
      out.invalid++;
      if (out.invalidExamples.length < INVALID_EXAMPLES)
        out.invalidExamples.push({ record: record.record, id: record.id, error: measured.error });
      continue;
    }
    countMolecule(reference, counts, measured.properties, domain.assess(measured.fingerprint).inDomain);
  }
  return out;
}
