import { passOf, type CompiledTrial, type PatientEvaluation } from '../criteria/evaluate-patient';
import type { PatientRecord } from '../patient.types';
import { addToMix, emptyMix, type Mix } from './demographics';

/**
 * Exact counts for one cohort, accumulated one patient at a time (memory does not grow with patients).
 * Internal: these numbers are not yet suppressed and never leave the module as they are.
 */
export interface CohortTally {
  id: string;
  patients: number;
  deceased: number;
  eligible: number;
  possiblyEligible: number;
  /** Patients still in after each criterion (trial order): alive and no criterion failed so far (unknown stays in). */
  funnel: number[];
  /** Per criterion, among the living: met / not_met / unknown. */
  outcomes: { met: number; notMet: number; unknown: number }[];
  /** Demographic mix of the living population, and of the eligible. */
  population: Mix;
  eligibleMix: Mix;
}

export function newTally(id: string, criteria: number): CohortTally {
  return {
    id,
    patients: 0,
    deceased: 0,
    eligible: 0,
    possiblyEligible: 0,
    funnel: new Array<number>(criteria).fill(0),
    outcomes: Array.from({ length: criteria }, () => ({ met: 0, notMet: 0, unknown: 0 })),
    population: emptyMix(),
    eligibleMix: emptyMix(),
  };
}

export function addToTally(
  tally: CohortTally,
  compiled: CompiledTrial,
  patient: PatientRecord,
  evaluation: PatientEvaluation,
): void {
  tally.patients++;
  if (evaluation.deceased) {
    tally.deceased++;
    return;
  }
  addToMix(tally.population, patient, compiled.asOf);
  let stillIn = true;
  evaluation.results.forEach((result, i) => {
    const o = tally.outcomes[i];
    if (result.outcome === 'met') o.met++;
    else if (result.outcome === 'not_met') o.notMet++;
    else o.unknown++;
    if (stillIn && passOf(compiled.criteria[i].role, result) === 'fail') stillIn = false;
    if (stillIn) tally.funnel[i]++;
  });
  if (evaluation.status === 'eligible') {
    tally.eligible++;
    addToMix(tally.eligibleMix, patient, compiled.asOf);
  } else if (evaluation.status === 'possibly_eligible') tally.possiblyEligible++;
}

export function mergeTallies(into: CohortTally, from: CohortTally): void {
  into.patients += from.patients;
  into.deceased += from.deceased;
  into.eligible += from.eligible;
  into.possiblyEligible += from.possiblyEligible;
  from.funnel.forEach((n, i) => (into.funnel[i] += n));
  from.outcomes.forEach((o, i) => {
    into.outcomes[i].met += o.met;
    into.outcomes[i].notMet += o.notMet;
    into.outcomes[i].unknown += o.unknown;
  });
  for (const mix of ['population', 'eligibleMix'] as const) {
    for (const [dimension, counts] of Object.entries(from[mix])) {
      for (const [category, n] of Object.entries(counts)) into[mix][dimension as keyof Mix][category] += n;
    }
  }
}
