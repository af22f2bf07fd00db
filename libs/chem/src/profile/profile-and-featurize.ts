import type { InputRecord } from '../records';
import { describeRDKitFailure, rdkit, type Mol } from '../rdkit';
import {
  parseStructure,
  standardizeToParent,
  type ParseOptions,
  type StandardizedParent,
} from '../standardize';
import { parentFeatures, type RecordFeatures } from './featurize-record';
import { profileValues, type MoleculeProfile } from './profile-record';

export interface ProfiledAndFeaturized {
  profile: MoleculeProfile;
  /** Absent when the profile failed or `featurizeIf` declined. */
  features?: RecordFeatures;
}

/**
 * `profileRecord` and, for a profile that `featurizeIf` accepts, `featurizeRecord`, from one parse and one
 * standardization: the same values as the two calls (the profile describes the structure as given, the features
 * its parent), without parsing and standardizing the record a second time (about 2.5 ms a molecule, a tenth of the
 * screening pipeline with six models: scripts/bench/parse-twice.ts). Every WASM molecule is freed. Never throws:
 * a failure before the profile is complete is the profile's `error`, a failure in the featurization the
 * features' `error`, each with the prefix of the function it stands for. RDKit must be loaded.
 */
export function profileAndFeaturizeRecord(
  input: InputRecord,
  limits: ParseOptions = {},
  featurizeIf: (profile: MoleculeProfile) => boolean = () => true,
): ProfiledAndFeaturized {
  const base = { record: input.record, id: input.id, input: input.structure, fields: input.fields };
  if (input.error) return { profile: { ...base, error: input.error } };
  const parsed = parseStructure(rdkit(), input.structure, limits);
  if ('error' in parsed) return { profile: { ...base, error: parsed.error } };

  let standardized: StandardizedParent | undefined;
  let profile: MoleculeProfile;
  try {
    standardized = standardizeToParent(rdkit(), parsed.mol);
    profile = { ...base, ...profileValues(parsed.mol, standardized) };
  } catch (error) {
    release(standardized?.parent);
    return { profile: { ...base, error: `processing failed: ${describeRDKitFailure(error)}` } };
  } finally {
    release(parsed.mol);
  }

  const { parent, parentSmiles } = standardized;
  const keep = { record: input.record, id: input.id };
  try {
    if (!featurizeIf(profile)) return { profile };
    return { profile, features: { ...keep, ...parentFeatures(parent, parentSmiles) } };
  } catch (error) {
    return { profile, features: { ...keep, error: `featurization failed: ${describeRDKitFailure(error)}` } };
  } finally {
    release(parent);
  }
}

/**
 * Frees a WASM molecule. After a trap the instance's memory is undefined and `delete()` may throw too: that must
 * not replace the record's own reason (the instance is dropped by the next `loadRDKit()`, its memory with it).
 */
function release(mol: Mol | undefined): void {
  try {
    mol?.delete();
  } catch {
    // the instance trapped; see above
  }
}
