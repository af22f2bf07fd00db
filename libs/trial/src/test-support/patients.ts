import type { PatientRecord } from '../patient.types';
import { SYSTEMS } from '../patient.types';
import type { Trial } from '../trial.types';

/** A hand-made patient for unit specs: dates as YYYY-MM-DD strings, converted here. */
export function patient(p: {
  sex?: PatientRecord['sex'];
  birth?: string;
  death?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  conditions?: { code: string; system?: string; onset?: string; abatement?: string; status?: string }[];
  observations?: { code: string; value?: number; unit?: string; date: string }[];
  medications?: { code: string; start?: string; end?: string; status?: string }[];
  organization?: { id?: string; name?: string };
}): PatientRecord {
  const d = (s: string | undefined) => (s === undefined ? undefined : Date.parse(s));
  return {
    pid: 'test',
    sex: p.sex ?? 'female',
    birthDate: d(p.birth),
    deathDate: d(p.death),
    city: p.city,
    state: p.state,
    postalCode: p.postalCode,
    race: 'white',
    ethnicity: 'nonhispanic',
    conditions: (p.conditions ?? []).map((c) => ({
      system: c.system ?? SYSTEMS.snomed,
      code: c.code,
      onset: d(c.onset),
      abatement: d(c.abatement),
      clinicalStatus: c.status,
    })),
    observations: (p.observations ?? []).map((o) => ({
      system: SYSTEMS.loinc,
      code: o.code,
      value: o.value,
      unit: o.unit,
      date: d(o.date),
    })),
    medications: (p.medications ?? []).map((m) => ({
      system: SYSTEMS.rxnorm,
      code: m.code,
      start: d(m.start),
      end: d(m.end),
      status: m.status,
    })),
    latestEncounter: p.organization
      ? { date: 0, organizationId: p.organization.id, organizationName: p.organization.name }
      : undefined,
  };
}

/** The contract's example trial (TRIAL_FORMAT.md), verbatim. */
export function contractTrial(): Trial {
  return {
    id: 'T2D-001',
    title: 'Adjunct therapy in poorly controlled type 2 diabetes',
    asOf: '2026-11-01',
    targetEnrollment: 120,
    inclusion: [
      { id: 'I1', type: 'age', min: 18, max: 75 },
      { id: 'I2', type: 'condition', codes: [{ system: 'http://snomed.info/sct', code: '44054006' }] },
      {
        id: 'I3',
        type: 'observation',
        code: { system: 'http://loinc.org', code: '4548-4' },
        op: '>=',
        value: 7.0,
        unit: '%',
        within: { months: 12 },
        use: 'latest',
      },
    ],
    exclusion: [
      {
        id: 'E1',
        type: 'observation',
        code: { system: 'http://loinc.org', code: '33914-3' },
        op: '<',
        value: 30,
        unit: 'mL/min/{1.73_m2}',
        within: { months: 12 },
        use: 'latest',
      },
      {
        id: 'E2',
        type: 'medication',
        codes: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '311040' }],
        active: true,
      },
      {
        id: 'E3',
        type: 'condition',
        codes: [{ system: 'http://snomed.info/sct', code: '77386006' }],
        active: true,
      },
    ],
    sites: [
      { id: 'S1', name: 'North Clinic', match: { city: ['Boston', 'Cambridge'] }, activationMonth: 0 },
      { id: 'S2', name: 'West Clinic', match: { postalCodePrefix: ['010', '011'] }, activationMonth: 2 },
    ],
    assumptions: { consentRate: 0.35, screenFailureRate: 0.2 },
  };
}
