import { readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestIssue, PatientRecord } from '../patient.types';
import { Pseudonymizer } from '../pseudonym';
import { writeSyntheticPatients } from '../synthetic/write-bundles';
import { PatientSourceError, readPatients } from './read-patients';

const fixtures = join(__dirname, '../../test-fixtures');
const pseudonymizer = new Pseudonymizer('test-key-for-the-trial-specs');

async function readAll(path: string, key = pseudonymizer) {
  const issues: IngestIssue[] = [];
  const patients: PatientRecord[] = [];
  for await (const p of readPatients(path, { pseudonymizer: key, onIssue: (i) => issues.push(i) }))
    patients.push(p);
  return { patients, issues };
}

describe('FHIR bundles (Synthea fixtures)', () => {
  it('reads each patient with its facts, counted independently from the JSON', async () => {
    const { patients, issues } = await readAll(join(fixtures, 'synthea-fhir'));
    expect(issues).toEqual([]);
    const files = readdirSync(join(fixtures, 'synthea-fhir')).sort();
    expect(patients).toHaveLength(files.length);
    files.forEach((file, i) => {
      const entries = JSON.parse(readFileSync(join(fixtures, 'synthea-fhir', file), 'utf8')).entry.map(
        (e: { resource: Record<string, unknown> }) => e.resource,
      );
      const count = (type: string) =>
        entries.filter((r: { resourceType: string }) => r.resourceType === type).length;
      const source = entries.find((r: { resourceType: string }) => r.resourceType === 'Patient');
      const p = patients[i];
      expect(p.conditions).toHaveLength(count('Condition'));
      expect(p.medications).toHaveLength(count('MedicationRequest'));
      expect(p.birthDate).toBe(Date.parse(source.birthDate));
      expect(p.city).toBe(source.address[0].city);
      expect(p.sex).toBe(source.gender);
      const race = source.extension.find((e: { url: string }) => e.url.endsWith('us-core-race')).extension[0]
        .valueCoding.code;
      expect(p.race).toBe({ '2106-3': 'white', '2028-9': 'asian', '2054-5': 'black' }[race as string]);
      expect(p.pid).toBe(pseudonymizer.patientId('patient', source.id));
      expect(JSON.stringify(p)).not.toContain(source.id);
    });
  });

  it('pseudonymous ids depend on the key', async () => {
    const a = await readAll(join(fixtures, 'synthea-fhir'));
    const b = await readAll(join(fixtures, 'synthea-fhir'), new Pseudonymizer('another-key-0123456789'));
    expect(a.patients[0].pid).toMatch(/^[0-9a-f]{32}$/);
    expect(a.patients[0].pid).not.toBe(b.patients[0].pid);
  });
});

describe('NDJSON with malformed lines', () => {
  it('reports file, line and reason for each bad resource and keeps the rest', async () => {
    const { patients, issues } = await readAll(join(fixtures, 'malformed.ndjson'));
    expect(issues).toEqual([
      { file: 'malformed.ndjson', line: 3, reason: 'Observation.valueQuantity value is not a number' },
      {
        file: 'malformed.ndjson',
        line: 6,
        reason:
          'Condition does not follow its Patient (loose NDJSON resources must come after their Patient line)',
      },
      { file: 'malformed.ndjson', line: 7, reason: 'Observation.code has no coding with system and code' },
      { file: 'malformed.ndjson', line: 9, reason: expect.stringMatching(/^not valid JSON: /) },
    ]);
    expect(
      patients.map((p) => [p.sex, p.conditions.length, p.observations.map((o) => [o.code, o.value, o.unit])]),
    ).toEqual([
      ['female', 1, [['4548-4', 8.2, '%']]],
      ['male', 0, [['2345-7', 7.5, 'mmol/L']]],
    ]);
  });
});

describe('Synthea CSV folder', () => {
  it('joins the tables by patient and keeps no source id', async () => {
    const { patients, issues } = await readAll(join(fixtures, 'synthea-csv'));
    expect(issues).toEqual([]);
    const csv = (name: string) =>
      readFileSync(join(fixtures, 'synthea-csv', name), 'utf8')
        .trim()
        .split('\n')
        .slice(1);
    const ids = csv('patients.csv').map((l) => l.split(',')[0]);
    expect(patients).toHaveLength(ids.length);
    ids.forEach((id, i) => {
      const rows = (name: string) => csv(name).filter((l) => l.includes(id)).length;
      expect(patients[i].pid).toBe(pseudonymizer.patientId('patient', id));
      expect(patients[i].conditions).toHaveLength(rows('conditions.csv'));
      expect(patients[i].medications).toHaveLength(rows('medications.csv'));
      expect(patients[i].observations).toHaveLength(rows('observations.csv'));
    });
    expect(JSON.stringify(patients)).not.toMatch(/999-\d\d-\d{4}/); // no SSN
  });
});

describe('generated NDJSON and folders', () => {
  it('reads the same population from an NDJSON file and from a folder of bundles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trial-ingest-'));
    await writeSyntheticPatients(join(dir, 'pop.ndjson'), { count: 40, seed: 3 });
    await writeSyntheticPatients(join(dir, 'folder'), { count: 40, seed: 3 });
    const a = await readAll(join(dir, 'pop.ndjson'));
    const b = await readAll(join(dir, 'folder'));
    expect(a.issues).toEqual([]);
    expect(a.patients).toHaveLength(40);
    expect(b.patients).toEqual(a.patients);
  });

  it('an empty folder or an unsupported file is a PatientSourceError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trial-empty-'));
    await expect(readAll(dir)).rejects.toThrow(PatientSourceError);
    await expect(readAll(join(fixtures, 'SOURCE.md'))).rejects.toThrow(
      /expected a folder, a \.json bundle or an \.ndjson\/\.jsonl file/,
    );
  });
});
