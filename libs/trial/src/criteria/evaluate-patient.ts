import type { PatientRecord } from '../patient.types';
import type { Criterion, Trial } from '../trial.types';
import { evaluateCriterion, type CriterionResult } from './evaluate-criterion';
import { asOfInstants, type AsOf } from './time';

export type PatientStatus = 'eligible' | 'possibly_eligible' | 'ineligible';

export interface PatientEvaluation {
  pid: string;
  status: PatientStatus;
  /** Dead on or before asOf: ineligible before any criterion (the first step of every funnel). */
  deceased: boolean;
  /** The id of the first criterion that fails (inclusion not met, or exclusion met), in trial order. */
  firstFailing?: string;
  /** One result per criterion: inclusion then exclusion, in the trial's order. */
  results: CriterionResult[];
}

/** Whether a criterion's outcome lets the patient through: inclusion met, exclusion not met. */
export type Pass = 'pass' | 'fail' | 'unknown';

export interface CompiledTrial {
  trial: Trial;
  asOf: AsOf;
  /** Inclusion then exclusion, with the role of each. */
  criteria: { criterion: Criterion; role: 'inclusion' | 'exclusion' }[];
}

export function compileTrial(trial: Trial): CompiledTrial {
  return {
    trial,
    asOf: asOfInstants(trial.asOf),
    criteria: [
      ...trial.inclusion.map((criterion) => ({ criterion, role: 'inclusion' as const })),
      ...trial.exclusion.map((criterion) => ({ criterion, role: 'exclusion' as const })),
    ],
  };
}

export function passOf(role: 'inclusion' | 'exclusion', result: CriterionResult): Pass {
  if (result.outcome === 'unknown') return 'unknown';
  return (result.outcome === 'met') === (role === 'inclusion') ? 'pass' : 'fail';
}

/**
 * Every criterion for one patient. Eligible: every inclusion met and no exclusion met; possibly eligible: none
 * fails but some are unknown; ineligible otherwise, naming the first failing criterion.
 */
export function evaluatePatient(compiled: CompiledTrial, patient: PatientRecord): PatientEvaluation {
  const deceased = patient.deathDate !== undefined && patient.deathDate <= compiled.asOf.end;
  const results = compiled.criteria.map(({ criterion }) =>
    evaluateCriterion(criterion, patient, compiled.asOf),
  );
  let firstFailing: string | undefined;
  let anyUnknown = false;
  results.forEach((r, i) => {
    const pass = passOf(compiled.criteria[i].role, r);
    if (pass === 'fail') firstFailing ??= r.id;
    if (pass === 'unknown') anyUnknown = true;
  });
  const status: PatientStatus =
    deceased || firstFailing !== undefined ? 'ineligible' : anyUnknown ? 'possibly_eligible' : 'eligible';
  return { pid: patient.pid, status, deceased, firstFailing, results };
}
