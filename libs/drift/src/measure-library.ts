import {
  fingerprintRecord,
  loadRDKit,
  profileRecord,
  rdkitNeedsReload,
  toPropsRow,
  type InputRecord,
} from '@hitscreen/chem';
import type { ApplicabilityDomain } from '@hitscreen/models';
import { countMolecule, emptyCounts, type DriftCounts } from './assess';
import { DRIFT_PROPERTY_NAMES } from './drift-properties';
import type { TrainingReference } from './reference';

/** One record as drift sees it: the properties a screen stores, and the parent's fingerprint for the domain. */
export interface MeasuredMolecule {
  properties: Record<string, number>;
  fingerprint: Uint8Array;
}

/**
 * Properties of the structure as given (`profileRecord`, the screen's properties) and the Morgan fingerprint of
 * its standardized parent (what the models and their domain see), or the reason the record is invalid.
 * RDKit must be loaded.
 */
export function measureRecord(record: InputRecord): MeasuredMolecule | { error: string } {
  const profile = profileRecord(record);
  if (profile.error) return { error: profile.error };
  const fp = fingerprintRecord(record);
  if (!fp.fingerprint) return { error: fp.error ?? 'no fingerprint' };
  const row = toPropsRow(profile);
  const properties: Record<string, number> = {};
  for (const name of DRIFT_PROPERTY_NAMES) {
    const value = row[name];
    if (typeof value === 'number') properties[name] = value;
  }
  return { properties, fingerprint: fp.fingerprint };
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
  await loadRDKit();
  const counts = emptyCounts(reference);
  const out: LibraryCounts = { counts, invalid: 0, invalidExamples: [] };
  for await (const record of records) {
    onRecord?.();
    if (rdkitNeedsReload()) await loadRDKit();
    const measured = measureRecord(record);
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
