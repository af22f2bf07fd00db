import type { ConditionFact, MedicationFact, ObservationFact, PatientRecord } from '../patient.types';
import type {
  AgeCriterion,
  Coding,
  ComparisonOp,
  ConditionCriterion,
  Criterion,
  MedicationCriterion,
  ObservationCriterion,
  SexCriterion,
} from '../trial.types';
import { ageInYears, describeWindow, isoDate, windowStart, type AsOf } from './time';
import { analyteOf, convertUnit } from './units';

export type Outcome = 'met' | 'not_met' | 'unknown';

/** What a criterion's answer rests on (patient-level output only: dates and values, never source ids). */
export interface Evidence {
  code?: string;
  value?: number | string;
  unit?: string;
  date?: string;
}

export interface CriterionResult {
  id: string;
  outcome: Outcome;
  /** One sentence: why this outcome (the evidence in words, or what is missing). */
  reason: string;
  evidence: Evidence[];
}

/** Conditions no longer present whatever the abatement date says (FHIR clinicalStatus). */
const INACTIVE_CONDITION = new Set(['inactive', 'remission', 'resolved']);
/** Medication statuses that mean the patient is not taking it. */
const INACTIVE_MEDICATION = new Set([
  'stopped',
  'completed',
  'cancelled',
  'entered-in-error',
  'not-taken',
  'on-hold',
  'draft',
]);
/** Relative tolerance of `=` and `!=` after unit conversion. */
const EQUALITY_TOLERANCE = 1e-9;

export function evaluateCriterion(criterion: Criterion, patient: PatientRecord, asOf: AsOf): CriterionResult {
  switch (criterion.type) {
    case 'age':
      return evaluateAge(criterion, patient, asOf);
    case 'sex':
      return evaluateSex(criterion, patient);
    case 'condition':
      return evaluateCondition(criterion, patient, asOf);
    case 'observation':
      return evaluateObservation(criterion, patient, asOf);
    case 'medication':
      return evaluateMedication(criterion, patient, asOf);
  }
}

function result(id: string, outcome: Outcome, reason: string, evidence: Evidence[] = []): CriterionResult {
  return { id, outcome, reason, evidence };
}

function evaluateAge(c: AgeCriterion, p: PatientRecord, asOf: AsOf): CriterionResult {
  if (p.birthDate === undefined) return result(c.id, 'unknown', 'birth date missing');
  const age = ageInYears(p.birthDate, asOf);
  const ok = (c.min === undefined || age >= c.min) && (c.max === undefined || age <= c.max);
  const range = `${c.min ?? 0}–${c.max ?? '∞'}`;
  return result(
    c.id,
    ok ? 'met' : 'not_met',
    `age ${age} on ${asOf.date} ${ok ? 'in' : 'outside'} ${range}`,
    [{ value: age, unit: 'a' }],
  );
}

function evaluateSex(c: SexCriterion, p: PatientRecord): CriterionResult {
  if (p.sex === 'unknown' && !c.values.includes('unknown'))
    return result(c.id, 'unknown', 'sex not recorded');
  const ok = c.values.includes(p.sex);
  return result(c.id, ok ? 'met' : 'not_met', `sex ${p.sex}${ok ? '' : `, not ${c.values.join('/')}`}`, [
    { value: p.sex },
  ]);
}

/** Whether a fact's coding is one of the criterion's (system compared without case or trailing slash). */
export function matches(codes: Coding[], fact: { system: string; code: string }): boolean {
  return codes.some((c) => c.code === fact.code && sameSystem(c.system, fact.system));
}

function sameSystem(a: string, b: string): boolean {
  return a === b || a.replace(/\/$/, '').toLowerCase() === b.replace(/\/$/, '').toLowerCase();
}

function codeList(codes: Coding[]): string {
  return codes.map((c) => c.display ?? c.code).join(', ');
}

/**
 * condition: any coding in the set, with onset on or before asOf. `active: true`: not abated at asOf (no
 * abatement date on or before it, and no inactive/remission/resolved clinical status without dates). `within`:
 * onset inside the window ending at asOf.
 */
function evaluateCondition(c: ConditionCriterion, p: PatientRecord, asOf: AsOf): CriterionResult {
  const from = c.within ? windowStart(asOf, c.within) : undefined;
  const candidates = p.conditions.filter(
    (f) => matches(c.codes, f) && (f.onset === undefined || f.onset <= asOf.end),
  );
  let undetermined: ConditionFact | undefined;
  let abated: ConditionFact | undefined;
  for (const f of candidates) {
    if (c.active && !conditionActive(f, asOf)) {
      abated ??= f;
      continue;
    }
    if (from !== undefined) {
      if (f.onset === undefined) {
        undetermined ??= f;
        continue;
      }
      if (f.onset < from) continue;
    }
    return result(
      c.id,
      'met',
      `${f.code} since ${f.onset === undefined ? 'an unrecorded date' : isoDate(f.onset)}${c.active ? ', active' : ''}`,
      [conditionEvidence(f)],
    );
  }
  if (undetermined) {
    return result(
      c.id,
      'unknown',
      `${undetermined.code} recorded without an onset date, so the ${describeWindow(c.within!)} window cannot be checked`,
      [conditionEvidence(undetermined)],
    );
  }
  const scope = `${c.active ? ' active on ' + asOf.date : ''}${c.within ? ` with onset in the ${describeWindow(c.within)} before ${asOf.date}` : ''}`;
  if (abated) {
    return result(
      c.id,
      'not_met',
      `${abated.code} present but not active on ${asOf.date}${abated.abatement !== undefined ? ` (abated ${isoDate(abated.abatement)})` : ` (status ${abated.clinicalStatus})`}`,
      [conditionEvidence(abated)],
    );
  }
  return result(c.id, 'not_met', `no condition among ${codeList(c.codes)}${scope}`);
}

function conditionActive(f: ConditionFact, asOf: AsOf): boolean {
  if (f.abatement !== undefined) return f.abatement > asOf.end;
  return !INACTIVE_CONDITION.has(f.clinicalStatus ?? '');
}

function conditionEvidence(f: ConditionFact): Evidence {
  return { code: f.code, date: f.onset === undefined ? undefined : isoDate(f.onset) };
}

/**
 * observation: the matching observations dated inside the window (or on/before asOf without one), each converted
 * to the criterion's unit. latest: the newest decides; any: one satisfying is enough; all: every one must.
 * No observation, no value, or a unit that does not convert → unknown with the reason.
 */
function evaluateObservation(c: ObservationCriterion, p: PatientRecord, asOf: AsOf): CriterionResult {
  const codes = c.codes ?? (c.code ? [c.code] : []);
  const from = c.within ? windowStart(asOf, c.within) : Number.NEGATIVE_INFINITY;
  const facts = p.observations
    .filter((f) => matches(codes, f) && f.date !== undefined && f.date >= from && f.date <= asOf.end)
    .sort((a, b) => b.date! - a.date!);
  const where = c.within
    ? `in the ${describeWindow(c.within)} before ${asOf.date}`
    : `on or before ${asOf.date}`;
  if (facts.length === 0) return result(c.id, 'unknown', `no ${codeList(codes)} observation ${where}`);
  const use = c.use ?? 'latest';
  const judged = (use === 'latest' ? facts.slice(0, 1) : facts).map((f) => judge(c, f));
  const evidence = judged.map((j) => j.evidence);
  const passing = judged.filter((j) => j.outcome === 'met');
  const failing = judged.filter((j) => j.outcome === 'not_met');
  const unusable = judged.filter((j) => j.outcome === 'unknown');
  const target = `${c.op} ${c.value} ${c.unit}`;
  if (use === 'latest') {
    const j = judged[0];
    return result(
      c.id,
      j.outcome,
      `latest ${j.text}${j.outcome === 'unknown' ? '' : j.outcome === 'met' ? ` ${target}` : `, not ${target}`}`,
      evidence,
    );
  }
  if (use === 'any') {
    if (passing.length > 0)
      return result(
        c.id,
        'met',
        `${passing[0].text} ${target} (${passing.length} of ${judged.length} ${where})`,
        passing.map((j) => j.evidence),
      );
    if (unusable.length > 0)
      return result(
        c.id,
        'unknown',
        `none of ${failing.length} usable values ${target}; ${unusable[0].text}`,
        evidence,
      );
    return result(c.id, 'not_met', `none of ${judged.length} values ${where} ${target}`, evidence);
  }
  if (failing.length > 0)
    return result(
      c.id,
      'not_met',
      `${failing[0].text}, not ${target} (${failing.length} of ${judged.length} fail)`,
      failing.map((j) => j.evidence),
    );
  if (unusable.length > 0) return result(c.id, 'unknown', `${unusable[0].text}`, evidence);
  return result(c.id, 'met', `all ${judged.length} values ${where} ${target}`, evidence);
}

function judge(
  c: ObservationCriterion,
  f: ObservationFact,
): { outcome: Outcome; text: string; evidence: Evidence } {
  const date = isoDate(f.date!);
  const evidence: Evidence = { code: f.code, value: f.value, unit: f.unit, date };
  if (f.value === undefined)
    return { outcome: 'unknown', text: `${f.code} on ${date} has no numeric value`, evidence };
  if (f.unit === undefined)
    return { outcome: 'unknown', text: `${f.code} ${f.value} on ${date} has no unit`, evidence };
  const converted = convertUnit(f.value, f.unit, c.unit, analyteOf(f.code));
  if (typeof converted !== 'number') {
    return {
      outcome: 'unknown',
      text: `${f.code} ${f.value} ${f.unit} on ${date}: ${converted.reason}`,
      evidence,
    };
  }
  const shown =
    converted === f.value ? `${f.value} ${f.unit}` : `${f.value} ${f.unit} (= ${round(converted)} ${c.unit})`;
  return {
    outcome: compare(converted, c.op, c.value) ? 'met' : 'not_met',
    text: `${f.code} ${shown} on ${date}`,
    evidence,
  };
}

export function compare(a: number, op: ComparisonOp, b: number): boolean {
  const equal = Math.abs(a - b) <= EQUALITY_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
  switch (op) {
    case '<':
      return a < b && !equal;
    case '<=':
      return a < b || equal;
    case '>':
      return a > b && !equal;
    case '>=':
      return a > b || equal;
    case '=':
      return equal;
    case '!=':
      return !equal;
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * medication: any coding in the set, started on or before asOf. `active: true`: an order or statement in force
 * at asOf (no end on or before it, status not stopped/completed/…). `within`: a period overlapping the window.
 */
function evaluateMedication(c: MedicationCriterion, p: PatientRecord, asOf: AsOf): CriterionResult {
  const candidates = p.medications.filter(
    (f) => matches(c.codes, f) && (f.start === undefined || f.start <= asOf.end),
  );
  const from = c.within ? windowStart(asOf, c.within) : undefined;
  let inactive: MedicationFact | undefined;
  for (const f of candidates) {
    if (c.active && !medicationActive(f, asOf)) {
      inactive ??= f;
      continue;
    }
    if (!c.active && from !== undefined && f.end !== undefined && f.end < from) continue;
    const since = f.start === undefined ? 'an unrecorded date' : isoDate(f.start);
    return result(c.id, 'met', `${f.code} since ${since}${c.active ? ', active' : ''}`, [
      medicationEvidence(f),
    ]);
  }
  if (inactive) {
    const why =
      inactive.end !== undefined && inactive.end <= asOf.end
        ? `ended ${isoDate(inactive.end)}`
        : `status ${inactive.status}`;
    return result(c.id, 'not_met', `${inactive.code} not active on ${asOf.date} (${why})`, [
      medicationEvidence(inactive),
    ]);
  }
  const scope = c.active
    ? ` active on ${asOf.date}`
    : from !== undefined
      ? ` in the ${describeWindow(c.within!)} before ${asOf.date}`
      : '';
  return result(c.id, 'not_met', `no medication among ${codeList(c.codes)}${scope}`);
}

function medicationActive(f: MedicationFact, asOf: AsOf): boolean {
  if (f.end !== undefined && f.end <= asOf.end) return false;
  return !INACTIVE_MEDICATION.has(f.status ?? '');
}

function medicationEvidence(f: MedicationFact): Evidence {
  return { code: f.code, date: f.start === undefined ? undefined : isoDate(f.start), value: f.status };
}
