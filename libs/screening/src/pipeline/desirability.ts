import type { DesirabilityWeights } from '../contract';
import { isToxicityTask } from './score-keys';

/** Maps one score to a desirability in [0, 1] (1 = ideal). */
type Transform = (value: number) => number;

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
/** 0 at `low`, 1 at `high`, linear between (a "larger is better" ramp; swap the ends for "smaller is better"). */
const ramp =
  (low: number, high: number): Transform =>
  (x) =>
    clamp01((x - low) / (high - low));
/** 1 inside [lo, hi], falling linearly to 0 at loZero and hiZero (a target window). */
const window =
  (loZero: number, lo: number, hi: number, hiZero: number): Transform =>
  (x) =>
    x < lo ? clamp01((x - loZero) / (lo - loZero)) : x > hi ? clamp01((hiZero - x) / (hiZero - hi)) : 1;

/**
 * The terms with a known meaning. Regression targets get a documented ramp or window; classification
 * probabilities are used as is (activity up) or inverted (toxicity down). See the lib README.
 */
const FIXED_TRANSFORMS: Record<string, Transform> = {
  qed: clamp01,
  // Each structural alert halves the term: one PAINS hit is a warning, three are a near-veto.
  alerts: (count) => 0.5 ** count,
  // The fraction of models whose applicability domain holds the molecule: out of every domain → 0.25.
  in_domain: (fraction) => 0.25 + 0.75 * clamp01(fraction),
  tox_max: (p) => 1 - clamp01(p),
  // BACE-1 potency: pIC50 4 (100 µM, inactive) → 0, pIC50 8 (10 nM) → 1.
  'bace.pIC50': ramp(4, 8),
  // Aqueous solubility log10(mol/L): -6 (1 µM, insoluble) → 0, -2 (10 mM) → 1.
  'esol.log_solubility_mol_per_l': ramp(-6, -2),
  // logD 7.4: the usual oral window 1–3, worthless below -1 or above 5.
  'lipophilicity.lipo': window(-1, 1, 3, 5),
};

/**
 * Defaults when a screen gives no weights: potency and toxicity first, then drug-likeness, alerts and domain.
 * A screen's own weights are merged over these (0 drops a term). Terms whose model did not run are left out.
 */
export const DEFAULT_WEIGHTS: Readonly<DesirabilityWeights> = {
  'bace.pIC50': 2,
  tox_max: 2,
  qed: 1,
  alerts: 1,
  in_domain: 1,
  'esol.log_solubility_mol_per_l': 0.5,
  'lipophilicity.lipo': 0.5,
};

/**
 * A desirability never drops below this: a single terrible term drags the geometric mean down hard (0.01 with
 * weight 1 among 5 terms caps the score at 0.40) yet rows still rank among themselves instead of all tying at 0.
 */
export const DESIRABILITY_FLOOR = 0.01;

/** The transform for a weight key, or undefined when the key has no desirability meaning. */
export function transformFor(key: string, classificationKeys: ReadonlySet<string>): Transform | undefined {
  const fixed = FIXED_TRANSFORMS[key];
  if (fixed) return fixed;
  if (classificationKeys.has(key)) return isToxicityTask(key) ? (p) => 1 - clamp01(p) : clamp01;
  return undefined;
}

/**
 * Every key that may carry a weight for a screen whose models give these prediction keys. Without a model (a
 * properties-only screen) there is no applicability domain, so `in_domain` is no term: QED and alerts remain.
 */
export function weightableKeys(
  predictionKeys: readonly string[],
  classificationKeys: ReadonlySet<string>,
): string[] {
  const keys = new Set(['qed', 'alerts']);
  if (predictionKeys.length > 0) keys.add('in_domain');
  if (predictionKeys.some(isToxicityTask)) keys.add('tox_max');
  for (const key of predictionKeys) if (transformFor(key, classificationKeys)) keys.add(key);
  return [...keys];
}

/** Default weights merged with the screen's, restricted to the keys available, zero weights removed. */
export function effectiveWeights(
  available: readonly string[],
  weights: DesirabilityWeights = {},
): DesirabilityWeights {
  const merged: DesirabilityWeights = { ...DEFAULT_WEIGHTS, ...weights };
  return Object.fromEntries(Object.entries(merged).filter(([k, w]) => w > 0 && available.includes(k)));
}

/**
 * Weighted geometric mean of the per-term desirabilities: exp(Σ wᵢ ln dᵢ / Σ wᵢ), each dᵢ floored at
 * DESIRABILITY_FLOOR. A term missing from `scores` (e.g. a model that could not score the row) is skipped;
 * null when no term applies.
 */
export function desirability(
  scores: Readonly<Record<string, number>>,
  weights: DesirabilityWeights,
  classificationKeys: ReadonlySet<string>,
): number | null {
  let sum = 0;
  let total = 0;
  for (const [key, weight] of Object.entries(weights)) {
    const value = scores[key];
    const transform = transformFor(key, classificationKeys);
    if (value === undefined || !Number.isFinite(value) || !transform || weight <= 0) continue;
    sum += weight * Math.log(Math.max(DESIRABILITY_FLOOR, transform(value)));
    total += weight;
  }
  return total === 0 ? null : Math.exp(sum / total);
}
