import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestIssue, PatientRecord } from '../patient.types';
import { Pseudonymizer } from '../pseudonym';
import { readPatients } from './read-patients';

const fixture = join(__dirname, '../../test-fixtures/synthea-csv');

async function read(dir: string, csvPatientsInMemory?: number) {
  const patients: PatientRecord[] = [];
  const issues: IngestIssue[] = [];
  const options = {
    pseudonymizer: new Pseudonymizer('csv-spec-key-0123456789'),
    onIssue: (i: IngestIssue) => issues.push(i),
  };
  for await (const p of readPatients(dir, { ...options, csvPatientsInMemory })) patients.push(p);
  const byPid = (a: PatientRecord, b: PatientRecord) => a.pid.localeCompare(b.pid);
  const byPlace = (a: IngestIssue, b: IngestIssue) => a.file.localeCompare(b.file) || a.line! - b.line!;
  return { patients: patients.sort(byPid), issues: issues.sort(byPlace) };
}

describe('Synthea CSV folder: the partitioned join (bounded memory)', () => {
  let dir: string;

  beforeAll(() => {
    // The real fixture plus bad rows: a fact of an unknown patient, a bad date, a bad value, a patient without Id.
    dir = mkdtempSync(join(tmpdir(), 'csv-spec-'));
    cpSync(fixture, dir, { recursive: true });
    const append = (file: string, line: string) =>
      writeFileSync(
        join(dir, file),
        `${readFileSync(join(dir, file), 'utf8').replace(/\n?$/, '\n')}${line}\n`,
      );
    const header = (file: string) => readFileSync(join(dir, file), 'utf8').split('\n')[0].split(',');
    const row = (file: string, cells: Record<string, string>) =>
      header(file)
        .map((h) => cells[h.trim()] ?? '')
        .join(',');
    const someone = readFileSync(join(dir, 'patients.csv'), 'utf8').split('\n')[1].split(',')[0];
    append(
      'conditions.csv',
      row('conditions.csv', { PATIENT: 'nobody', CODE: '44054006', START: '2020-01-01' }),
    );
    append(
      'conditions.csv',
      row('conditions.csv', { PATIENT: someone, CODE: '44054006', START: 'yesterday' }),
    );
    append(
      'observations.csv',
      row('observations.csv', {
        PATIENT: someone,
        CODE: '4548-4',
        DATE: '2024-01-01T00:00:00Z',
        TYPE: 'numeric',
        VALUE: 'high',
      }),
    );
    append('patients.csv', row('patients.csv', { BIRTHDATE: '1970-01-01' }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same patients, facts and issues as the in-memory join, and leaves no file behind', async () => {
    const spills = () => readdirSync(tmpdir()).filter((f) => f.startsWith('hitscreen-synthea-'));
    const before = spills();
    const inMemory = await read(dir);
    expect(inMemory.patients.length).toBeGreaterThan(5);
    expect(inMemory.issues.map((i) => i.reason)).toEqual(
      expect.arrayContaining([
        'PATIENT is not in patients.csv',
        'START or STOP is not a date',
        'VALUE "high" is not a number',
        'Id is empty',
      ]),
    );
    for (const perPartition of [1, 2, 3]) expect(await read(dir, perPartition)).toEqual(inMemory);
    expect(spills()).toEqual(before);
  });
});
