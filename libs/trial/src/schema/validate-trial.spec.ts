import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractTrial } from '../test-support/patients';
import { parseTrial, validateTrial, TrialDefinitionError } from './validate-trial';

const example = join(__dirname, '../../../../examples/trial/t2d-001.json');

function issuesOf(value: unknown) {
  const r = validateTrial(value);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('validateTrial', () => {
  it('accepts the contract example and the repository example', () => {
    expect(issuesOf(contractTrial())).toEqual([]);
    expect(() => parseTrial(readFileSync(example, 'utf8'), example)).not.toThrow();
  });

  it('lists every schema error with its path', () => {
    const t = contractTrial() as unknown as Record<string, unknown>;
    delete t.asOf;
    t.targetEnrollment = 0;
    t.extra = true;
    (t.inclusion as Record<string, unknown>[])[2].op = '≥';
    (t.exclusion as Record<string, unknown>[])[0].within = {};
    expect(issuesOf(t)).toEqual([
      'asOf: is required',
      'targetEnrollment: must be ≥ 1, got 0',
      'inclusion[2].op: must be one of "<", "<=", ">", ">=", "=", "!=", got string "≥"',
      'exclusion[0].within: must have at least 1 of: years, months, days',
      'extra: is not allowed here (allowed: $schema, id, title, description, asOf, targetEnrollment, inclusion, exclusion, sites, segmentBy, assumptions)',
    ]);
  });

  it('names an unknown criterion type and the types it knows', () => {
    const t = contractTrial() as unknown as { inclusion: Record<string, unknown>[] };
    t.inclusion[1] = { id: 'I2', type: 'procedure', codes: [] };
    expect(issuesOf(t)).toEqual([
      'inclusion[1].type: unknown type "procedure"; expected one of age, sex, condition, observation, medication',
    ]);
  });

  it('checks what the schema cannot: unique ids, min ≤ max, real dates, code or codes', () => {
    const t = contractTrial();
    t.asOf = '2026-02-30';
    expect(issuesOf(t)).toEqual(['asOf: must be a date YYYY-MM-DD, got "2026-02-30"']);
    const u = contractTrial();
    u.exclusion[0].id = 'I1';
    u.inclusion[0] = { id: 'I1', type: 'age', min: 80, max: 18 };
    u.sites[1].id = 'S1';
    expect(issuesOf(u)).toEqual([
      'inclusion[0]: min (80) must not exceed max (18)',
      'exclusion[0].id: duplicate criterion id "I1" (first at inclusion[0].id)',
      'sites[1].id: duplicate site id "S1"',
    ]);
    const v = contractTrial() as unknown as { inclusion: Record<string, unknown>[] };
    delete v.inclusion[2].code;
    expect(issuesOf(v)).toEqual(['inclusion[2]: needs code or codes']);
  });

  it('parseTrial reports bad JSON and schema errors as one TrialDefinitionError naming the source', () => {
    expect(() => parseTrial('{ "id": ', 'bad.json')).toThrow(TrialDefinitionError);
    expect(() => parseTrial('{ "id": ', 'bad.json')).toThrow(
      /^bad\.json: invalid trial definition:\n {2}\(root\): not valid JSON/,
    );
    expect(() => parseTrial('[]', 'list.json')).toThrow(
      'list.json: invalid trial definition:\n  (root): must be an object, got an array',
    );
  });
});
