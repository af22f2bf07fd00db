import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Ethnicity, IngestIssue, PatientRecord, Race } from '../patient.types';
import { SYSTEMS } from '../patient.types';
import type { Pseudonymizer } from '../pseudonym';
import type { Sex } from '../trial.types';
import { readCsvRows, type CsvRow } from './csv-rows';
import { parseFhirDate } from './fhir-resources';

export interface CsvReadContext {
  pseudonymizer: Pseudonymizer;
  onIssue: (issue: IngestIssue) => void;
  organizations: Map<string, string>;
}

const RACES: Record<string, Race> = {
  white: 'white',
  black: 'black',
  asian: 'asian',
  native: 'native',
  hawaiian: 'pacific',
  other: 'other',
};

/**
 * A Synthea CSV export folder (patients.csv required; conditions, observations, medications, encounters and
 * organizations read when present). The tables are sorted by date, not by patient, so this reader holds every
 * patient's facts in memory (the compact PatientRecord, no names or addresses) and yields them at the end:
 * memory grows with the data, unlike the FHIR readers. Source patient ids are the join key only while reading.
 */
export async function* readSyntheaCsvFolder(dir: string, ctx: CsvReadContext): AsyncGenerator<PatientRecord> {
  const bySource = new Map<string, PatientRecord>();
  const issue = (file: string, row: CsvRow, reason: string) => ctx.onIssue({ file, line: row.line, reason });

  if (existsSync(join(dir, 'organizations.csv'))) {
    for await (const row of readCsvRows(join(dir, 'organizations.csv'))) {
      const id = row.get('Id');
      const name = row.get('NAME');
      if (id && name) ctx.organizations.set(id, name);
    }
  }

  for await (const row of readCsvRows(join(dir, 'patients.csv'))) {
    const id = row.get('Id');
    if (!id) {
      issue('patients.csv', row, 'Id is empty');
      continue;
    }
    const birthDate = csvDate(row.get('BIRTHDATE'));
    const deathDate = csvDate(row.get('DEATHDATE'));
    if (Number.isNaN(birthDate) || Number.isNaN(deathDate)) {
      issue('patients.csv', row, 'BIRTHDATE or DEATHDATE is not a date');
      continue;
    }
    bySource.set(id, {
      pid: ctx.pseudonymizer.patientId('patient', id),
      sex: sexOf(row.get('GENDER')),
      birthDate,
      deathDate,
      city: row.get('CITY') || undefined,
      state: row.get('STATE') || undefined,
      postalCode: row.get('ZIP') || undefined,
      race: RACES[(row.get('RACE') ?? '').toLowerCase()] ?? 'unknown',
      ethnicity: ethnicityOf(row.get('ETHNICITY')),
      conditions: [],
      observations: [],
      medications: [],
    });
  }

  const table = async (file: string, use: (record: PatientRecord, row: CsvRow) => string | undefined) => {
    if (!existsSync(join(dir, file))) return;
    for await (const row of readCsvRows(join(dir, file))) {
      const record = bySource.get(row.get('PATIENT') ?? '');
      if (!record) {
        issue(file, row, 'PATIENT is not in patients.csv');
        continue;
      }
      const reason = use(record, row);
      if (reason) issue(file, row, reason);
    }
  };

  await table('conditions.csv', (record, row) => {
    const code = row.get('CODE');
    const onset = csvDate(row.get('START'));
    const abatement = csvDate(row.get('STOP'));
    if (!code) return 'CODE is empty';
    if (Number.isNaN(onset) || Number.isNaN(abatement)) return 'START or STOP is not a date';
    // Synthea ≥ 3 writes SNOMED CT here; a SYSTEM column (later versions) names it explicitly.
    record.conditions.push({ system: systemOf(row.get('SYSTEM'), SYSTEMS.snomed), code, onset, abatement });
    return undefined;
  });
  await table('observations.csv', (record, row) => {
    const code = row.get('CODE');
    const date = csvDate(row.get('DATE'));
    if (!code) return 'CODE is empty';
    if (date === undefined || Number.isNaN(date)) return 'DATE is missing or not a date';
    const type = row.get('TYPE');
    const raw = row.get('VALUE');
    let value: number | undefined;
    if (type === undefined || type === 'numeric') {
      value = raw === undefined || raw === '' ? undefined : Number(raw);
      if (value !== undefined && !Number.isFinite(value))
        return `VALUE ${JSON.stringify(raw)} is not a number`;
    }
    record.observations.push({
      system: SYSTEMS.loinc,
      code,
      value,
      unit: row.get('UNITS') || undefined,
      date,
    });
    return undefined;
  });
  await table('medications.csv', (record, row) => {
    const code = row.get('CODE');
    const start = csvDate(row.get('START'));
    const end = csvDate(row.get('STOP'));
    if (!code) return 'CODE is empty';
    if (Number.isNaN(start) || Number.isNaN(end)) return 'START or STOP is not a date';
    record.medications.push({ system: SYSTEMS.rxnorm, code, start, end });
    return undefined;
  });
  await table('encounters.csv', (record, row) => {
    const date = csvDate(row.get('START'));
    if (date === undefined || Number.isNaN(date)) return 'START is missing or not a date';
    if (!record.latestEncounter || date >= record.latestEncounter.date) {
      const organizationId = row.get('ORGANIZATION') || undefined;
      record.latestEncounter = {
        date,
        organizationId,
        organizationName: organizationId ? ctx.organizations.get(organizationId) : undefined,
      };
    }
    return undefined;
  });

  for (const record of bySource.values()) yield record;
}

function csvDate(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  return parseFhirDate(value);
}

function sexOf(value: string | undefined): Sex {
  const v = (value ?? '').toUpperCase();
  return v === 'F' ? 'female' : v === 'M' ? 'male' : 'unknown';
}

function ethnicityOf(value: string | undefined): Ethnicity {
  const v = (value ?? '').toLowerCase();
  return v === 'hispanic' ? 'hispanic' : v === 'nonhispanic' ? 'nonhispanic' : 'unknown';
}

function systemOf(value: string | undefined, fallback: string): string {
  if (!value) return fallback;
  if (/snomed/i.test(value)) return SYSTEMS.snomed;
  if (/icd-?10/i.test(value)) return SYSTEMS.icd10cm;
  return value;
}
