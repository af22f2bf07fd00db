import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileTrial, evaluatePatient } from '../criteria/evaluate-patient';
import { readPatients } from '../ingest/read-patients';
import type { PatientRecord } from '../patient.types';
import { Pseudonymizer } from '../pseudonym';
import { rankTrial } from '../rank/rank-trial';
import { parseTrial } from '../schema/validate-trial';
import { writeSyntheticPatients } from '../synthetic/write-bundles';
import { patient } from '../test-support/patients';
import type { Trial } from '../trial.types';
import { fromStoredPatient, patientMinimizer, type StoredPatient } from './stored-patient';

const t2d = parseTrial(
  readFileSync(join(__dirname, '../../../../examples/trial/t2d-001.json'), 'utf8'),
  't2d-001.json',
);

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

describe('stored patients (minimized for one trial)', () => {
  let dir: string;
  let patients: PatientRecord[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stored-patient-'));
    const file = join(dir, 'patients.ndjson');
    await writeSyntheticPatients(file, { count: 1500, seed: 5 });
    patients = [];
    for await (const p of readPatients(file, { pseudonymizer: new Pseudonymizer('stored-patient-spec-key') }))
      patients.push(p);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['per site', t2d],
    ['segmented by age band', { ...t2d, segmentBy: 'ageBand' } as Trial],
    ['on a leap day, segmented by sex', { ...t2d, asOf: '2024-02-29', segmentBy: 'sex' } as Trial],
  ])('evaluate and rank exactly as the original records (%s)', async (_name, trial) => {
    const compiled = compileTrial(trial);
    const minimize = patientMinimizer(compiled);
    // Through JSON, as the database holds them.
    const restored = patients.map((p) =>
      fromStoredPatient(compiled, JSON.parse(JSON.stringify(minimize(p))) as StoredPatient),
    );
    restored.forEach((r, i) =>
      expect(evaluatePatient(compiled, r)).toEqual(evaluatePatient(compiled, patients[i])),
    );
    const original = await rankTrial(trial, from(patients));
    expect(await rankTrial(trial, from(restored))).toEqual(original);
    expect(original.totals.eligible).not.toBe(0);
  });

  it('keeps no birth date, death date, address or fact the criteria do not read', () => {
    const compiled = compileTrial(t2d);
    const minimize = patientMinimizer(compiled);
    const stored = patients.map(minimize);
    const keys = new Set(stored.flatMap((p) => Object.keys(p)));
    expect([...keys].sort()).toEqual(
      [
        'age',
        'conditions',
        'deceased',
        'ethnicity',
        'medications',
        'observations',
        'pid',
        'race',
        'sex',
        'site',
      ].filter((k) => keys.has(k)),
    );
    expect(keys.has('age')).toBe(true);
    // The trial names 11 codes; the population has many more kinds of fact (weights, lipids, asthma, ...).
    const kept = stored.flatMap((p) => [...p.conditions, ...p.observations, ...p.medications]);
    const named = ['14749-6', '2345-7', '311040', '33914-3', '431857002', '44054006', '4548-4', '59261-8'];
    named.push('77386006', '8480-6', '860975');
    expect(kept.every((f) => named.includes(f.code))).toBe(true);
    const all = patients.flatMap((p) => [...p.conditions, ...p.observations, ...p.medications]);
    expect(all.some((f) => !named.includes(f.code))).toBe(true);
    expect(kept.length).toBe(all.filter((f) => named.includes(f.code)).length);
  });

  it('gives back the age at asOf and the death before it, not the dates', () => {
    const compiled = compileTrial({ ...t2d, asOf: '2024-02-29' });
    const minimize = patientMinimizer(compiled);
    const leapling = minimize(patient({ birth: '1960-02-29', death: '2030-01-01', city: 'Boston' }));
    expect(leapling).toMatchObject({ age: 64, site: 'S1' });
    expect(leapling.deceased).toBeUndefined();
    const dayBefore = minimize(patient({ birth: '1960-03-01', death: '2024-02-29' }));
    expect(dayBefore).toMatchObject({ age: 63, deceased: true, site: 'unassigned' });
    const back = fromStoredPatient(compiled, dayBefore);
    expect(evaluatePatient(compiled, back).deceased).toBe(true);
    expect(back.birthDate).toBe(Date.parse('1961-01-01'));
  });
});
