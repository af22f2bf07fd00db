/**
 * The population stability index (PSI) over fixed bins, and the sampling noise it has when nothing shifted.
 *
 * PSI = Σ_i (a_i − e_i) · ln(a_i / e_i), with e_i the training (expected) fraction of bin i and a_i the library's
 * (actual). It is the symmetric Kullback–Leibler divergence of the two binned distributions: 0 for identical
 * fractions, growing without bound as mass moves into bins the other side lacks.
 *
 * Empty bins: a fraction of 0 makes ln(a/e) infinite, so every fraction is floored at PSI_EPSILON (1e-4) before the
 * sum, without renormalizing (the usual practice in credit-scoring and model-monitoring tools). A library that
 * fills a bin the training set left empty therefore contributes a · ln(a / 1e-4): large, as it should be.
 */

/** Floor for a bin's fraction (both sides) so an empty bin gives a finite PSI. */
export const PSI_EPSILON = 1e-4;

/**
 * The chi-square distribution's 0.999 quantile for 1…9 degrees of freedom (decile bins give at most 10 bins, so 9),
 * from the standard tables (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.4): the noise bound below is the 99.9 %
 * point of the PSI of two samples from one distribution, so a property of an unshifted library crosses it about
 * once in 1,000.
 */
const CHI_SQUARE_999 = [10.828, 13.816, 16.266, 18.467, 20.515, 22.458, 24.322, 26.124, 27.877];

/**
 * The bin of a value for ascending edges e_0 < … < e_{k−1}: bin i holds e_{i−1} < v ≤ e_i, bin 0 everything ≤ e_0
 * and bin k everything above e_{k−1}; k edges make k + 1 bins.
 */
export function binOf(value: number, edges: readonly number[]): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Fractions of a count vector (all 0 when the total is 0). */
export function fractionsOf(counts: readonly number[]): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  return counts.map((c) => (total === 0 ? 0 : c / total));
}

/**
 * PSI of `actual` against `expected`, both bin counts over the same bins (or fractions: only the proportions
 * matter). Each fraction is floored at `epsilon`.
 */
export function populationStabilityIndex(
  expected: readonly number[],
  actual: readonly number[],
  epsilon = PSI_EPSILON,
): number {
  if (expected.length !== actual.length)
    throw new Error(`PSI over ${expected.length} expected bins and ${actual.length} actual bins`);
  const e = fractionsOf(expected);
  const a = fractionsOf(actual);
  let psi = 0;
  for (let i = 0; i < e.length; i++) {
    const ei = Math.max(e[i], epsilon);
    const ai = Math.max(a[i], epsilon);
    psi += (ai - ei) * Math.log(ai / ei);
  }
  return psi;
}

/** Each bin's share of the PSI sum, so a report can name the bin where the mass moved. */
export function psiTerms(
  expected: readonly number[],
  actual: readonly number[],
  epsilon = PSI_EPSILON,
): { bin: number; expected: number; actual: number; term: number }[] {
  const e = fractionsOf(expected);
  const a = fractionsOf(actual);
  return e.map((_, i) => {
    const ei = Math.max(e[i], epsilon);
    const ai = Math.max(a[i], epsilon);
    return { bin: i, expected: e[i], actual: a[i], term: (ai - ei) * Math.log(ai / ei) };
  });
}

/** Chi-square quantile at 0.999 for `df` (1…9) degrees of freedom; 0 for a single bin (no freedom to shift). */
export function chiSquare999(df: number): number {
  if (df < 1) return 0;
  const value = CHI_SQUARE_999[df - 1];
  if (value === undefined) throw new Error(`no chi-square quantile for ${df} degrees of freedom (at most 9)`);
  return value;
}

/**
 * The PSI two samples of sizes n (library) and N (training) from the SAME distribution exceed with probability
 * 0.1 % over `bins` bins. To second order PSI ≈ Σ (a − e)² / e, and n·N/(n+N) times that is Pearson's
 * two-sample statistic, χ² with bins − 1 degrees of freedom: so the bound is χ²_0.999(bins − 1) · (1/n + 1/N).
 * Small libraries are noisy (10 bins: 0.31 at n = 100, 0.03 at n = 1,000 against 766 training molecules), which
 * is why a PSI above the usual 0.25 counts as drift only when it is also above this bound.
 */
export function psiNoiseBound(bins: number, n: number, trainingN: number): number {
  if (n <= 0 || trainingN <= 0) return Infinity;
  return chiSquare999(bins - 1) * (1 / n + 1 / trainingN);
}

/** Bins from deciles: the training values at the 10th…90th percentiles, repeated values merged (discrete counts). */
export function decileEdges(values: readonly number[], digits = 4): number[] {
  if (values.length === 0) throw new Error('decile edges of an empty set');
  const sorted = [...values].sort((a, b) => a - b);
  const edges: number[] = [];
  for (let q = 1; q <= 9; q++) {
    // the inverse empirical distribution function (no interpolation): a value that occurs in the data
    const value = sorted[Math.max(0, Math.ceil((q / 10) * sorted.length) - 1)];
    const rounded = Number(value.toFixed(digits));
    if (edges.length === 0 || rounded > edges[edges.length - 1]) edges.push(rounded);
  }
  return edges;
}

/** Counts of values per bin of `edges` (edges.length + 1 bins). */
export function binCounts(values: Iterable<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) counts[binOf(v, edges)]++;
  return counts;
}
