/**
 * Inline SVG charts for the report: no script, no external asset, so the HTML prints and archives as is.
 * Pure string builders; every text is escaped.
 */
export interface ChartSize {
  width?: number;
  height?: number;
}

const MARGIN = { left: 44, right: 12, top: 22, bottom: 34 };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Counts of `values` in `bins` equal-width bins over [min, max] (the max falls in the last bin). */
export function histogram(values: readonly number[], bins: number, min: number, max: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = max > min ? (max - min) / bins : 1;
  for (const value of values) {
    if (!Number.isFinite(value) || value < min || value > max) continue;
    counts[Math.min(bins - 1, Math.floor((value - min) / width))]++;
  }
  return counts;
}

export function histogramSvg(
  values: readonly number[],
  options: ChartSize & { title: string; bins?: number } = { title: '' },
): string {
  const width = options.width ?? 320;
  const height = options.height ?? 180;
  const bins = options.bins ?? 20;
  if (values.length === 0) return emptyChart(options.title, width, height);
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  const counts = histogram(values, bins, min, max);
  const top = Math.max(...counts);
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const barW = plotW / bins;
  const bars = counts
    .map((count, i) => {
      const h = (count / top) * plotH;
      const x = MARGIN.left + i * barW;
      const y = MARGIN.top + plotH - h;
      return `<rect x="${fmt(x + 0.5)}" y="${fmt(y)}" width="${fmt(Math.max(barW - 1, 0.5))}" height="${fmt(h)}" fill="#4C78A8"><title>${fmt(min + (i * (max - min)) / bins)}–${fmt(min + ((i + 1) * (max - min)) / bins)}: ${count}</title></rect>`;
    })
    .join('');
  return frame(options.title, width, height, bars + axes(min, max, 0, top, width, height));
}

export interface ScatterPoint {
  x: number;
  y: number;
  /** 0..1 colours the point from red (0) to green (1); absent draws it grey. */
  shade?: number | null;
}

export function scatterSvg(
  points: readonly ScatterPoint[],
  options: ChartSize & { title: string; xLabel: string; yLabel: string },
): string {
  const width = options.width ?? 420;
  const height = options.height ?? 320;
  if (points.length === 0) return emptyChart(options.title, width, height);
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1] = padded(Math.min(...xs), Math.max(...xs));
  const [y0, y1] = padded(Math.min(...ys), Math.max(...ys));
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const dots = points
    .map((p) => {
      const cx = MARGIN.left + ((p.x - x0) / (x1 - x0)) * plotW;
      const cy = MARGIN.top + plotH - ((p.y - y0) / (y1 - y0)) * plotH;
      return `<circle cx="${fmt(cx)}" cy="${fmt(cy)}" r="2.2" fill="${shadeColor(p.shade)}" fill-opacity="0.7"/>`;
    })
    .join('');
  const labels =
    `<text x="${fmt(MARGIN.left + plotW / 2)}" y="${height - 4}" text-anchor="middle" font-size="11">${escapeXml(options.xLabel)}</text>` +
    `<text x="10" y="${fmt(MARGIN.top + plotH / 2)}" text-anchor="middle" font-size="11" transform="rotate(-90 10 ${fmt(MARGIN.top + plotH / 2)})">${escapeXml(options.yLabel)}</text>`;
  return frame(options.title, width, height, dots + axes(x0, x1, y0, y1, width, height) + labels);
}

function frame(title: string, width: number, height: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}"><text x="${MARGIN.left}" y="14" font-size="12" font-weight="bold">${escapeXml(title)}</text>${body}</svg>`;
}

function emptyChart(title: string, width: number, height: number): string {
  return frame(
    title,
    width,
    height,
    `<text x="${width / 2}" y="${height / 2}" text-anchor="middle" font-size="11" fill="#888">no values</text>`,
  );
}

function axes(x0: number, x1: number, y0: number, y1: number, width: number, height: number): string {
  const left = MARGIN.left;
  const bottom = height - MARGIN.bottom;
  const right = width - MARGIN.right;
  return (
    `<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#333"/>` +
    `<line x1="${left}" y1="${MARGIN.top}" x2="${left}" y2="${bottom}" stroke="#333"/>` +
    `<text x="${left}" y="${bottom + 13}" font-size="10" text-anchor="start">${fmt(x0)}</text>` +
    `<text x="${right}" y="${bottom + 13}" font-size="10" text-anchor="end">${fmt(x1)}</text>` +
    `<text x="${left - 3}" y="${bottom}" font-size="10" text-anchor="end">${fmt(y0)}</text>` +
    `<text x="${left - 3}" y="${MARGIN.top + 8}" font-size="10" text-anchor="end">${fmt(y1)}</text>`
  );
}

function padded(min: number, max: number): [number, number] {
  if (min === max) return [min - 0.5, max + 0.5];
  const pad = (max - min) * 0.04;
  return [min - pad, max + pad];
}

function shadeColor(shade: number | null | undefined): string {
  if (shade === null || shade === undefined || !Number.isFinite(shade)) return '#999999';
  const t = Math.min(1, Math.max(0, shade));
  const r = Math.round(215 - t * 170);
  const g = Math.round(60 + t * 120);
  return `rgb(${r},${g},70)`;
}

/** Numbers in charts and tables: up to 3 significant decimals, no exponent for ordinary values. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(2);
  return String(Math.round(value * 1000) / 1000);
}
