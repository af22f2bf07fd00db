import { ageInYears, type AsOf } from '../criteria/time';
import type { PatientRecord } from '../patient.types';
import type { SegmentDimension } from '../trial.types';

/** The age bands of the demographic mix (years at asOf). 90+ is not split further (HIPAA Safe Harbor). */
export const AGE_BANDS = ['0-17', '18-34', '35-49', '50-64', '65-74', '75-89', '90+'] as const;

export const DIMENSIONS: readonly SegmentDimension[] = ['sex', 'ageBand', 'race', 'ethnicity'];

export const CATEGORIES: Record<SegmentDimension, readonly string[]> = {
  sex: ['female', 'male', 'other', 'unknown'],
  ageBand: [...AGE_BANDS, 'unknown'],
  race: ['white', 'black', 'asian', 'native', 'pacific', 'other', 'unknown'],
  ethnicity: ['hispanic', 'nonhispanic', 'unknown'],
};

export function ageBand(patient: PatientRecord, asOf: AsOf): string {
  if (patient.birthDate === undefined) return 'unknown';
  const age = ageInYears(patient.birthDate, asOf);
  if (age < 18) return '0-17';
  if (age < 35) return '18-34';
  if (age < 50) return '35-49';
  if (age < 65) return '50-64';
  if (age < 75) return '65-74';
  if (age < 90) return '75-89';
  return '90+';
}

export function dimensionValue(dimension: SegmentDimension, patient: PatientRecord, asOf: AsOf): string {
  switch (dimension) {
    case 'sex':
      return patient.sex;
    case 'ageBand':
      return ageBand(patient, asOf);
    case 'race':
      return patient.race;
    case 'ethnicity':
      return patient.ethnicity;
  }
}

export type Mix = Record<SegmentDimension, Record<string, number>>;

export function emptyMix(): Mix {
  const mix = {} as Mix;
  for (const d of DIMENSIONS) mix[d] = Object.fromEntries(CATEGORIES[d].map((c) => [c, 0]));
  return mix;
}

export function addToMix(mix: Mix, patient: PatientRecord, asOf: AsOf): void {
  for (const d of DIMENSIONS) mix[d][dimensionValue(d, patient, asOf)]++;
}

/**
 * Representativeness of a group against a reference population, per dimension: 1 − total variation distance
 * = 1 − ½ Σ_c |p_group(c) − p_reference(c)|, in [0, 1] (1: the same mix; 0: no category in common). Overall:
 * the mean over the dimensions. Null when the group or the reference is empty.
 */
export function representativeness(
  group: Mix,
  reference: Mix,
): { overall: number | null; byDimension: Record<SegmentDimension, number | null> } {
  const byDimension = {} as Record<SegmentDimension, number | null>;
  const values: number[] = [];
  for (const d of DIMENSIONS) {
    const g = total(group[d]);
    const r = total(reference[d]);
    if (g === 0 || r === 0) {
      byDimension[d] = null;
      continue;
    }
    let distance = 0;
    for (const c of CATEGORIES[d]) distance += Math.abs((group[d][c] ?? 0) / g - (reference[d][c] ?? 0) / r);
    const score = 1 - distance / 2;
    byDimension[d] = score;
    values.push(score);
  }
  return {
    overall: values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length,
    byDimension,
  };
}

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
