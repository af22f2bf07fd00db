import type { Sex } from './trial.types';

/**
 * One patient as the criteria see it, whatever the source format. Dates are epoch milliseconds (UTC).
 * No name, no street address and no source identifier is kept: `pid` is a keyed hash (see pseudonym.ts).
 * Birth date, city and postal code are kept only for evaluation and site matching; no output carries them.
 */
export interface PatientRecord {
  pid: string;
  sex: Sex;
  birthDate?: number;
  deathDate?: number;
  city?: string;
  state?: string;
  postalCode?: string;
  race: Race;
  ethnicity: Ethnicity;
  conditions: ConditionFact[];
  observations: ObservationFact[];
  medications: MedicationFact[];
  /**
   * The site already matched for one trial: set on patients restored from a trial's stored patient set, whose
   * address and encounters were dropped once matched (see stored-patient.ts). `assignSite` returns it as it is.
   */
  assignedSite?: string;
  /** The service provider (organization id and, when known, name) of the latest encounter. */
  latestEncounter?: { date: number; organizationId?: string; organizationName?: string };
}

export type Race = 'white' | 'black' | 'asian' | 'native' | 'pacific' | 'other' | 'unknown';
export type Ethnicity = 'hispanic' | 'nonhispanic' | 'unknown';

export interface ConditionFact {
  system: string;
  code: string;
  onset?: number;
  abatement?: number;
  /** FHIR clinicalStatus code (active, recurrence, relapse, inactive, remission, resolved) when given. */
  clinicalStatus?: string;
}

export interface ObservationFact {
  system: string;
  code: string;
  value?: number;
  unit?: string;
  date?: number;
}

export interface MedicationFact {
  system: string;
  code: string;
  start?: number;
  end?: number;
  /** FHIR status of the MedicationRequest/MedicationStatement (active, stopped, completed, …) when given. */
  status?: string;
}

/** A resource or row that could not be used: where it is and why. The rest of the input goes on. */
export interface IngestIssue {
  file: string;
  /** 1-based line (NDJSON, CSV) when the source has lines. */
  line?: number;
  /** 0-based Bundle.entry index when the resource came from a bundle. */
  entry?: number;
  reason: string;
}

export const SYSTEMS = {
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
} as const;
