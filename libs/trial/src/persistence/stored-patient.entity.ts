import { EntitySchema } from '@hitscreen/db';

/**
 * One ingested patient of a patient set: the pseudonymous id, the site matched at ingest and the minimized
 * facts (`StoredPatient` JSON: sex, age at asOf, race, ethnicity, the facts the trial's criteria read). No name,
 * address, birth date or source id. `seq` keeps the upload's order (and duplicates, as the CLI counts them).
 */
export interface StoredPatientRecord {
  patientSetId: string;
  seq: number;
  pid: string;
  facts: string;
}

export const StoredPatientEntity = new EntitySchema<StoredPatientRecord>({
  name: 'TrialPatient',
  tableName: 'trial_patient',
  columns: {
    patientSetId: { type: 'varchar', length: 36, primary: true, name: 'patient_set_id' },
    seq: { type: 'integer', primary: true },
    pid: { type: 'varchar', length: 64 },
    facts: { type: 'text' },
  },
});
