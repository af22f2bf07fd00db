import type { ModelCard } from '@hitscreen/models';
import type { ScreenSummary } from '@hitscreen/screening';
import { driftWarningSection, type ReportDrift } from './drift-warning';
import type { ReportData } from './report-accumulator';
import { escapeXml as esc, fmt, histogramSvg, scatterSvg } from './svg-charts';

/** The parts of a model card the report shows. */
export type ReportModelCard = Pick<
  ModelCard,
  'name' | 'version' | 'description' | 'tasks' | 'metrics' | 'trainingData' | 'ensemble'
>;

export interface ReportInput {
  summary: ScreenSummary;
  data: ReportData;
  models: ReportModelCard[];
  /** Depictions of the top hits by row (an inline SVG, or null when the structure could not be drawn). */
  hitDepictions: Map<number, string | null>;
  /** When the report was made (ISO 8601); passed in so the function stays pure. */
  generatedAt: string;
  /** The library's drift per model, when recorded: a drifted library gets a warning at the top. */
  drift?: readonly ReportDrift[];
}

const STYLE = `
body{font:13px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #ccc;padding-bottom:2px}
table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:10px}.hits{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:10px}
.hit{border:1px solid #ddd;padding:6px;break-inside:avoid}.hit svg{width:100%;height:auto}.muted{color:#777}
code{font-size:11px;word-break:break-all}
.drift-warning{border:2px solid #c60;background:#fff4e5;padding:4px 12px;margin:12px 0}.drift-warning h2{border:0;color:#a40}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}.charts svg,.hit{break-inside:avoid}}
`;

/** The screen's report as one self-contained HTML page: inline CSS and SVG, no script, no external resource. */
export function renderReportHtml(input: ReportInput): string {
  const { summary, data } = input;
  const title = `Screen ${summary.name ?? summary.id}`;
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
    `<title>${esc(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${esc(title)}</h1>`,
    `<p class="muted">Screen <code>${esc(summary.id)}</code> · status ${esc(summary.status)} · report made ${esc(input.generatedAt)}</p>`,
    driftWarningSection(input.drift),
    summarySection(summary, data),
    distributionsSection(data),
    propertySpaceSection(data),
    topHitsSection(data, input.hitDepictions),
    alertsSection(data),
    modelsSection(input.models, summary),
    '</body></html>',
  ].join('\n');
}

function summarySection(summary: ScreenSummary, data: ReportData): string {
  const rows: [string, string][] = [
    ['molecules', String(summary.counts.total)],
    ['scored (ok)', String(data.byStatus.ok)],
    ['invalid input', String(data.byStatus.invalid)],
    ['failed in scoring', String(data.byStatus.failed)],
    ['with structural alerts', `${data.moleculesWithAlerts} (${pct(data.moleculesWithAlerts, data.okRows)})`],
    ['created', summary.createdAt],
    ['started', summary.startedAt ?? '—'],
    ['finished', summary.finishedAt ?? '—'],
    ['models', summary.models.map((m) => `${m.name} ${m.version}`).join(', ') || '—'],
    ['weights', summary.options.weights ? JSON.stringify(summary.options.weights) : 'default'],
  ];
  const stats = Object.entries(data.stats)
    .map(
      ([key, s]) =>
        `<tr><td>${esc(key)}</td><td class="n">${s.count}</td><td class="n">${fmt(s.mean)}</td><td class="n">${fmt(s.min)}</td><td class="n">${fmt(s.max)}</td></tr>`,
    )
    .join('');
  return (
    '<h2>Summary</h2><table>' +
    rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('') +
    '</table>' +
    (stats
      ? `<table><tr><th>score</th><th>n</th><th>mean</th><th>min</th><th>max</th></tr>${stats}</table>`
      : '')
  );
}

function distributionsSection(data: ReportData): string {
  const keys = Object.keys(data.stats);
  if (keys.length === 0) return '<h2>Score distributions</h2><p class="muted">No scored molecules.</p>';
  const charts = keys.map((key) =>
    histogramSvg(
      data.sample.flatMap((p) => (key in p.scores ? [p.scores[key]] : [])),
      { title: key },
    ),
  );
  return `<h2>Score distributions</h2><p class="muted">${sampleNote(data)}</p><div class="charts">${charts.join('')}</div>`;
}

function propertySpaceSection(data: ReportData): string {
  const points = data.sample.flatMap((p) =>
    'mol_wt' in p.scores && 'clogp' in p.scores
      ? [{ x: p.scores.mol_wt, y: p.scores.clogp, shade: p.desirability }]
      : [],
  );
  return (
    '<h2>Property space</h2>' +
    `<p class="muted">Molecular weight against cLogP, coloured by desirability (red 0 → green 1). ${sampleNote(data)}</p>` +
    scatterSvg(points, { title: 'MW vs cLogP', xLabel: 'molecular weight (g/mol)', yLabel: 'cLogP' })
  );
}

function topHitsSection(data: ReportData, depictions: Map<number, string | null>): string {
  if (data.topHits.length === 0) return '<h2>Top hits</h2><p class="muted">No ranked molecules.</p>';
  const cards = data.topHits.map((hit, i) => {
    const svg = depictions.get(hit.row);
    const predictions = hit.predictions
      .map((p) => `<tr><td>${esc(p.key)}</td><td class="n">${fmt(p.value)} ± ${fmt(p.uncertainty)}</td></tr>`)
      .join('');
    return (
      `<div class="hit"><strong>#${hit.rank ?? i + 1} ${esc(hit.id)}</strong> <span class="muted">row ${hit.row}</span>` +
      (svg ? inlineSvg(svg) : '<p class="muted">no depiction</p>') +
      `<div><code>${esc(hit.parentSmiles ?? hit.input)}</code></div>` +
      `<table><tr><td>desirability</td><td class="n">${fmt(hit.desirability ?? NaN)}</td></tr>` +
      `<tr><td>QED</td><td class="n">${typeof hit.properties.qed === 'number' ? fmt(hit.properties.qed) : '—'}</td></tr>` +
      predictions +
      `<tr><td>alerts</td><td>${esc(hit.alerts.map((a) => a.name).join(', ') || 'none')}</td></tr></table></div>`
    );
  });
  return `<h2>Top hits</h2><div class="hits">${cards.join('')}</div>`;
}

function alertsSection(data: ReportData): string {
  if (data.alerts.length === 0)
    return '<h2>Structural alerts</h2><p class="muted">No alerts among the scored molecules.</p>';
  const rows = data.alerts
    .map(
      (a) =>
        `<tr><td>${esc(a.catalog)}</td><td>${esc(a.name)}</td><td class="n">${a.molecules}</td><td class="n">${pct(a.molecules, data.okRows)}</td></tr>`,
    )
    .join('');
  return `<h2>Structural alerts</h2><table><tr><th>catalog</th><th>alert</th><th>molecules</th><th>share</th></tr>${rows}</table>`;
}

function modelsSection(models: ReportModelCard[], summary: ScreenSummary): string {
  if (models.length === 0) return '<h2>Models</h2><p class="muted">No model cards.</p>';
  const used = new Map(summary.models.map((m) => [m.name, m.version]));
  const cards = models.map((card) => {
    const metrics = Object.entries(card.metrics.test)
      .map(
        ([task, values]) =>
          `<tr><td>${esc(task)}</td><td>${esc(
            Object.entries(values)
              .map(([k, v]) => `${k} ${fmt(v)}`)
              .join(', '),
          )}</td></tr>`,
      )
      .join('');
    const tasks = card.tasks.map((t) => `${t.name} (${t.type}, ${t.units})`).join('; ');
    return (
      `<h3>${esc(card.name)} <span class="muted">card ${esc(card.version)}${used.get(card.name) ? ` · scored with ${esc(used.get(card.name) ?? '')}` : ''}</span></h3>` +
      `<p>${esc(card.description)}</p><p>Tasks: ${esc(tasks)}. Ensemble of ${card.ensemble.size}; trained on ${card.trainingData.rows} molecules (${esc(card.trainingData.file)}).</p>` +
      `<p>Headline: ${esc(card.metrics.headline.name)} ${fmt(card.metrics.headline.value)} (test split)</p>` +
      `<table><tr><th>task</th><th>test metrics</th></tr>${metrics}</table>`
    );
  });
  return `<h2>Models</h2>${cards.join('')}`;
}

function sampleNote(data: ReportData): string {
  return data.sample.length < data.okRows
    ? `Charts drawn from a uniform random sample of ${data.sample.length} of ${data.okRows} scored molecules.`
    : `All ${data.okRows} scored molecules.`;
}

/** RDKit's SVG starts with an XML declaration, which is not allowed inside HTML. */
function inlineSvg(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, '');
}

function pct(part: number, whole: number): string {
  return whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`;
}
