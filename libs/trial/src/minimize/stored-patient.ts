import type { CompiledTrial } from '../criteria/evaluate-patient';
import { matches } from '../criteria/evaluate-criterion';
import { ageInYears } from '../criteria/time';
import { assignSite } from '../cohorts/site-assignment';
import type {
  ConditionFact,
  Ethnicity,
  MedicationFact,
  ObservationFact,
  PatientRecord,
  Race,
} from '../patient.types';
import type { Coding, Sex } from '../trial.types';

/**
 * A patient as a trial's stored patient set keeps it: only what that trial's evaluation reads. Patient sets are
 * uploaded to one trial, so everything that depends on the trial alone is settled at ingest and the raw value
 * dropped: the address becomes the matched site, the birth date the whole-year age at `asOf`, the death date a
 * flag, and only the conditions, observations and medications whose codes a criterion names are kept.
 * Evaluating the restored record (`fromStoredPatient`) gives exactly the result of the original record.
 */
export interface StoredPatient {
  pid: string;
  /** The cohort's site id (or "unassigned"), matched at ingest on city, postal code, state or organization. */
  site: string;
  sex: Sex;
  /** Whole years on the trial's asOf date; absent when the birth date is unknown. */
  age?: number;
  /** Dead on or before asOf (the only thing the evaluation asks of a death date). */
  deceased?: true;
  race: Race;
  ethnicity: Ethnicity;
  conditions: ConditionFact[];
  observations: ObservationFact[];
  medications: MedicationFact[];
}

/** Every coding a criterion of the trial names, per fact kind. */
function criterionCodes(
  compiled: CompiledTrial,
): Record<'condition' | 'observation' | 'medication', Coding[]> {
  const codes = { condition: [] as Coding[], observation: [] as Coding[], medication: [] as Coding[] };
  for (const { criterion: c } of compiled.criteria) {
    if (c.type === 'condition' || c.type === 'medication') codes[c.type].push(...c.codes);
    else if (c.type === 'observation') codes.observation.push(...(c.codes ?? (c.code ? [c.code] : [])));
  }
  return codes;
}

/** Minimizes patients for one trial (compiled once, reused for every patient). */
export function patientMinimizer(compiled: CompiledTrial): (patient: PatientRecord) => StoredPatient {
  const codes = criterionCodes(compiled);
  return (p) => {
    const stored: StoredPatient = {
      pid: p.pid,
      site: assignSite(compiled.trial.sites, p),
      sex: p.sex,
      race: p.race,
      ethnicity: p.ethnicity,
      conditions: p.conditions.filter((f) => matches(codes.condition, f)),
      observations: p.observations.filter((f) => matches(codes.observation, f)),
      medications: p.medications.filter((f) => matches(codes.medication, f)),
    };
    if (p.birthDate !== undefined) stored.age = ageInYears(p.birthDate, compiled.asOf);
    if (p.deathDate !== undefined && p.deathDate <= compiled.asOf.end) stored.deceased = true;
    return stored;
  };
}

/**
 * The record the criteria evaluate for a stored patient. The birth date is 1 January of (asOf year − age), the
 * one date that gives back the same whole-year age at asOf whatever asOf's month and day; the death date, when
 * deceased, is asOf itself. Neither is a real date of the patient: they exist only in memory, for evaluation.
 */
export function fromStoredPatient(compiled: CompiledTrial, s: StoredPatient): PatientRecord {
  const asOfYear = new Date(compiled.asOf.start).getUTCFullYear();
  return {
    pid: s.pid,
    sex: s.sex,
    race: s.race,
    ethnicity: s.ethnicity,
    birthDate: s.age === undefined ? undefined : januaryFirst(asOfYear - s.age),
    deathDate: s.deceased ? compiled.asOf.start : undefined,
    assignedSite: s.site,
    conditions: s.conditions,
    observations: s.observations,
    medications: s.medications,
  };
}

/** 1 January of a year, UTC (Date.UTC would read years 0–99 as 1900–1999). */
function januaryFirst(year: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, 0, 1);
  return d.getTime();
}
