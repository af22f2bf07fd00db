// How closely a shadow candidate agrees with production on the same molecules: plain numbers in, numbers out.

/** Pearson's r; null when fewer than two pairs or either side is constant (r is undefined then). */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length) throw new Error(`pearson: ${x.length} values against ${y.length}`);
  const n = x.length;
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** 1-based ranks, ties sharing their average rank (as scipy.stats.rankdata's default). */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

/** Spearman's rho: Pearson's r of the average ranks (so ties are handled as scipy.stats.spearmanr does). */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length) throw new Error(`spearman: ${x.length} values against ${y.length}`);
  return pearson(averageRanks(x), averageRanks(y));
}

/** The share of the top `fraction` (highest values) that both sides rank there. */
export const TOP_FRACTION = 0.01;

/**
 * |top-k by production ∩ top-k by candidate| / k with k = ceil(n × fraction) (at least 1); null for no molecule.
 * Ties at the cut are broken by position, the same way on both sides, so the result is deterministic.
 */
export function topOverlap(
  production: readonly number[],
  candidate: readonly number[],
  fraction = TOP_FRACTION,
): { k: number; overlap: number | null } {
  const n = production.length;
  if (n === 0) return { k: 0, overlap: null };
  const k = Math.max(1, Math.ceil(n * fraction));
  const top = (v: readonly number[]) =>
    new Set(
      v
        .map((_, i) => i)
        .sort((a, b) => v[b] - v[a] || a - b)
        .slice(0, k),
    );
  const a = top(production);
  let both = 0;
  for (const i of top(candidate)) if (a.has(i)) both++;
  return { k, overlap: both / k };
}

/** The share of molecules called on different sides of the threshold (active ≥ threshold). */
export function disagreementRate(
  production: readonly number[],
  candidate: readonly number[],
  threshold: number,
): number | null {
  if (production.length === 0) return null;
  let differ = 0;
  for (let i = 0; i < production.length; i++)
    if (production[i] >= threshold !== candidate[i] >= threshold) differ++;
  return differ / production.length;
}

export interface TaskAgreement {
  type: 'classification' | 'regression';
  /** Molecules with a value from both models. */
  n: number;
  pearson: number | null;
  spearman: number | null;
  /** Mean |candidate − production|, in the task's units. */
  meanAbsDiff: number | null;
  topOverlap: { fraction: number; k: number; overlap: number | null };
  /** Classification only: called active by one model and inactive by the other, at the card's threshold. */
  disagreementRate?: number | null;
  threshold?: number;
}

/** Every agreement figure of one task. */
export function taskAgreement(
  task: { type: 'classification' | 'regression'; threshold?: number },
  production: readonly number[],
  candidate: readonly number[],
): TaskAgreement {
  const n = production.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(candidate[i] - production[i]);
  const result: TaskAgreement = {
    type: task.type,
    n,
    pearson: pearson(production, candidate),
    spearman: spearman(production, candidate),
    meanAbsDiff: n > 0 ? sum / n : null,
    topOverlap: { fraction: TOP_FRACTION, ...topOverlap(production, candidate) },
  };
  if (task.type === 'classification') {
    const threshold = task.threshold ?? 0.5;
    result.threshold = threshold;
    result.disagreementRate = disagreementRate(production, candidate, threshold);
  }
  return result;
}
