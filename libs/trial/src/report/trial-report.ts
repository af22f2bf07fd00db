import { CATEGORIES, DIMENSIONS } from '../cohorts/demographics';
import type { Count } from '../cohorts/suppression';
import type { MonthsInterval } from '../forecast/poisson-gamma';
import type { CohortResult, TrialRanking } from '../rank/rank-trial';
import type { SegmentDimension } from '../trial.types';
import { escapeHtml as e, forecastSvg, funnelSvg } from './svg';

/**
 * The coordinator report: one self-contained HTML file (inline CSS and SVG, no script, no CDN), printable.
 * It is rendered from the published ranking only, so it holds aggregates with small cells already suppressed.
 */
export function renderTrialReport(r: TrialRanking): string {
  const t = r.trial;
  const a = r.assumptions;
  const siteNames = new Map(r.cohorts.map((c) => [c.id, c.name]));
  const maxFunnel = Math.max(1, ...r.cohorts.map((c) => num(c.patients)));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(t.id)} feasibility report</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;max-width:1000px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin-bottom:2px}h2{font-size:17px;border-bottom:1px solid #ccc;padding-bottom:3px;margin-top:28px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 7px;text-align:right}
th{background:#f3f5f7}td.l,th.l{text-align:left}.muted{color:#666}.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:140px}.card b{display:block;font-size:20px}
.funnels{display:grid;grid-template-columns:1fr;gap:6px}figure{margin:6px 0;break-inside:avoid}figcaption{font-weight:600}
pre{background:#f6f8fa;padding:8px;overflow:auto;font-size:12px}
@media print{body{margin:0;max-width:none}details{display:block}details>pre{display:block}h2{break-after:avoid}table,figure{break-inside:avoid}}
</style></head><body>
<h1>${e(t.title)}</h1>
<div class="muted">Trial ${e(t.id)} · as of ${e(t.asOf)} · target enrolment ${t.targetEnrollment} · counts from 1 to 10 are shown as &lt;11</div>

<h2>Summary</h2>
<div class="cards">
${card('patients', r.totals.patients)}${card('eligible', r.totals.eligible)}${card('possibly eligible', r.totals.possiblyEligible)}
${card('expected enrollees', r.totals.expectedEnrollees)}${card('months to target (median)', r.totals.forecastMonths.median ?? 'not within horizon')}
${card(`${Math.round(a.intervalLevel * 100)} % interval (months)`, interval(r.totals.forecastMonths))}
${card(`P(target within ${a.horizonMonths} months)`, pct(r.totals.forecastMonths.probabilityReached))}
</div>

<h2>Ranked cohorts</h2>
<table><thead><tr><th>rank</th><th class="l">cohort</th><th>active from month</th><th>patients</th><th>eligible</th><th>possibly eligible</th><th>expected enrollees</th><th>forecast contribution</th><th>months alone to target (median [interval])</th><th>representativeness</th></tr></thead><tbody>
${r.cohorts.map((c) => `<tr><td>${c.rank ?? '–'}</td><td class="l">${e(c.name)}</td><td>${c.activationMonth ?? '–'}</td><td>${cell(c.patients)}</td><td>${cell(c.eligible)}</td><td>${cell(c.possiblyEligible)}</td><td>${cell(c.expectedEnrollees)}</td><td>${c.forecastContribution ?? '–'}</td><td>${c.rank === null ? '–' : `${c.forecastMonths.median ?? 'not reached'} ${c.forecastMonths.median === null ? '' : `[${interval(c.forecastMonths)}]`}`}</td><td>${c.representativeness?.overall ?? '–'}</td></tr>`).join('\n')}
<tr><th></th><th class="l">all cohorts</th><th></th><th>${cell(r.totals.patients)}</th><th>${cell(r.totals.eligible)}</th><th>${cell(r.totals.possiblyEligible)}</th><th>${cell(r.totals.expectedEnrollees)}</th><th></th><th>${r.totals.forecastMonths.median ?? 'not reached'} [${interval(r.totals.forecastMonths)}]</th><th>${r.totals.representativeness?.overall ?? '–'}</th></tr>
</tbody></table>
<p class="muted">${e(r.ranking)}</p>

<h2>Enrolment forecast</h2>
<figure>${forecastSvg(
    r.forecast.total,
    r.forecast.bySite.map((s) => ({ name: siteNames.get(s.id) ?? s.id, curve: s.curve })),
    t.targetEnrollment,
  )}
<figcaption>Cumulative enrolled by month: all sites (median, shaded ${Math.round(a.intervalLevel * 100)} % interval) and each site cohort's median share.</figcaption></figure>

<h2>Attrition funnels</h2>
<p class="muted">Patients remaining after each criterion, in the trial's order (patients with a missing value stay in as possibly eligible). A hatched bar is a suppressed count, or a step whose drop from the previous shown step is from 1 to 10.</p>
<div class="funnels">
<figure><figcaption>All cohorts</figcaption>${funnelSvg(r.totals.funnel, Math.max(maxFunnel, num(r.totals.patients)))}</figure>
${r.cohorts.map((c) => `<figure><figcaption>${e(c.name)}</figcaption>${funnelSvg(c.funnel, maxFunnel)}</figure>`).join('\n')}
</div>

<h2>Criteria as written, and how each one answered</h2>
<table><thead><tr><th class="l">id</th><th class="l">role</th><th class="l">criterion</th><th>met</th><th>not met</th><th>unknown (missing data)</th></tr></thead><tbody>
${r.totals.criteria.map((c) => `<tr><td class="l">${e(c.id)}</td><td class="l">${c.role}</td><td class="l">${e(c.label)}</td><td>${cell(c.met)}</td><td>${cell(c.notMet)}</td><td>${cell(c.unknown)}</td></tr>`).join('\n')}
</tbody></table>

<details open><summary>The trial definition as written (criteria and sites)</summary><pre>${e(JSON.stringify({ inclusion: t.inclusion, exclusion: t.exclusion, sites: t.sites }, null, 2))}</pre></details>

<h2>Demographic mix of the eligible</h2>
<p class="muted">Share of each category among the eligible (all cohorts) next to the whole living population. Representativeness per dimension = 1 − ½ Σ |eligible share − population share| (1 = the same mix).</p>
${DIMENSIONS.map((d) => mixTable(d, r)).join('\n')}
<table><thead><tr><th class="l">cohort</th>${DIMENSIONS.map((d) => `<th>${d}</th>`).join('')}<th>overall</th></tr></thead><tbody>
${[...r.cohorts.map((c) => [c.name, c.representativeness] as const), ['all cohorts', r.totals.representativeness] as const].map(([name, rep]) => `<tr><td class="l">${e(name)}</td>${DIMENSIONS.map((d) => `<td>${rep?.byDimension[d] ?? '–'}</td>`).join('')}<td>${rep?.overall ?? '–'}</td></tr>`).join('\n')}
</tbody></table>

<h2>Assumptions and methods</h2>
<table><tbody>
<tr><td class="l">consent rate</td><td>${a.consentRate}</td></tr><tr><td class="l">screen-failure rate</td><td>${a.screenFailureRate}</td></tr>
<tr><td class="l">share of possibly eligible counted</td><td>${a.possiblyEligibleShare}</td></tr><tr><td class="l">accrual months (time to approach a site's pool)</td><td>${a.accrualMonths}</td></tr>
<tr><td class="l">rate shape α (between-site variation)</td><td>${a.rateShape}</td></tr><tr><td class="l">Monte Carlo draws · seed</td><td>${a.forecastDraws} · ${a.seed}</td></tr>
</tbody></table>
<ul>
<li><b>Eligibility.</b> Each criterion answers met, not met or unknown (missing data, or a lab unit that does not convert). Eligible: every inclusion met and no exclusion met; possibly eligible: nothing fails but something is unknown; otherwise ineligible. Patients who died on or before ${e(t.asOf)} are ineligible.</li>
<li><b>Expected enrollees</b> = (eligible + ${a.possiblyEligibleShare} × possibly eligible) × ${a.consentRate} consent × (1 − ${a.screenFailureRate} screen failure).</li>
<li><b>Forecast.</b> ${e(r.forecast.model)}</li>
<li><b>Privacy.</b> Aggregates only: no names, addresses, birth dates or source identifiers. Counts from 1 to 10 are shown as &lt;11, with a second cell hidden where a single hidden cell could be recovered from a total.</li>
</ul>
</body></html>
`;
}

function mixTable(d: SegmentDimension, r: TrialRanking): string {
  const eligible = r.totals.demographics[d];
  const population = r.totals.population[d];
  // Every patient is in exactly one category of each dimension, so a column's total is the group's size: the
  // eligible count, and the living population (the funnel's first step), both published already. Summing the
  // cells instead would fail as soon as one of them is suppressed.
  const alive = r.totals.funnel[0]?.remaining;
  const share = (counts: Record<string, Count>, key: string, total: Count | undefined) => {
    const v = counts[key];
    return typeof v === 'number' && typeof total === 'number' && total > 0 ? pct(v / total) : '–';
  };
  const rows = CATEGORIES[d].filter((c) => eligible[c] !== 0 || population[c] !== 0);
  return `<table><thead><tr><th class="l">${d}</th><th>eligible</th><th>share</th><th>population</th><th>share</th></tr></thead><tbody>
${rows.map((c) => `<tr><td class="l">${e(c)}</td><td>${cell(eligible[c])}</td><td>${share(eligible, c, r.totals.eligible)}</td><td>${cell(population[c])}</td><td>${share(population, c, alive)}</td></tr>`).join('\n')}
</tbody></table>`;
}

function card(label: string, value: Count | string | number): string {
  return `<div class="card"><span class="muted">${e(label)}</span><b>${e(String(value))}</b></div>`;
}

function cell(value: Count | number): string {
  return e(String(value));
}

function num(value: Count): number {
  return typeof value === 'number' ? value : 10;
}

function pct(x: number): string {
  // One decimal near 0 and 100 % so that 99.6 % is not printed as a certain 100 %.
  return `${(x * 100).toFixed(x < 0.1 || x > 0.99 ? 1 : 0)} %`;
}

function interval(m: MonthsInterval): string {
  return `${m.low ?? '∞'}–${m.high ?? '∞'}`;
}

/** One row per cohort, ranked first (the --csv output). */
export function cohortsCsv(r: TrialRanking): string {
  const header = [
    'rank',
    'id',
    'name',
    'activation_month',
    'patients',
    'eligible',
    'possibly_eligible',
    'ineligible',
    'expected_enrollees',
    'forecast_contribution',
    'forecast_months_median',
    'forecast_months_low',
    'forecast_months_high',
    'probability_reached',
    'representativeness',
  ];
  const row = (c: CohortResult) => [
    c.rank ?? '',
    c.id,
    c.name,
    c.activationMonth ?? '',
    c.patients,
    c.eligible,
    c.possiblyEligible,
    c.ineligible,
    c.expectedEnrollees,
    c.forecastContribution ?? '',
    c.forecastMonths.median ?? '',
    c.forecastMonths.low ?? '',
    c.forecastMonths.high ?? '',
    c.forecastMonths.probabilityReached,
    c.representativeness?.overall ?? '',
  ];
  return (
    [header, ...r.cohorts.map(row)]
      .map((cells) => cells.map((v) => csvCell(String(v))).join(','))
      .join('\n') + '\n'
  );
}

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
