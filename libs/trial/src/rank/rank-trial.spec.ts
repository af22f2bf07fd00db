import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPatients } from '../ingest/read-patients';
import { Pseudonymizer } from '../pseudonym';
import { cohortsCsv, renderTrialReport } from '../report/trial-report';
import { generatePatientBundles } from '../synthetic/generate-patients';
import { writeSyntheticPatients } from '../synthetic/write-bundles';
import { SYSTEMS } from '../patient.types';
import type { Trial } from '../trial.types';
import { rankTrial, type TrialRanking } from './rank-trial';

const pseudonymizer = new Pseudonymizer('test-key-for-the-trial-specs');
const fixtures = join(__dirname, '../../test-fixtures');
const SEED = 11;
const COUNT = 4000;

const trial: Trial = {
  id: 'POP-1',
  title: 'Population check',
  asOf: '2026-11-01',
  targetEnrollment: 25,
  inclusion: [
    { id: 'I1', type: 'age', min: 40, max: 75 },
    { id: 'I2', type: 'condition', codes: [{ system: SYSTEMS.snomed, code: '44054006' }], active: true },
    {
      id: 'I3',
      type: 'observation',
      codes: [
        { system: SYSTEMS.loinc, code: '4548-4' },
        { system: SYSTEMS.loinc, code: '59261-8' },
      ],
      op: '>=',
      value: 7,
      unit: '%',
      within: { months: 12 },
      use: 'latest',
    },
  ],
  exclusion: [
    { id: 'E1', type: 'medication', codes: [{ system: SYSTEMS.rxnorm, code: '311040' }], active: true },
  ],
  sites: [
    { id: 'S1', name: 'North', match: { city: ['Boston', 'Cambridge'] }, activationMonth: 0 },
    { id: 'S2', name: 'Ocean', match: { state: ['RI'] }, activationMonth: 2 },
    { id: 'S3', name: 'Central', match: { postalCodePrefix: ['016'] }, activationMonth: 1 },
  ],
  assumptions: { consentRate: 0.5, screenFailureRate: 0.2, forecastDraws: 500 },
};

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The expected status of each generated patient, by a plain filter over the raw bundles (no module code). */
function independentCounts(): Map<string, { patients: number; eligible: number; possibly: number }> {
  const out = new Map<string, { patients: number; eligible: number; possibly: number }>();
  const asOfEnd = Date.parse('2026-11-01T23:59:59.999Z');
  const windowStart = Date.parse('2025-11-01T00:00:00Z');
  for (const bundle of generatePatientBundles({ count: COUNT, seed: SEED })) {
    const resources: Json[] = (bundle.entry as Json[]).map((e) => e.resource);
    const p = resources.find((r) => r.resourceType === 'Patient')!;
    const address = p.address[0];
    const site = ['Boston', 'Cambridge'].includes(address.city)
      ? 'S1'
      : address.state === 'RI'
        ? 'S2'
        : address.postalCode.startsWith('016')
          ? 'S3'
          : 'unassigned';
    const [by, bm, bd] = p.birthDate.split('-').map(Number);
    const age = 2026 - by - (11 < bm || (11 === bm && 1 < bd) ? 1 : 0);
    const dead = p.deceasedDateTime !== undefined && Date.parse(p.deceasedDateTime) <= asOfEnd;
    const t2d = resources.some(
      (r) => r.resourceType === 'Condition' && r.code.coding[0].code === '44054006' && !r.abatementDateTime,
    );
    const a1c = resources
      .filter(
        (r) => r.resourceType === 'Observation' && ['4548-4', '59261-8'].includes(r.code.coding[0].code),
      )
      .map((r) => ({
        t: Date.parse(r.effectiveDateTime),
        pct: r.valueQuantity.unit === '%' ? r.valueQuantity.value : r.valueQuantity.value / 10.929 + 2.15,
      }))
      .filter((o) => o.t >= windowStart && o.t <= asOfEnd)
      .sort((x, y) => y.t - x.t)[0];
    const insulin = resources.some(
      (r) =>
        r.resourceType === 'MedicationRequest' &&
        r.medicationCodeableConcept.coding[0].code === '311040' &&
        r.status === 'active',
    );
    const failed = dead || age < 40 || age > 75 || !t2d || (a1c !== undefined && a1c.pct < 7) || insulin;
    const counts = out.get(site) ?? { patients: 0, eligible: 0, possibly: 0 };
    counts.patients++;
    if (!failed && a1c === undefined) counts.possibly++;
    else if (!failed) counts.eligible++;
    out.set(site, counts);
  }
  return out;
}

describe('rankTrial on the generated population', () => {
  let ranking: TrialRanking;
  const moduleCounts = new Map<string, { patients: number; eligible: number; possibly: number }>();
  const dir = mkdtempSync(join(tmpdir(), 'trial-rank-'));

  beforeAll(async () => {
    await writeSyntheticPatients(join(dir, 'pop.ndjson'), { count: COUNT, seed: SEED });
    ranking = await rankTrial(trial, readPatients(join(dir, 'pop.ndjson'), { pseudonymizer }), {
      onEvaluation: (e, cohort) => {
        const c = moduleCounts.get(cohort) ?? { patients: 0, eligible: 0, possibly: 0 };
        c.patients++;
        if (e.status === 'eligible') c.eligible++;
        if (e.status === 'possibly_eligible') c.possibly++;
        moduleCounts.set(cohort, c);
      },
    });
  });

  it('counts per cohort equal a straightforward filter over the same bundles', () => {
    const expected = independentCounts();
    expect(Object.fromEntries(moduleCounts)).toEqual(Object.fromEntries(expected));
    for (const cohort of ranking.cohorts) {
      const e = expected.get(cohort.id)!;
      expect(cohort.patients).toBe(e.patients);
      for (const [shown, raw] of [
        [cohort.eligible, e.eligible],
        [cohort.possiblyEligible, e.possibly],
      ] as const) {
        if (typeof shown === 'number') expect(shown).toBe(raw);
        else if (shown === '<11') expect(raw >= 1 && raw <= 10).toBe(true);
      }
    }
    // Enough patients that the headline counts of the site cohorts are shown.
    expect(
      ranking.cohorts
        .filter((c) => c.site !== 'unassigned')
        .every((c) => typeof c.eligible === 'number' && c.eligible >= 11),
    ).toBe(true);
  });

  it('has the output shape of the issue: ranked cohorts with funnel and forecast, and totals', () => {
    expect(ranking.cohorts.map((c) => c.rank)).toEqual([1, 2, 3, null]);
    for (const c of ranking.cohorts) {
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining([
          'id',
          'name',
          'rank',
          'patients',
          'eligible',
          'possiblyEligible',
          'expectedEnrollees',
          'forecastMonths',
          'funnel',
        ]),
      );
      expect(c.funnel.map((f) => f.criterion)).toEqual(['alive', 'I1', 'I2', 'I3', 'E1']);
    }
    const ranked = ranking.cohorts.filter((c) => c.rank !== null);
    for (let i = 1; i < ranked.length; i++)
      expect(ranked[i - 1].forecastContribution!).toBeGreaterThanOrEqual(ranked[i].forecastContribution!);
    expect(ranking.totals.patients).toBe(COUNT);
    expect(ranking.totals.forecastMonths.median).not.toBeNull();
    expect(ranking.totals.forecastMonths.low!).toBeLessThanOrEqual(ranking.totals.forecastMonths.median!);
    // Expected enrollees = (eligible + 0.5 × possibly) × 0.5 × 0.8 for a cohort with both counts shown.
    const c = ranking.cohorts[0];
    if (typeof c.eligible === 'number' && typeof c.possiblyEligible === 'number') {
      expect(c.expectedEnrollees).toBeCloseTo((c.eligible + 0.5 * c.possiblyEligible) * 0.4, 1);
    }
  });

  it('segments: site × sex cohorts that add up to the site cohorts', async () => {
    const segmented = await rankTrial(
      { ...trial, segmentBy: 'sex' },
      readPatients(join(dir, 'pop.ndjson'), { pseudonymizer }),
    );
    expect(
      segmented.cohorts.every(
        (c) => c.segment?.dimension === 'sex' && c.id === `${c.site}/${c.segment.value}`,
      ),
    ).toBe(true);
    for (const site of ranking.cohorts) {
      const parts = segmented.cohorts.filter((c) => c.site === site.id);
      expect(parts.map((c) => c.segment!.value).sort()).toEqual(['female', 'male']);
      const sum = parts.reduce((n, c) => n + (c.patients as number), 0);
      expect(sum).toBe(site.patients);
    }
    expect(segmented.totals.patients).toBe(COUNT);
  });
});

describe('privacy of the aggregate outputs', () => {
  const COUNT_KEYS = new Set([
    'patients',
    'eligible',
    'possiblyEligible',
    'ineligible',
    'deceased',
    'remaining',
    'met',
    'notMet',
    'unknown',
  ]);

  /** Every count in the JSON: the named count fields and every demographic cell. */
  function counts(value: unknown, key = '', inMix = false): unknown[] {
    if (Array.isArray(value)) return value.flatMap((v) => counts(v, key, inMix));
    if (value && typeof value === 'object') {
      return Object.entries(value).flatMap(([k, v]) =>
        counts(v, k, inMix || k === 'demographics' || k === 'population'),
      );
    }
    return COUNT_KEYS.has(key) || inMix ? [value] : [];
  }

  async function outputs(path: string, t: Trial): Promise<string[]> {
    const r = await rankTrial(t, readPatients(path, { pseudonymizer }));
    const json = JSON.stringify(r);
    const small = counts(r).filter((v) => typeof v === 'number' && v >= 1 && v <= 10);
    expect(small).toEqual([]);
    // Numbers derived from a hidden count are coarsened to multiples of 5.
    for (const c of r.cohorts.filter(
      (x) => typeof x.eligible !== 'number' || typeof x.possiblyEligible !== 'number',
    )) {
      expect(c.expectedEnrollees % 5).toBe(0);
      if (c.forecastContribution !== null) expect(c.forecastContribution % 5).toBe(0);
      if (typeof c.eligible !== 'number') expect(c.representativeness).toBeNull();
    }
    return [json, renderTrialReport(r), cohortsCsv(r)];
  }

  it('Synthea CSV: no name, address, birth date, SSN or source id, and no count from 1 to 10', async () => {
    const t: Trial = {
      ...trial,
      inclusion: [{ id: 'I1', type: 'age', min: 18, max: 90 }],
      exclusion: [],
      sites: [{ id: 'S1', name: 'Anywhere', match: { state: ['Massachusetts'] } }],
    };
    const texts = await outputs(join(fixtures, 'synthea-csv'), t);
    const rows = readFileSync(join(fixtures, 'synthea-csv', 'patients.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const secrets = rows
      .flatMap((r) => [r[0], r[1], r[3], r[7], r[8], r[16]])
      .filter((s) => s && s.length > 3);
    expect(secrets.length).toBeGreaterThan(30);
    for (const text of texts) for (const s of secrets) expect(text).not.toContain(s);
  });

  it('generated FHIR: no name, street line, birth date, MRN or source id in JSON, HTML or CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trial-privacy-'));
    await writeSyntheticPatients(join(dir, 'pop.ndjson'), { count: 300, seed: 5 });
    const texts = await outputs(join(dir, 'pop.ndjson'), trial);
    const secrets: string[] = [];
    for (const bundle of generatePatientBundles({ count: 300, seed: 5 })) {
      const p = (bundle.entry as Json[])[0].resource;
      secrets.push(
        p.id,
        p.identifier[0].value,
        p.name[0].family,
        p.name[0].given[0],
        p.address[0].line[0],
        p.birthDate,
      );
    }
    for (const text of texts) for (const s of secrets) expect(text).not.toContain(s);
  });
});
