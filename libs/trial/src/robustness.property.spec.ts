import fc from 'fast-check';
import type { Line } from './ingest/lines';
import { readBundleText, readNdjsonLines, type FhirReadContext } from './ingest/fhir-reader';
import { evaluateCriterion } from './criteria/evaluate-criterion';
import { compileTrial, evaluatePatient } from './criteria/evaluate-patient';
import { asOfInstants } from './criteria/time';
import type { IngestIssue, PatientRecord } from './patient.types';
import { Pseudonymizer } from './pseudonym';
import { validateTrial } from './schema/validate-trial';
import type { Criterion } from './trial.types';

// Property-based robustness of the trial module's readers, validator and evaluator: arbitrary input gives
// patients, per-record issues or schema problems, never an exception.

const SEED = 20261129;

function context(): FhirReadContext & { issues: IngestIssue[] } {
  const issues: IngestIssue[] = [];
  return {
    issues,
    pseudonymizer: new Pseudonymizer('property-test-key-0123456789'),
    onIssue: (issue) => issues.push(issue),
    organizations: new Map(),
  };
}

async function* numbered(texts: string[]): AsyncGenerator<Line> {
  for (const [i, text] of texts.entries()) yield { line: i + 1, text };
}

/** Resource-shaped JSON: real resource types and fields with arbitrary values. */
const resourceLike = fc.record(
  {
    resourceType: fc.constantFrom(
      'Patient',
      'Condition',
      'Observation',
      'MedicationRequest',
      'Bundle',
      'Encounter',
      'x',
    ),
    id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    subject: fc.oneof(fc.record({ reference: fc.string() }), fc.string(), fc.constant(null)),
    birthDate: fc.oneof(fc.string(), fc.integer(), fc.constant('1970-01-01')),
    gender: fc.oneof(fc.constantFrom('female', 'male', 'other'), fc.anything()),
    code: fc.anything(),
    valueQuantity: fc.oneof(
      fc.record({ value: fc.oneof(fc.double(), fc.string()), unit: fc.string() }),
      fc.anything(),
    ),
    entry: fc.oneof(fc.array(fc.record({ resource: fc.anything() })), fc.anything()),
    effectiveDateTime: fc.oneof(
      fc.string(),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    ),
  },
  { requiredKeys: ['resourceType'] },
);

const deeplyNested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('FHIR readers on arbitrary input', () => {
  it('NDJSON: every line is a patient, a resource or an issue with its line; never an exception', async () => {
    const line = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      resourceLike.map((r) => JSON.stringify(r)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 30 }), async (lines) => {
        const ctx = context();
        const patients: PatientRecord[] = [];
        for await (const patient of readNdjsonLines(numbered(lines), 'random.ndjson', ctx))
          patients.push(patient);
        for (const issue of ctx.issues) {
          expect(issue.file).toBe('random.ndjson');
          expect(issue.reason.length).toBeGreaterThan(0);
        }
        for (const patient of patients) expect(patient.pid).toMatch(/^[0-9a-f]{32}$/);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('a Bundle of arbitrary JSON, or deeply nested JSON, is patients or issues', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          resourceLike.map((r) => JSON.stringify(r)),
        ),
        (text) => {
          const ctx = context();
          const patients = [...readBundleText(text, 'bundle.json', ctx)];
          expect(patients.length + ctx.issues.length).toBeGreaterThanOrEqual(0);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
    const ctx = context();
    expect([...readBundleText(deeplyNested(100_000), 'deep.json', ctx)]).toEqual([]);
    expect(ctx.issues.length).toBeGreaterThan(0);
  });
});

describe('trial validation on arbitrary JSON', () => {
  it('returns a trial or schema problems with paths, never throws', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const result = validateTrial(value);
        if (!result.ok) expect(result.issues.length).toBeGreaterThan(0);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('deeply nested criteria are schema problems, not a stack overflow', () => {
    const deep = JSON.parse(`{"id":"T","inclusion":${deeplyNested(50_000)}}`);
    const result = validateTrial(deep);
    expect(result.ok).toBe(false);
  });
});

describe('criteria on arbitrary patients', () => {
  const asOf = asOfInstants('2026-01-01');
  const coding = fc.record({
    system: fc.constantFrom('http://snomed.info/sct', 'http://loinc.org', 'x'),
    code: fc.constantFrom('44054006', '4548-4', '2339-0', '1'),
  });
  const window = fc.record({ years: fc.nat(5), months: fc.nat(24), days: fc.nat(400) }, { requiredKeys: [] });
  const criterion: fc.Arbitrary<Criterion> = fc.oneof(
    fc.record(
      { id: fc.constant('age'), type: fc.constant('age' as const), min: fc.nat(120), max: fc.nat(120) },
      { requiredKeys: ['id', 'type'] },
    ),
    fc.record({
      id: fc.constant('sex'),
      type: fc.constant('sex' as const),
      values: fc.subarray(['female', 'male', 'other', 'unknown'] as const),
    }),
    fc.record(
      {
        id: fc.constant('cond'),
        type: fc.constant('condition' as const),
        codes: fc.array(coding, { minLength: 1, maxLength: 3 }),
        active: fc.boolean(),
        within: window,
      },
      { requiredKeys: ['id', 'type', 'codes'] },
    ),
    fc.record(
      {
        id: fc.constant('obs'),
        type: fc.constant('observation' as const),
        codes: fc.array(coding, { minLength: 1, maxLength: 2 }),
        op: fc.constantFrom('<', '<=', '>', '>=', '=', '!=' as const),
        value: fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
        unit: fc.constantFrom('mg/dL', 'mmol/L', '%', 'mmol/mol', 'kg'),
        within: window,
        use: fc.constantFrom('latest', 'any', 'all' as const),
      },
      { requiredKeys: ['id', 'type', 'codes', 'op', 'value', 'unit'] },
    ),
    fc.record(
      {
        id: fc.constant('med'),
        type: fc.constant('medication' as const),
        codes: fc.array(coding, { minLength: 1, maxLength: 3 }),
        active: fc.boolean(),
        within: window,
      },
      { requiredKeys: ['id', 'type', 'codes'] },
    ),
  ) as fc.Arbitrary<Criterion>;
  const time = fc.oneof(
    fc.integer({ min: -5e12, max: 5e12 }),
    fc.constant(Number.NaN),
    fc.constant(undefined),
  );
  const patient: fc.Arbitrary<PatientRecord> = fc.record({
    pid: fc.constant('p'),
    sex: fc.constantFrom('female', 'male', 'other', 'unknown' as const),
    birthDate: time,
    deathDate: time,
    race: fc.constant('unknown' as const),
    ethnicity: fc.constant('unknown' as const),
    conditions: fc.array(
      fc.record({
        system: coding.map((c) => c.system),
        code: coding.map((c) => c.code),
        onset: time,
        abatement: time,
        clinicalStatus: fc.option(fc.string(), { nil: undefined }),
      }),
      { maxLength: 5 },
    ),
    observations: fc.array(
      fc.record({
        system: fc.constant('http://loinc.org'),
        code: coding.map((c) => c.code),
        value: fc.oneof(fc.double(), fc.constant(undefined)),
        unit: fc.option(fc.constantFrom('mg/dL', 'mmol/L', '%', 'mmol/mol', 'furlongs', ''), {
          nil: undefined,
        }),
        date: time,
      }),
      { maxLength: 5 },
    ),
    medications: fc.array(
      fc.record({
        system: coding.map((c) => c.system),
        code: coding.map((c) => c.code),
        start: time,
        end: time,
        status: fc.option(fc.string(), { nil: undefined }),
      }),
      { maxLength: 5 },
    ),
  }) as fc.Arbitrary<PatientRecord>;

  it('every criterion answers met, not_met or unknown (with a reason), and the patient a status', () => {
    fc.assert(
      fc.property(fc.array(criterion, { minLength: 1, maxLength: 4 }), patient, (criteria, p) => {
        for (const c of criteria) {
          const result = evaluateCriterion(c, p, asOf);
          expect(['met', 'not_met', 'unknown']).toContain(result.outcome);
        }
        const trial = {
          id: 'T',
          asOf: '2026-01-01',
          inclusion: criteria,
          exclusion: [],
        } as unknown as Parameters<typeof compileTrial>[0];
        const evaluation = evaluatePatient(compileTrial(trial), p);
        expect(['eligible', 'possibly_eligible', 'ineligible']).toContain(evaluation.status);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
