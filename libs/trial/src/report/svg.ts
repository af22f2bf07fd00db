/** Small server-side SVG charts for the coordinator report: no script, no external resource. */
import type { CurveBand } from '../forecast/poisson-gamma';
import type { Count } from '../cohorts/suppression';

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const PALETTE = [
  '#1b6ca8',
  '#d1495b',
  '#00798c',
  '#edae49',
  '#66a182',
  '#8d6a9f',
  '#2e4057',
  '#c97b84',
  '#3d5a80',
  '#9c6644',
];

export function colorOf(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/** Horizontal bars: patients remaining after each step; a suppressed step is a hatched bar labelled "<11". */
export function funnelSvg(steps: { label: string; remaining: Count }[], max: number): string {
  const rowH = 22;
  const labelW = 260;
  const barW = 300;
  const h = steps.length * rowH + 8;
  const scale = max > 0 ? barW / max : 0;
  const rows = steps.map((s, i) => {
    const y = 4 + i * rowH;
    const suppressed = typeof s.remaining !== 'number';
    const w = suppressed ? 10 * scale : (s.remaining as number) * scale;
    const bar = suppressed
      ? `<rect x="${labelW}" y="${y + 3}" width="${Math.max(w, 2).toFixed(1)}" height="${rowH - 8}" fill="url(#hatch)" stroke="#888"/>`
      : `<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="#1b6ca8"/>`;
    return (
      `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${escapeHtml(truncate(s.label, 42))}</text>${bar}` +
      `<text x="${labelW + Math.max(w, 2) + 4}" y="${y + 15}">${escapeHtml(String(s.remaining))}</text>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelW + barW + 60}" height="${h}" font-size="11" font-family="sans-serif" role="img">` +
    `<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse"><path d="M0,4 l4,-4" stroke="#888"/></pattern></defs>` +
    rows.join('') +
    '</svg>'
  );
}

/** Cumulative enrolment vs months: the total's median with its interval band, each site's median, the target. */
export function forecastSvg(
  total: CurveBand[],
  sites: { name: string; curve: CurveBand[] }[],
  target: number,
): string {
  const w = 640;
  const h = 300;
  const m = { left: 48, right: 150, top: 12, bottom: 36 };
  const lastMonth = lastUsefulMonth(total, target);
  const xs = (month: number) => m.left + (month / Math.max(lastMonth, 1)) * (w - m.left - m.right);
  const yMax = Math.max(target, ...total.map((b) => b.high)) * 1.05 || 1;
  const ys = (v: number) => h - m.bottom - (v / yMax) * (h - m.top - m.bottom);
  const shown = total.filter((b) => b.month <= lastMonth);
  const band =
    shown.map((b) => `${xs(b.month).toFixed(1)},${ys(b.high).toFixed(1)}`).join(' ') +
    ' ' +
    [...shown]
      .reverse()
      .map((b) => `${xs(b.month).toFixed(1)},${ys(b.low).toFixed(1)}`)
      .join(' ');
  const line = (curve: CurveBand[]) =>
    curve
      .filter((b) => b.month <= lastMonth)
      .map((b) => `${xs(b.month).toFixed(1)},${ys(b.median).toFixed(1)}`)
      .join(' ');
  const xTicks = ticks(lastMonth).map(
    (t) =>
      `<line x1="${xs(t)}" x2="${xs(t)}" y1="${h - m.bottom}" y2="${h - m.bottom + 4}" stroke="#333"/><text x="${xs(t)}" y="${h - m.bottom + 16}" text-anchor="middle">${t}</text>`,
  );
  const yTicks = ticks(yMax).map(
    (t) =>
      `<line x1="${m.left - 4}" x2="${m.left}" y1="${ys(t)}" y2="${ys(t)}" stroke="#333"/><text x="${m.left - 6}" y="${ys(t) + 4}" text-anchor="end">${t}</text>`,
  );
  const legend = [
    `<rect x="${w - m.right + 10}" y="${m.top}" width="12" height="10" fill="#1b6ca8" opacity="0.25"/><text x="${w - m.right + 26}" y="${m.top + 9}">all sites (interval)</text>`,
    ...sites
      .slice(0, 12)
      .map(
        (s, i) =>
          `<line x1="${w - m.right + 10}" x2="${w - m.right + 22}" y1="${m.top + 24 + i * 14}" y2="${m.top + 24 + i * 14}" stroke="${colorOf(i + 1)}" stroke-width="2"/><text x="${w - m.right + 26}" y="${m.top + 28 + i * 14}">${escapeHtml(truncate(s.name, 20))}</text>`,
      ),
  ];
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-size="11" font-family="sans-serif" role="img">` +
    `<polygon points="${band}" fill="#1b6ca8" opacity="0.25"/>` +
    `<polyline points="${line(total)}" fill="none" stroke="#1b6ca8" stroke-width="2.5"/>` +
    sites
      .slice(0, 12)
      .map(
        (s, i) =>
          `<polyline points="${line(s.curve)}" fill="none" stroke="${colorOf(i + 1)}" stroke-width="1.5" stroke-dasharray="4 2"/>`,
      )
      .join('') +
    `<line x1="${m.left}" x2="${w - m.right}" y1="${ys(target)}" y2="${ys(target)}" stroke="#d1495b" stroke-dasharray="6 3"/><text x="${w - m.right - 4}" y="${ys(target) - 4}" text-anchor="end" fill="#d1495b">target ${target}</text>` +
    `<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${h - m.bottom}" stroke="#333"/><line x1="${m.left}" x2="${w - m.right}" y1="${h - m.bottom}" y2="${h - m.bottom}" stroke="#333"/>` +
    xTicks.join('') +
    yTicks.join('') +
    `<text x="${(m.left + w - m.right) / 2}" y="${h - 4}" text-anchor="middle">months from trial start</text>` +
    `<text transform="translate(12 ${(h - m.bottom) / 2}) rotate(-90)" text-anchor="middle">cumulative enrolled</text>` +
    legend.join('') +
    '</svg>'
  );
}

/** The month after which nothing changes any more (the upper band reaches the target), plus a margin. */
function lastUsefulMonth(total: CurveBand[], target: number): number {
  const done = total.find((b) => b.low >= target);
  const last = total[total.length - 1]?.month ?? 12;
  return done ? Math.min(last, Math.ceil(done.month * 1.15) + 1) : last;
}

function ticks(max: number): number[] {
  const raw = max / 5;
  const step =
    [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 2000, 5000].find((s) => s >= raw) ?? Math.ceil(raw);
  const out: number[] = [];
  for (let t = 0; t <= max + 1e-9; t += step) out.push(t);
  return out;
}

function truncate(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}
