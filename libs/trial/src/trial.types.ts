/**
 * A trial definition: the TypeScript view of `libs/trial/schema/trial.schema.json` (the contract of
 * `TRIAL_FORMAT.md`, with the documented extensions). Values of this type have passed `validateTrial`.
 */
export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface Window {
  years?: number;
  months?: number;
  days?: number;
}

export type ComparisonOp = '<' | '<=' | '>' | '>=' | '=' | '!=';
export type Sex = 'female' | 'male' | 'other' | 'unknown';

interface CriterionBase {
  id: string;
  /** Free text shown in reports ("HbA1c ≥ 7 % in the last 12 months"). */
  label?: string;
}

export interface AgeCriterion extends CriterionBase {
  type: 'age';
  min?: number;
  max?: number;
}

export interface SexCriterion extends CriterionBase {
  type: 'sex';
  values: Sex[];
}

export interface ConditionCriterion extends CriterionBase {
  type: 'condition';
  codes: Coding[];
  active?: boolean;
  within?: Window;
}

export interface ObservationCriterion extends CriterionBase {
  type: 'observation';
  code?: Coding;
  /** Extension: several equivalent codes (e.g. HbA1c in % and in mmol/mol); `code` or `codes` is required. */
  codes?: Coding[];
  op: ComparisonOp;
  value: number;
  unit: string;
  within?: Window;
  use?: 'latest' | 'any' | 'all';
}

export interface MedicationCriterion extends CriterionBase {
  type: 'medication';
  codes: Coding[];
  active?: boolean;
  within?: Window;
}

export type Criterion =
  AgeCriterion | SexCriterion | ConditionCriterion | ObservationCriterion | MedicationCriterion;
export type CriterionType = Criterion['type'];

export interface SiteMatch {
  city?: string[];
  postalCodePrefix?: string[];
  state?: string[];
  /** Organization id or name of the patient's latest encounter's service provider. */
  organization?: string[];
}

export interface Site {
  id: string;
  name: string;
  match: SiteMatch;
  activationMonth?: number;
}

export type SegmentDimension = 'sex' | 'ageBand' | 'race' | 'ethnicity';

export interface Assumptions {
  consentRate: number;
  screenFailureRate: number;
  /** Extension: the share of possibly eligible patients expected to turn out eligible (default 0.5). */
  possiblyEligibleShare?: number;
  /** Extension: months a site needs to approach its whole expected pool (default 12). */
  accrualMonths?: number;
  /** Extension: gamma shape α of the between-site rate variation (default 2). */
  rateShape?: number;
  /** Extension: central probability of the forecast interval (default 0.9: 5th to 95th percentile). */
  intervalLevel?: number;
  /** Extension: Monte Carlo draws (default 2000) and seed (default 1). */
  forecastDraws?: number;
  seed?: number;
  /** Extension: the forecast horizon in months (default 60); later means "not reached". */
  horizonMonths?: number;
}

export interface Trial {
  $schema?: string;
  id: string;
  title: string;
  description?: string;
  asOf: string;
  targetEnrollment: number;
  inclusion: Criterion[];
  exclusion: Criterion[];
  sites: Site[];
  /** Extension: split every site cohort by a demographic dimension. */
  segmentBy?: SegmentDimension;
  assumptions: Assumptions;
}

/** The assumptions with every default applied. */
export type ResolvedAssumptions = Required<Assumptions>;

export function resolveAssumptions(a: Assumptions): ResolvedAssumptions {
  return {
    consentRate: a.consentRate,
    screenFailureRate: a.screenFailureRate,
    possiblyEligibleShare: a.possiblyEligibleShare ?? 0.5,
    accrualMonths: a.accrualMonths ?? 12,
    rateShape: a.rateShape ?? 2,
    intervalLevel: a.intervalLevel ?? 0.9,
    forecastDraws: a.forecastDraws ?? 2000,
    seed: a.seed ?? 1,
    horizonMonths: a.horizonMonths ?? 60,
  };
}
