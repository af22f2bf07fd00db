// Worker-thread entry: each thread owns one RDKit WASM instance and its compiled alert catalogs.
import type { InputRecord } from '../records';
import { mapRecordsWithRDKit } from '../rdkit-records';
import { profileRecord, type MoleculeProfile } from '../profile/profile-record';
import { fingerprintRecord, type RecordFingerprint } from '../profile/fingerprint-record';

export function profileBatch(records: InputRecord[]): Promise<MoleculeProfile[]> {
  return mapRecordsWithRDKit(records, profileRecord);
}

export function fingerprintBatch(records: InputRecord[]): Promise<RecordFingerprint[]> {
  return mapRecordsWithRDKit(records, fingerprintRecord);
}
