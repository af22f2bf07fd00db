import {
  compileTrial,
  evaluatePatient,
  type CompiledTrial,
  type PatientEvaluation,
} from '../criteria/evaluate-patient';
import {
  CATEGORIES,
  DIMENSIONS,
  dimensionValue,
  representativeness,
  type Mix,
} from '../cohorts/demographics';
import { addToTally, mergeTallies, newTally, type CohortTally } from '../cohorts/cohort-tally';
import { assignSite } from '../cohorts/site-assignment';
import {
  HIDDEN,
  complementaryCell,
  suppressCount,
  suppressFunnel,
  suppressGroup,
  suppressRecord,
  type Count,
} from '../cohorts/suppression';
import {
  simulateRecruitment,
  type CurveBand,
  type MonthsInterval,
  type RecruitingUnit,
} from '../forecast/poisson-gamma';
import type { PatientRecord } from '../patient.types';
import { UNASSIGNED_COHORT } from '../schema/validate-trial';
import {
  resolveAssumptions,
  type Criterion,
  type ResolvedAssumptions,
  type SegmentDimension,
  type Trial,
} from '../trial.types';

export interface FunnelStep {
  /** "alive" (alive on asOf), then each criterion id in trial order. */
  criterion: string;
  label: string;
  remaining: Count;
}

export type Representativeness = {
  overall: number | null;
  byDimension: Record<SegmentDimension, number | null>;
};

export interface CohortResult {
  id: string;
  name: string;
  site: string;
  segment?: { dimension: SegmentDimension; value: string };
  activationMonth: number | null;
  /** 1 = the largest forecast contribution; null for the unassigned cohort (no site recruits it). */
  rank: number | null;
  patients: Count;
  eligible: Count;
  possiblyEligible: Count;
  /** Ineligible, deceased included. */
  ineligible: Count;
  /**
   * eligible × consent × (1 − screen failure) + possiblyEligible × share × consent × (1 − screen failure); rounded
   * to a multiple of 5 when one of its counts is suppressed (so that the count cannot be solved back from it).
   */
  expectedEnrollees: number;
  /** Months (from trial start) for this cohort alone to reach the target enrolment; null = not within the horizon. */
  forecastMonths: MonthsInterval;
  /**
   * Mean enrollees this cohort contributes before the whole trial reaches target: the ranking key (a multiple of 5
   * where the cohort's eligible or possibly eligible count is hidden).
   */
  forecastContribution: number | null;
  funnel: FunnelStep[];
  /** Demographic mix of the eligible. */
  demographics: Record<SegmentDimension, Record<string, Count>>;
  /** 1 − total variation distance between the eligible mix and this cohort's whole (living) population. */
  representativeness: Representativeness | null;
}

export interface CriterionSummary {
  id: string;
  role: 'inclusion' | 'exclusion';
  type: string;
  label: string;
  met: Count;
  notMet: Count;
  unknown: Count;
}

export interface TrialRanking {
  trial: {
    id: string;
    title: string;
    asOf: string;
    targetEnrollment: number;
    /** The criteria and sites as written in the trial definition (shown in the report). */
    inclusion: Criterion[];
    exclusion: Criterion[];
    sites: Trial['sites'];
  };
  assumptions: ResolvedAssumptions;
  cohorts: CohortResult[];
  totals: {
    patients: Count;
    deceased: Count;
    eligible: Count;
    possiblyEligible: Count;
    ineligible: Count;
    expectedEnrollees: number;
    /** Months for all sites together to reach the target. */
    forecastMonths: MonthsInterval;
    funnel: FunnelStep[];
    demographics: Record<SegmentDimension, Record<string, Count>>;
    /** Demographic mix of the whole living population (the representativeness reference). */
    population: Record<SegmentDimension, Record<string, Count>>;
    representativeness: Representativeness | null;
    criteria: CriterionSummary[];
  };
  forecast: {
    model: string;
    /** Cumulative enrolment per month (median and interval), all sites, capped at the target. */
    total: CurveBand[];
    /** The same per site cohort, while the trial recruits. */
    bySite: { id: string; curve: CurveBand[] }[];
  };
  ranking: string;
}

export interface RankOptions {
  /** Called with each patient's evaluation and cohort (patient-level uses; nothing of it enters the ranking). */
  onEvaluation?: (evaluation: PatientEvaluation, cohortId: string) => void;
}

/**
 * The whole feasibility analysis: every patient evaluated (streamed; one at a time in memory), cohorts tallied,
 * recruitment forecast, cohorts ranked, and the aggregate result with small cells suppressed.
 */
export async function rankTrial(
  trial: Trial,
  patients: AsyncIterable<PatientRecord>,
  options: RankOptions = {},
): Promise<TrialRanking> {
  const compiled = compileTrial(trial);
  const tallies = newTallies(compiled);
  for await (const patient of patients) tallyPatient(compiled, tallies, patient, options.onEvaluation);
  return summarize(compiled, [...tallies.values()]);
}

/** The cohort tallies a run starts with: every site cohort, even if no patient comes. */
export function newTallies(compiled: CompiledTrial): Map<string, CohortTally> {
  const tallies = new Map<string, CohortTally>();
  if (!compiled.trial.segmentBy) {
    for (const site of compiled.trial.sites)
      tallies.set(site.id, newTally(site.id, compiled.criteria.length));
  }
  return tallies;
}

/** Evaluates one patient and adds it to its cohort's tally (also used by the worker threads). */
export function tallyPatient(
  compiled: CompiledTrial,
  tallies: Map<string, CohortTally>,
  patient: PatientRecord,
  onEvaluation?: RankOptions['onEvaluation'],
): void {
  const evaluation = evaluatePatient(compiled, patient);
  const cohortId = cohortOf(compiled, patient);
  let tally = tallies.get(cohortId);
  if (!tally) tallies.set(cohortId, (tally = newTally(cohortId, compiled.criteria.length)));
  addToTally(tally, compiled, patient, evaluation);
  onEvaluation?.(evaluation, cohortId);
}

function cohortOf(compiled: CompiledTrial, patient: PatientRecord): string {
  const site = assignSite(compiled.trial.sites, patient);
  const dimension = compiled.trial.segmentBy;
  return dimension ? `${site}/${dimensionValue(dimension, patient, compiled.asOf)}` : site;
}

/** From exact tallies to the published result. Exported for shells that tally in parallel and merge. */
export function summarize(compiled: CompiledTrial, tallies: CohortTally[]): TrialRanking {
  const trial = compiled.trial;
  const a = resolveAssumptions(trial.assumptions);
  const siteById = new Map(trial.sites.map((s) => [s.id, s]));
  const perEnrollee = a.consentRate * (1 - a.screenFailureRate);
  const expected = (t: CohortTally) =>
    (t.eligible + t.possiblyEligible * a.possiblyEligibleShare) * perEnrollee;
  const siteOrder = (id: string) => {
    const site = id.split('/')[0];
    return site === UNASSIGNED_COHORT ? trial.sites.length : trial.sites.findIndex((s) => s.id === site);
  };
  tallies.sort((x, y) => siteOrder(x.id) - siteOrder(y.id) || x.id.localeCompare(y.id));

  // Forecast: one recruiting unit per site cohort (unassigned patients have no site to recruit them).
  const recruiting = tallies.filter((t) => t.id.split('/')[0] !== UNASSIGNED_COHORT);
  const units: RecruitingUnit[] = recruiting.map((t) => {
    const pool = expected(t);
    const meanRate = pool / a.accrualMonths;
    return {
      id: t.id,
      shape: a.rateShape,
      rate: meanRate > 0 ? a.rateShape / meanRate : 0,
      start: siteById.get(t.id.split('/')[0])?.activationMonth ?? 0,
      pool,
    };
  });
  const forecast = simulateRecruitment(units, {
    target: trial.targetEnrollment,
    draws: a.forecastDraws,
    seed: a.seed,
    horizonMonths: a.horizonMonths,
    intervalLevel: a.intervalLevel,
  });
  const unitForecast = new Map(forecast.units.map((u) => [u.id, u]));
  const ranked = [...recruiting].sort((x, y) => {
    const fx = unitForecast.get(x.id)!;
    const fy = unitForecast.get(y.id)!;
    return (
      fy.meanContribution - fx.meanContribution ||
      byNumber(fx.alone.median ?? Infinity, fy.alone.median ?? Infinity) ||
      x.id.localeCompare(y.id)
    );
  });
  const rankOf = new Map(ranked.map((t, i) => [t.id, i + 1]));

  const never: MonthsInterval = { median: null, low: null, high: null, probabilityReached: 0 };
  const cohorts = tallies.map((t): CohortResult => {
    const [siteId, segmentValue] = t.id.split('/');
    const site = siteById.get(siteId);
    const f = unitForecast.get(t.id);
    const name =
      (site?.name ?? 'No site (unassigned)') + (segmentValue !== undefined ? ` · ${segmentValue}` : '');
    return {
      id: t.id,
      name,
      site: siteId,
      ...(trial.segmentBy && segmentValue !== undefined
        ? { segment: { dimension: trial.segmentBy, value: segmentValue } }
        : {}),
      activationMonth: site ? (site.activationMonth ?? 0) : null,
      rank: rankOf.get(t.id) ?? null,
      ...publishCounts(compiled, t, expected(t)),
      forecastMonths: f?.alone ?? never,
      forecastContribution: f ? round(f.meanContribution, 1) : null,
    };
  });
  cohorts.sort((x, y) => (x.rank ?? Infinity) - (y.rank ?? Infinity));
  complementAcrossCohorts(cohorts, tallies);
  // A site's contribution tracks its pool (its counts): coarsened like expected enrollees where those are hidden.
  for (const c of cohorts) {
    const hidden = typeof c.eligible !== 'number' || typeof c.possiblyEligible !== 'number';
    if (hidden && c.forecastContribution !== null) c.forecastContribution = coarsen(c.forecastContribution);
  }

  const total = newTally('total', compiled.criteria.length);
  for (const t of tallies) mergeTallies(total, t);
  return {
    trial: {
      id: trial.id,
      title: trial.title,
      asOf: trial.asOf,
      targetEnrollment: trial.targetEnrollment,
      inclusion: trial.inclusion,
      exclusion: trial.exclusion,
      sites: trial.sites,
    },
    assumptions: a,
    cohorts,
    totals: {
      ...publishCounts(compiled, total, expected(total)),
      deceased: suppressCount(total.deceased),
      forecastMonths: forecast.total,
      population: publishMix(total.population),
      criteria: compiled.criteria.map(({ criterion, role }, i) => {
        const o = total.outcomes[i];
        const [met, notMet, unknown] = suppressGroup([o.met, o.notMet, o.unknown]);
        return {
          id: criterion.id,
          role,
          type: criterion.type,
          label: criterionLabel(criterion),
          met,
          notMet,
          unknown,
        };
      }),
    },
    forecast: {
      model:
        `Poisson–gamma recruitment: per site cohort, monthly rate ~ Gamma(shape ${a.rateShape}, mean = expected ` +
        `enrollees / ${a.accrualMonths} months) from its activation month, at most a Poisson draw of its expected ` +
        `enrollees; ${a.forecastDraws} seeded draws (seed ${a.seed}); ${Math.round(a.intervalLevel * 100)} % ` +
        `interval; horizon ${a.horizonMonths} months.`,
      total: forecast.curve,
      bySite: forecast.units.map((u) => ({ id: u.id, curve: u.curve })),
    },
    ranking:
      'Site cohorts are ranked by their forecast contribution: the mean number of enrollees each enrols before the ' +
      'trial as a whole reaches its target (Monte Carlo over the Poisson–gamma model), so pool size and activation ' +
      'month both count; ties go to the shorter stand-alone time to target. The unassigned cohort is not ranked.',
  };
}

function publishCounts(compiled: CompiledTrial, t: CohortTally, expectedEnrollees: number) {
  const alive = t.patients - t.deceased;
  const ineligible = alive - t.eligible - t.possiblyEligible + t.deceased;
  // eligible / possibly / ineligible are shown with their total (patients): one group for complementary
  // suppression, where ineligible (the least useful number) is the cell hidden first.
  const [eligible, possiblyEligible, ineligibleShown] = suppressGroup(
    [t.eligible, t.possiblyEligible, ineligible],
    [2, 1, 0],
  );
  const funnel = funnelOf(compiled, t);
  // The last funnel step is eligible + possibly eligible: with one of them hidden it would give the other away.
  if (typeof eligible !== 'number' || typeof possiblyEligible !== 'number') {
    const last = funnel[funnel.length - 1];
    if (typeof last.remaining === 'number' && last.remaining > 0) last.remaining = HIDDEN;
  }
  return {
    patients: suppressCount(t.patients),
    eligible,
    possiblyEligible,
    ineligible: ineligibleShown,
    expectedEnrollees:
      typeof eligible === 'number' && typeof possiblyEligible === 'number'
        ? round(expectedEnrollees, 1)
        : coarsen(expectedEnrollees),
    funnel,
    demographics: publishMix(t.eligibleMix),
    representativeness:
      typeof eligible === 'number'
        ? roundRepresentativeness(representativeness(t.eligibleMix, t.population))
        : null,
  };
}

function funnelOf(compiled: CompiledTrial, t: CohortTally): FunnelStep[] {
  const alive = t.patients - t.deceased;
  const shown = suppressFunnel(t.patients, [alive, ...t.funnel]);
  return [
    { criterion: 'alive', label: `alive on ${compiled.trial.asOf}`, remaining: shown[0] },
    ...compiled.criteria.map(({ criterion }, i) => ({
      criterion: criterion.id,
      label: criterionLabel(criterion),
      remaining: shown[i + 1],
    })),
  ];
}

function publishMix(mix: Mix): Record<SegmentDimension, Record<string, Count>> {
  const out = {} as Record<SegmentDimension, Record<string, Count>>;
  for (const d of DIMENSIONS)
    out[d] = suppressRecord(Object.fromEntries(CATEGORIES[d].map((c) => [c, mix[d][c]])));
  return out;
}

/**
 * Totals are shown beside the cohorts, so a column with exactly one suppressed cohort would give it away by
 * subtraction: hide the smallest other cohort's value too.
 */
function complementAcrossCohorts(cohorts: CohortResult[], tallies: CohortTally[]): void {
  const byId = new Map(tallies.map((t) => [t.id, t]));
  for (const key of ['patients', 'eligible', 'possiblyEligible'] as const) {
    const already = cohorts.map((c) => typeof c[key] !== 'number');
    const raw = cohorts.map((c) => byId.get(c.id)![key]);
    const i = complementaryCell(raw, already);
    if (i < 0) continue;
    cohorts[i][key] = HIDDEN;
    if (key === 'patients') continue;
    const e = cohorts[i].expectedEnrollees;
    if (typeof e === 'number') cohorts[i].expectedEnrollees = coarsen(e);
    if (key === 'eligible') cohorts[i].representativeness = null;
  }
}

export function criterionLabel(c: Criterion): string {
  if (c.label) return c.label;
  const names = (codes: { code: string; display?: string }[]) =>
    codes.map((x) => x.display ?? x.code).join(' | ');
  switch (c.type) {
    case 'age':
      return `age ${c.min ?? 0}–${c.max ?? '∞'}`;
    case 'sex':
      return `sex ${c.values.join('/')}`;
    case 'condition':
      return `condition ${names(c.codes)}${c.active ? ' (active)' : ''}`;
    case 'observation':
      return `${names(c.codes ?? (c.code ? [c.code] : []))} ${c.use ?? 'latest'} ${c.op} ${c.value} ${c.unit}`;
    case 'medication':
      return `medication ${names(c.codes)}${c.active ? ' (active)' : ''}`;
  }
}

function roundRepresentativeness(r: Representativeness): Representativeness {
  const byDimension = {} as Record<SegmentDimension, number | null>;
  for (const d of DIMENSIONS) byDimension[d] = r.byDimension[d] === null ? null : round(r.byDimension[d]!, 3);
  return { overall: r.overall === null ? null : round(r.overall, 3), byDimension };
}

/** Ascending order that also works for two infinities (Infinity − Infinity is NaN). */
function byNumber(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Expected enrollees coarsened to a multiple of 5 (one possibly eligible patient moves it by about 0.14). */
function coarsen(x: number): number {
  return Math.round(x / 5) * 5;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
