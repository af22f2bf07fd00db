import { SYSTEMS } from '../patient.types';
import { contractTrial, patient } from '../test-support/patients';
import type { ComparisonOp, Criterion, ObservationCriterion } from '../trial.types';
import { compare, evaluateCriterion } from './evaluate-criterion';
import { compileTrial, evaluatePatient } from './evaluate-patient';
import { asOfInstants } from './time';

const asOf = asOfInstants('2026-11-01');
const run = (c: Criterion, p: ReturnType<typeof patient>) => evaluateCriterion(c, p, asOf);
const loinc = (code: string) => ({ system: SYSTEMS.loinc, code });

describe('age', () => {
  const c: Criterion = { id: 'A', type: 'age', min: 18, max: 75 };
  it('counts whole years on asOf; a birthday on asOf counts; bounds are inclusive', () => {
    expect(run(c, patient({ birth: '1951-11-01' }))).toMatchObject({
      outcome: 'met',
      evidence: [{ value: 75 }],
    });
    expect(run(c, patient({ birth: '1950-11-01' }))).toMatchObject({
      outcome: 'not_met',
      evidence: [{ value: 76 }],
    });
    expect(run(c, patient({ birth: '2008-11-01' }))).toMatchObject({
      outcome: 'met',
      evidence: [{ value: 18 }],
    });
    expect(run(c, patient({ birth: '2008-11-02' }))).toMatchObject({
      outcome: 'not_met',
      evidence: [{ value: 17 }],
    });
  });
  it('is unknown without a birth date', () => {
    expect(run(c, patient({}))).toMatchObject({ outcome: 'unknown', reason: 'birth date missing' });
  });
});

describe('sex', () => {
  const c: Criterion = { id: 'S', type: 'sex', values: ['female'] };
  it('met, not met, and unknown when not recorded', () => {
    expect(run(c, patient({ sex: 'female' })).outcome).toBe('met');
    expect(run(c, patient({ sex: 'male' })).outcome).toBe('not_met');
    expect(run(c, patient({ sex: 'unknown' })).outcome).toBe('unknown');
  });
});

describe('condition', () => {
  const t2d: Criterion = {
    id: 'C',
    type: 'condition',
    codes: [{ system: SYSTEMS.snomed, code: '44054006' }],
  };
  const activeT2d: Criterion = { ...t2d, active: true } as Criterion;
  it('matches on system and code; another system with the same code does not count', () => {
    expect(run(t2d, patient({ conditions: [{ code: '44054006', onset: '2010-01-01' }] })).outcome).toBe(
      'met',
    );
    expect(run(t2d, patient({ conditions: [{ code: '44054006', system: SYSTEMS.icd10cm }] })).outcome).toBe(
      'not_met',
    );
    expect(run(t2d, patient({ conditions: [{ code: '38341003' }] })).outcome).toBe('not_met');
  });
  it('ignores a condition whose onset is after asOf', () => {
    expect(run(t2d, patient({ conditions: [{ code: '44054006', onset: '2026-11-02' }] })).outcome).toBe(
      'not_met',
    );
  });
  it('active: an abatement on or before asOf, or a resolved status, means not active', () => {
    const abated = run(
      activeT2d,
      patient({ conditions: [{ code: '44054006', onset: '2010-01-01', abatement: '2026-11-01' }] }),
    );
    expect(abated).toMatchObject({ outcome: 'not_met' });
    expect(abated.reason).toContain('abated 2026-11-01');
    expect(
      run(
        activeT2d,
        patient({ conditions: [{ code: '44054006', onset: '2010-01-01', abatement: '2026-11-02' }] }),
      ).outcome,
    ).toBe('met');
    expect(
      run(activeT2d, patient({ conditions: [{ code: '44054006', onset: '2010-01-01', status: 'resolved' }] }))
        .outcome,
    ).toBe('not_met');
    expect(
      run(activeT2d, patient({ conditions: [{ code: '44054006', onset: '2010-01-01', status: 'active' }] }))
        .outcome,
    ).toBe('met');
    // One abated episode and one current one: the current one counts.
    expect(
      run(
        activeT2d,
        patient({
          conditions: [
            { code: '44054006', onset: '2010-01-01', abatement: '2011-01-01' },
            { code: '44054006', onset: '2020-01-01' },
          ],
        }),
      ).outcome,
    ).toBe('met');
  });
  it('within: onset inside the window; without an onset date the answer is unknown', () => {
    const recent: Criterion = { ...t2d, within: { months: 12 } } as Criterion;
    expect(run(recent, patient({ conditions: [{ code: '44054006', onset: '2025-11-01' }] })).outcome).toBe(
      'met',
    );
    expect(run(recent, patient({ conditions: [{ code: '44054006', onset: '2025-10-31' }] })).outcome).toBe(
      'not_met',
    );
    expect(run(recent, patient({ conditions: [{ code: '44054006' }] })).outcome).toBe('unknown');
  });
});

describe('observation', () => {
  const hba1c: ObservationCriterion = {
    id: 'O',
    type: 'observation',
    code: loinc('4548-4'),
    op: '>=',
    value: 7,
    unit: '%',
    within: { months: 12 },
    use: 'latest',
  };
  it('latest: the newest value in the window decides', () => {
    const p = patient({
      observations: [
        { code: '4548-4', value: 8.1, unit: '%', date: '2026-01-10' },
        { code: '4548-4', value: 6.4, unit: '%', date: '2026-09-01' },
      ],
    });
    expect(run(hba1c, p)).toMatchObject({
      outcome: 'not_met',
      evidence: [{ value: 6.4, date: '2026-09-01' }],
    });
  });
  it('values outside the window or after asOf do not count: no value is unknown', () => {
    const p = patient({
      observations: [
        { code: '4548-4', value: 8.1, unit: '%', date: '2025-10-31' },
        { code: '4548-4', value: 9, unit: '%', date: '2026-11-02' },
      ],
    });
    const r = run(hba1c, p);
    expect(r.outcome).toBe('unknown');
    expect(r.reason).toBe('no 4548-4 observation in the 12 months before 2026-11-01');
    expect(
      run(hba1c, patient({ observations: [{ code: '4548-4', value: 7, unit: '%', date: '2025-11-01' }] }))
        .outcome,
    ).toBe('met');
  });
  it.each<[ComparisonOp, number, boolean]>([
    ['<', 7, false],
    ['<', 6.99, true],
    ['<=', 7, true],
    ['<=', 7.01, false],
    ['>', 7, false],
    ['>', 7.01, true],
    ['>=', 7, true],
    ['>=', 6.99, false],
    ['=', 7, true],
    ['=', 7.1, false],
    ['!=', 7, false],
    ['!=', 7.1, true],
  ])('%s 7: value %d → %s', (op, value, expected) => {
    expect(compare(value, op, 7)).toBe(expected);
    const r = run(
      { ...hba1c, op },
      patient({ observations: [{ code: '4548-4', value, unit: '%', date: '2026-10-01' }] }),
    );
    expect(r.outcome).toBe(expected ? 'met' : 'not_met');
  });
  it('converts glucose mmol/L to mg/dL (× 18.016)', () => {
    const glucose: ObservationCriterion = {
      id: 'G',
      type: 'observation',
      code: loinc('2345-7'),
      op: '>=',
      value: 126,
      unit: 'mg/dL',
    };
    // 7.0 mmol/L = 126.11 mg/dL; 6.9 mmol/L = 124.31 mg/dL
    expect(
      run(
        glucose,
        patient({ observations: [{ code: '2345-7', value: 7.0, unit: 'mmol/L', date: '2026-10-01' }] }),
      ).outcome,
    ).toBe('met');
    expect(
      run(
        glucose,
        patient({ observations: [{ code: '2345-7', value: 6.9, unit: 'mmol/L', date: '2026-10-01' }] }),
      ).outcome,
    ).toBe('not_met');
  });
  it('converts HbA1c mmol/mol to % (IFCC–NGSP master equation)', () => {
    const both: ObservationCriterion = {
      ...hba1c,
      code: undefined,
      codes: [loinc('4548-4'), loinc('59261-8')],
    };
    // 53 mmol/mol = 53 / 10.929 + 2.15 = 6.9995 %; 54 mmol/mol = 7.0910 %
    expect(
      run(
        both,
        patient({ observations: [{ code: '59261-8', value: 53, unit: 'mmol/mol', date: '2026-10-01' }] }),
      ).outcome,
    ).toBe('not_met');
    const r = run(
      both,
      patient({ observations: [{ code: '59261-8', value: 54, unit: 'mmol/mol', date: '2026-10-01' }] }),
    );
    expect(r.outcome).toBe('met');
    expect(r.reason).toContain('(= 7.09 %)');
  });
  it('a unit that does not convert, or no value, is unknown with the reason', () => {
    const r = run(
      hba1c,
      patient({ observations: [{ code: '4548-4', value: 7.5, unit: 'mg', date: '2026-10-01' }] }),
    );
    expect(r.outcome).toBe('unknown');
    expect(r.reason).toContain('unit "mg" is not one this module knows');
    expect(run(hba1c, patient({ observations: [{ code: '4548-4', date: '2026-10-01' }] })).reason).toContain(
      'has no numeric value',
    );
  });
  it('any: one value enough; all: every value must pass', () => {
    const values = [
      { code: '4548-4', value: 6.2, unit: '%', date: '2026-02-01' },
      { code: '4548-4', value: 7.4, unit: '%', date: '2026-05-01' },
    ];
    expect(run({ ...hba1c, use: 'any' }, patient({ observations: values })).outcome).toBe('met');
    expect(run({ ...hba1c, use: 'all' }, patient({ observations: values })).outcome).toBe('not_met');
    expect(run({ ...hba1c, use: 'all' }, patient({ observations: [values[1]] })).outcome).toBe('met');
    expect(
      run({ ...hba1c, use: 'any' }, patient({ observations: [values[0], { ...values[1], unit: 'mg' }] }))
        .outcome,
    ).toBe('unknown');
  });
});

describe('medication', () => {
  const insulin: Criterion = {
    id: 'M',
    type: 'medication',
    codes: [{ system: SYSTEMS.rxnorm, code: '311040' }],
    active: true,
  };
  it('active: an order in force at asOf; stopped or ended orders are inactive', () => {
    expect(
      run(insulin, patient({ medications: [{ code: '311040', start: '2024-01-01', status: 'active' }] }))
        .outcome,
    ).toBe('met');
    expect(
      run(insulin, patient({ medications: [{ code: '311040', start: '2024-01-01', status: 'stopped' }] })),
    ).toMatchObject({ outcome: 'not_met' });
    const ended = run(
      insulin,
      patient({ medications: [{ code: '311040', start: '2024-01-01', end: '2026-10-01' }] }),
    );
    expect(ended.outcome).toBe('not_met');
    expect(ended.reason).toContain('ended 2026-10-01');
    expect(
      run(insulin, patient({ medications: [{ code: '311040', start: '2026-11-05', status: 'active' }] }))
        .outcome,
    ).toBe('not_met');
  });
  it('within (not active): a period overlapping the window', () => {
    const recent: Criterion = {
      id: 'M',
      type: 'medication',
      codes: [{ system: SYSTEMS.rxnorm, code: '311040' }],
      within: { months: 3 },
    };
    const p = patient({
      medications: [{ code: '311040', start: '2025-01-01', end: '2026-09-01', status: 'stopped' }],
    });
    expect(run(recent, p).outcome).toBe('met');
    expect(run({ ...recent, within: { months: 1 } } as Criterion, p).outcome).toBe('not_met');
    expect(run({ ...recent, within: undefined } as Criterion, p).outcome).toBe('met');
  });
});

describe('patient status', () => {
  const compiled = compileTrial(contractTrial());
  const base = {
    birth: '1970-03-04',
    conditions: [{ code: '44054006', onset: '2015-01-01' }],
    observations: [
      { code: '4548-4', value: 8.2, unit: '%', date: '2026-06-01' },
      { code: '33914-3', value: 72, unit: 'mL/min/{1.73_m2}', date: '2026-06-01' },
    ],
  };
  it('eligible: every inclusion met, no exclusion met', () => {
    const e = evaluatePatient(compiled, patient(base));
    expect(e.status).toBe('eligible');
    expect(e.results.map((r) => r.outcome)).toEqual(['met', 'met', 'met', 'not_met', 'not_met', 'not_met']);
  });
  it('possibly eligible: nothing fails, something unknown (no eGFR in the window)', () => {
    const e = evaluatePatient(compiled, patient({ ...base, observations: [base.observations[0]] }));
    expect(e).toMatchObject({ status: 'possibly_eligible', firstFailing: undefined });
  });
  it('ineligible names the first failing criterion in trial order', () => {
    const e = evaluatePatient(
      compiled,
      patient({
        ...base,
        medications: [{ code: '311040', start: '2025-01-01', status: 'active' }],
        birth: '1940-01-01',
      }),
    );
    expect(e).toMatchObject({ status: 'ineligible', firstFailing: 'I1' });
    const e2 = evaluatePatient(
      compiled,
      patient({ ...base, medications: [{ code: '311040', start: '2025-01-01', status: 'active' }] }),
    );
    expect(e2).toMatchObject({ status: 'ineligible', firstFailing: 'E2' });
  });
  it('a patient who died before asOf is ineligible', () => {
    expect(evaluatePatient(compiled, patient({ ...base, death: '2026-01-01' }))).toMatchObject({
      status: 'ineligible',
      deceased: true,
    });
  });
});
