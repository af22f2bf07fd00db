import { asOfInstants } from '../criteria/time';
import { patient } from '../test-support/patients';
import type { Site } from '../trial.types';
import { addToMix, ageBand, emptyMix, representativeness } from './demographics';
import { assignSite } from './site-assignment';

describe('site assignment', () => {
  const sites: Site[] = [
    { id: 'A', name: 'Boston in MA', match: { city: ['Boston'], state: ['MA'] } },
    { id: 'B', name: 'West', match: { postalCodePrefix: ['010', '011'] } },
    { id: 'C', name: 'Hospital', match: { organization: ['Lowell General', 'org-77'] } },
    { id: 'D', name: 'Rhode Island', match: { state: ['RI'] } },
  ];
  it('the first site whose every match key fits; value lists are alternatives', () => {
    expect(assignSite(sites, patient({ city: 'boston', state: 'MA', postalCode: '01101' }))).toBe('A');
    expect(assignSite(sites, patient({ city: 'Boston', state: 'NY', postalCode: '01101' }))).toBe('B');
    expect(assignSite(sites, patient({ city: 'Lowell', organization: { name: 'LOWELL GENERAL' } }))).toBe(
      'C',
    );
    expect(assignSite(sites, patient({ organization: { id: 'org-77' } }))).toBe('C');
    expect(assignSite(sites, patient({ state: 'RI', organization: { id: 'org-1' } }))).toBe('D');
    expect(assignSite(sites, patient({ city: 'Hartford', state: 'CT', postalCode: '06103' }))).toBe(
      'unassigned',
    );
    expect(assignSite(sites, patient({}))).toBe('unassigned');
  });
});

describe('demographic mix and representativeness', () => {
  const asOf = asOfInstants('2026-11-01');
  it('age bands at asOf, 90+ not split', () => {
    expect(
      ['2010-01-01', '2008-11-01', '1961-11-02', '1936-11-01', undefined].map((birth) =>
        ageBand(patient({ birth }), asOf),
      ),
    ).toEqual(['0-17', '18-34', '50-64', '90+', 'unknown']);
  });
  it('1 − total variation distance per dimension, mean over dimensions', () => {
    // Population: 6 female, 4 male (all white, nonhispanic, ages 40). Eligible: 1 female, 3 male.
    const population = emptyMix();
    const eligible = emptyMix();
    const f = patient({ sex: 'female', birth: '1986-01-01' });
    const m = patient({ sex: 'male', birth: '1986-01-01' });
    for (let i = 0; i < 6; i++) addToMix(population, f, asOf);
    for (let i = 0; i < 4; i++) addToMix(population, m, asOf);
    addToMix(eligible, f, asOf);
    for (let i = 0; i < 3; i++) addToMix(eligible, m, asOf);
    const r = representativeness(eligible, population);
    // sex: ½ (|0.25 − 0.6| + |0.75 − 0.4|) = 0.35 → 0.65; the other dimensions are identical → 1.
    expect(r.byDimension).toEqual({ sex: 0.65, ageBand: 1, race: 1, ethnicity: 1 });
    expect(r.overall).toBeCloseTo((0.65 + 3) / 4, 12);
    expect(representativeness(emptyMix(), population).overall).toBeNull();
  });
});
