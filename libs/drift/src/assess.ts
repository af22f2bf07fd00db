import { propertyLabel } from './drift-properties';
import { binOf, populationStabilityIndex, psiNoiseBound, psiTerms } from './psi';
import type { PropertyReference, TrainingReference } from './reference';

/**
 * When a library counts as drifted from a model's training set. Property PSI: below 0.1 no shift, 0.1–0.25
 * moderate, above 0.25 drift (the common reading of the index) — and, for drift, above the PSI that sampling alone
 * reaches once in 1,000 at this library's size (`psiNoiseBound`). Out-of-domain rate: drift when it exceeds the
 * held-out molecules' rate by more than 0.2 and by more than 3.09 standard errors (one-sided 0.1 %).
 */
export const DRIFT_THRESHOLDS = {
  psiModerate: 0.1,
  psiDrift: 0.25,
  outOfDomainExcess: 0.2,
  outOfDomainZ: 3.090232,
} as const;

/** Bin counts of a library for one model's reference: what a screen stores and a day's roll-up adds up. */
export interface DriftCounts {
  /** Molecules counted (valid, with a domain assessment). */
  molecules: number;
  outOfDomain: number;
  /** Per property name (and per prediction key `<model>.<task>`), counts over the reference's bins for it. */
  properties: Record<string, number[]>;
}

export interface PropertyDrift {
  name: string;
  psi: number;
}

/** `models drift` / `GET /screens/:id/drift`: the issue's fields first, then what explains them. */
export interface DriftReport {
  molecules: number;
  outOfDomainRate: number;
  properties: PropertyDrift[];
  drift: boolean;
  reasons: string[];
  model: string;
  /**
   * PSI of the model's predictions against their distribution on the held-out molecules (per task; empty when
   * the library was not scored, as in `models drift`). Reported, never a reason for `drift`: a library rich in
   * actives shifts it on purpose.
   */
  predictions: PropertyDrift[];
  /**
   * Shifts between 0.1 and 0.25 (or above 0.25 but within sampling noise), and prediction shifts above 0.25: worth
   * a look, not drift.
   */
  moderate: string[];
  referenceOutOfDomainRate: number;
  thresholds: typeof DRIFT_THRESHOLDS;
}

/** The binned quantities of a reference: the properties, then the predictions. */
const binned = (reference: TrainingReference): PropertyReference[] => [
  ...reference.properties,
  ...(reference.predictions ?? []),
];

export function emptyCounts(reference: TrainingReference): DriftCounts {
  return {
    molecules: 0,
    outOfDomain: 0,
    properties: Object.fromEntries(
      binned(reference).map((p) => [p.name, new Array<number>(p.counts.length).fill(0)]),
    ),
  };
}

/**
 * Counts one molecule: its properties (and predictions `<model>.<task>`, when given) into their bins, and whether
 * it lies outside the model's domain.
 */
export function countMolecule(
  reference: TrainingReference,
  counts: DriftCounts,
  properties: Record<string, number | boolean | null | undefined>,
  inDomain: boolean,
): void {
  counts.molecules++;
  if (!inDomain) counts.outOfDomain++;
  for (const p of binned(reference)) {
    const value = properties[p.name];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    counts.properties[p.name][binOf(value, p.edges)]++;
  }
}

/** Adds `b` into `a` (same reference): a day is the sum of its screens. */
export function addCounts(a: DriftCounts, b: DriftCounts): DriftCounts {
  a.molecules += b.molecules;
  a.outOfDomain += b.outOfDomain;
  for (const [name, bins] of Object.entries(b.properties)) {
    const into = (a.properties[name] ??= new Array<number>(bins.length).fill(0));
    bins.forEach((c, i) => (into[i] += c));
  }
  return a;
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));
const percent = (x: number) => `${(100 * x).toFixed(0)}%`;

function binLabel(p: PropertyReference, bin: number): string {
  if (bin === 0) return `≤ ${p.edges[0]}`;
  if (bin === p.edges.length) return `> ${p.edges[p.edges.length - 1]}`;
  return `${p.edges[bin - 1]}–${p.edges[bin]}`;
}

/** `MW: PSI 2.31 (> 0.25); 87% of the library in bin > 480.6 vs 10% of the training set`: where mass moved to. */
function describeShift(
  p: PropertyReference,
  actual: number[],
  psi: number,
  limit: string,
  against = 'the training set',
): string {
  const top = psiTerms(p.counts, actual).sort((x, y) => y.actual - y.expected - (x.actual - x.expected))[0];
  return (
    `${propertyLabel(p.name)}: PSI ${psi.toFixed(2)} (${limit}); ${percent(top.actual)} of the library in bin ` +
    `${binLabel(p, top.bin)} vs ${percent(top.expected)} of ${against}`
  );
}

/** Compares a library's counts with the model's training reference (DRIFT_THRESHOLDS). */
export function assessDrift(reference: TrainingReference, counts: DriftCounts): DriftReport {
  const t = DRIFT_THRESHOLDS;
  const reasons: string[] = [];
  const moderate: string[] = [];
  const properties: PropertyDrift[] = [];
  for (const p of reference.properties) {
    // stored counts omit empty bins at the end: pad to the reference's bins
    const actual = Array.from({ length: p.counts.length }, (_, i) => counts.properties[p.name]?.[i] ?? 0);
    const n = actual.reduce((s, c) => s + c, 0);
    const trainingN = p.counts.reduce((s, c) => s + c, 0);
    if (n === 0) {
      properties.push({ name: p.name, psi: 0 });
      continue;
    }
    const psi = populationStabilityIndex(p.counts, actual);
    properties.push({ name: p.name, psi: round(psi) });
    const noise = psiNoiseBound(p.counts.length, n, trainingN);
    if (psi > t.psiDrift && psi > noise) reasons.push(describeShift(p, actual, psi, `> ${t.psiDrift}`));
    else if (psi > t.psiDrift)
      moderate.push(describeShift(p, actual, psi, `within sampling noise ${noise.toFixed(2)} at n = ${n}`));
    else if (psi > t.psiModerate) moderate.push(describeShift(p, actual, psi, 'moderate'));
  }
  const predictions: PropertyDrift[] = [];
  for (const p of reference.predictions ?? []) {
    const actual = Array.from({ length: p.counts.length }, (_, i) => counts.properties[p.name]?.[i] ?? 0);
    const n = actual.reduce((s, c) => s + c, 0);
    if (n === 0) continue; // not scored (models drift measures inputs only)
    const psi = populationStabilityIndex(p.counts, actual);
    predictions.push({ name: p.name, psi: round(psi) });
    const heldOutN = p.counts.reduce((s, c) => s + c, 0);
    if (psi > t.psiDrift && psi > psiNoiseBound(p.counts.length, n, heldOutN))
      moderate.push(
        `predictions ${describeShift(p, actual, psi, `> ${t.psiDrift}, not drift`, 'held-out molecules')}`,
      );
  }
  const rate = counts.molecules === 0 ? 0 : counts.outOfDomain / counts.molecules;
  const expected = reference.heldOut.outOfDomainRate;
  if (counts.molecules > 0) {
    // the held-out rate as the null; floored so a reference with no out-of-domain molecule still has an error
    const p0 = Math.min(Math.max(expected, 0.01), 0.99);
    const z = (rate - expected) / Math.sqrt((p0 * (1 - p0)) / counts.molecules);
    if (rate - expected > t.outOfDomainExcess && z > t.outOfDomainZ)
      reasons.push(
        `out-of-domain rate ${percent(rate)} vs ${percent(expected)} for held-out molecules of the training data ` +
          `(> +${percent(t.outOfDomainExcess)}; max Tanimoto to training < ${reference.domainThreshold})`,
      );
    else if (rate - expected > t.outOfDomainExcess / 2)
      moderate.push(`out-of-domain rate ${percent(rate)} vs ${percent(expected)} for held-out molecules`);
  }
  return {
    molecules: counts.molecules,
    outOfDomainRate: round(rate),
    properties,
    drift: reasons.length > 0,
    reasons,
    model: reference.model,
    predictions,
    moderate,
    referenceOutOfDomainRate: expected,
    thresholds: DRIFT_THRESHOLDS,
  };
}
