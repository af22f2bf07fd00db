import { Random, quantileSorted } from './random';

/**
 * Poisson–gamma recruitment (Anisimov & Fedorov 2007), simulated. Each recruiting unit (a site cohort) enrols as
 * a Poisson process with rate λ ~ Gamma(shape, rate) per month, from its activation month on, and can enrol at
 * most its pool (a Poisson draw around its expected enrollees; Infinity for no cap). One draw samples every λ
 * and pool, then the arrival times; the time to target is the target-th arrival across all units.
 */
export interface RecruitingUnit {
  id: string;
  /** Gamma shape α and rate β of the unit's monthly enrolment rate (mean α/β). */
  shape: number;
  rate: number;
  /** Month the unit starts recruiting (site activation). */
  start: number;
  /** Expected enrollees available to this unit (the pool); Infinity: no cap. */
  pool: number;
}

export interface SimulationOptions {
  target: number;
  draws: number;
  seed: number;
  /** Arrivals after this month count as "not reached". */
  horizonMonths: number;
  /** Central probability of the reported interval (0.9 → 5th and 95th percentiles). */
  intervalLevel: number;
}

export interface MonthsInterval {
  /** null: the target is not reached within the horizon at this quantile. */
  median: number | null;
  low: number | null;
  high: number | null;
  /** The share of draws that reach the target within the horizon. */
  probabilityReached: number;
}

export interface CurveBand {
  month: number;
  median: number;
  low: number;
  high: number;
}

export interface UnitForecast {
  id: string;
  /** Months for this unit alone to reach the whole target. */
  alone: MonthsInterval;
  /** Mean number it enrols before the trial as a whole reaches target (or the horizon): its contribution. */
  meanContribution: number;
  /** Its cumulative enrolment per month while the whole trial recruits (enrolment stops at target). */
  curve: CurveBand[];
}

export interface RecruitmentForecast {
  total: MonthsInterval;
  /** Cumulative enrolment of all units per month, capped at the target. */
  curve: CurveBand[];
  units: UnitForecast[];
}

export function simulateRecruitment(
  units: RecruitingUnit[],
  options: SimulationOptions,
): RecruitmentForecast {
  const { target, draws, horizonMonths: horizon } = options;
  const random = new Random(options.seed);
  const months = horizon + 1;
  const totalTimes = new Float64Array(draws);
  const aloneTimes = units.map(() => new Float64Array(draws));
  const contributions = units.map(() => new Float64Array(draws));
  const totalCurve = new Float32Array(draws * months);
  const unitCurves = units.map(() => new Float32Array(draws * months));
  const arrivals = units.map(() => [] as number[]);

  for (let d = 0; d < draws; d++) {
    const merged: number[] = [];
    units.forEach((unit, u) => {
      const list = arrivals[u];
      list.length = 0;
      const lambda = unit.shape > 0 && unit.rate > 0 ? random.gamma(unit.shape, unit.rate) : 0;
      const cap = Math.min(Number.isFinite(unit.pool) ? random.poisson(unit.pool) : Infinity, target);
      let t = unit.start;
      for (let k = 0; k < cap && lambda > 0; k++) {
        t += random.exponential(lambda);
        if (t > horizon) break;
        list.push(t);
        merged.push(t);
      }
      aloneTimes[u][d] = list.length >= target ? list[target - 1] : Infinity;
    });
    merged.sort((a, b) => a - b);
    const finish = merged.length >= target ? merged[target - 1] : Infinity;
    totalTimes[d] = finish;
    const stop = Math.min(finish, horizon);
    for (let m = 0; m < months; m++) totalCurve[d * months + m] = Math.min(countUpTo(merged, m), target);
    units.forEach((_, u) => {
      const list = arrivals[u];
      contributions[u][d] = countUpTo(list, stop);
      for (let m = 0; m < months; m++) unitCurves[u][d * months + m] = countUpTo(list, Math.min(m, stop));
    });
  }

  return {
    total: interval(totalTimes, options.intervalLevel),
    curve: bands(totalCurve, draws, months, options.intervalLevel),
    units: units.map((unit, u) => ({
      id: unit.id,
      alone: interval(aloneTimes[u], options.intervalLevel),
      meanContribution: contributions[u].reduce((a, b) => a + b, 0) / draws,
      curve: bands(unitCurves[u], draws, months, options.intervalLevel),
    })),
  };
}

/** Arrivals (sorted ascending) at or before t. */
function countUpTo(sorted: number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function interval(times: Float64Array, level: number): MonthsInterval {
  const sorted = Float64Array.from(times).sort();
  const finite = (x: number) => (Number.isFinite(x) ? roundTo(x, 2) : null);
  const reached = sorted.filter((t) => Number.isFinite(t)).length;
  return {
    median: finite(quantileSorted(sorted, 0.5)),
    low: finite(quantileSorted(sorted, (1 - level) / 2)),
    high: finite(quantileSorted(sorted, 1 - (1 - level) / 2)),
    probabilityReached: roundTo(reached / times.length, 4),
  };
}

function bands(values: Float32Array, draws: number, months: number, level: number): CurveBand[] {
  const out: CurveBand[] = [];
  const column = new Float64Array(draws);
  for (let m = 0; m < months; m++) {
    for (let d = 0; d < draws; d++) column[d] = values[d * months + m];
    column.sort();
    out.push({
      month: m,
      median: roundTo(quantileSorted(column, 0.5), 1),
      low: roundTo(quantileSorted(column, (1 - level) / 2), 1),
      high: roundTo(quantileSorted(column, 1 - (1 - level) / 2), 1),
    });
  }
  return out;
}

function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
