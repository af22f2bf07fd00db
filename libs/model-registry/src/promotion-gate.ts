// The promotion gate: a candidate replaces production only if its headline metrics on the same evaluation molecules
// are not worse beyond a stated tolerance. Pure: metrics in, verdict and reasons out.

/**
 * The headline metrics a model is judged on, one per task type it has: `mean ROC-AUC` over its classification
 * tasks (higher is better) and `mean RMSE` over its regression tasks (lower is better). BACE has both.
 */
export interface HeadlineMetrics {
  'mean ROC-AUC'?: number | null;
  'mean RMSE'?: number | null;
}
export type HeadlineName = keyof HeadlineMetrics;

/**
 * Tolerances, per task type. ROC-AUC: the candidate may be at most 0.01 below production (absolute; the per-task
 * standard error of the committed test splits is 0.02–0.09, so a stricter gate would refuse retrains on noise).
 * RMSE: at most 2 % above production (relative: RMSE is in each task's units).
 */
export interface Tolerance {
  kind: 'absolute' | 'relative';
  value: number;
  higherIsBetter: boolean;
}

export const PROMOTION_TOLERANCE: Readonly<Record<HeadlineName, Tolerance>> = {
  'mean ROC-AUC': { kind: 'absolute', value: 0.01, higherIsBetter: true },
  'mean RMSE': { kind: 'relative', value: 0.02, higherIsBetter: false },
};

export interface MetricComparison {
  metric: HeadlineName;
  production: number | null;
  candidate: number | null;
  /** The worst value the candidate may have and still pass. */
  limit: number | null;
  tolerance: Tolerance;
  pass: boolean;
}

export interface GateVerdict {
  verdict: 'accepted' | 'refused';
  comparisons: MetricComparison[];
  /** Why it was refused, one line per failing metric, with the numbers. */
  reasons: string[];
}

const fmt = (v: number) => Number(v.toFixed(4)).toString();

/** Compares every headline metric production has; a metric the candidate lacks (or cannot compute) fails. */
export function gatePromotion(production: HeadlineMetrics, candidate: HeadlineMetrics): GateVerdict {
  const comparisons: MetricComparison[] = [];
  const reasons: string[] = [];
  for (const metric of Object.keys(PROMOTION_TOLERANCE) as HeadlineName[]) {
    if (!(metric in production) && !(metric in candidate)) continue;
    const tolerance = PROMOTION_TOLERANCE[metric];
    const p = production[metric] ?? null;
    const c = candidate[metric] ?? null;
    let limit: number | null = null;
    let pass = false;
    if (p === null) {
      reasons.push(`${metric}: production has no value to compare with`);
    } else {
      const bound =
        tolerance.kind === 'absolute'
          ? tolerance.higherIsBetter
            ? p - tolerance.value
            : p + tolerance.value
          : tolerance.higherIsBetter
            ? p * (1 - tolerance.value)
            : p * (1 + tolerance.value);
      limit = bound;
      if (c === null) reasons.push(`${metric}: the candidate has no value (production ${fmt(p)})`);
      else {
        pass = tolerance.higherIsBetter ? c >= bound : c <= bound;
        if (!pass)
          reasons.push(
            `${metric}: candidate ${fmt(c)} is worse than production ${fmt(p)} beyond the tolerance ` +
              `(${tolerance.kind === 'absolute' ? `±${tolerance.value}` : `${tolerance.value * 100}%`}; ` +
              `${tolerance.higherIsBetter ? 'at least' : 'at most'} ${fmt(bound)} needed)`,
          );
      }
    }
    comparisons.push({ metric, production: p, candidate: c, limit, tolerance, pass });
  }
  if (comparisons.length === 0) reasons.push('no headline metric to compare');
  return { verdict: reasons.length === 0 ? 'accepted' : 'refused', comparisons, reasons };
}
