import { extent, histogram, linearScale, scoreColor, ticks } from '../lib/chart-scale';
import { num } from '../lib/format';

// Hand-written SVG charts: each has a title and a description for screen readers, axes with ticks, and the
// numbers it draws in a table or a tooltip (<title>) as well.

const M = { top: 16, right: 16, bottom: 44, left: 52 };

function Axes(props: {
  x: (v: number) => number;
  y: (v: number) => number;
  xTicks: number[];
  yTicks: number[];
  width: number;
  height: number;
  xLabel: string;
  yLabel: string;
  xFormat?: (v: number) => string;
}) {
  const { x, y, width, height } = props;
  const fmt = props.xFormat ?? ((v: number) => String(v));
  return (
    <g class="axes" aria-hidden="true">
      <line x1={M.left} x2={width - M.right} y1={height - M.bottom} y2={height - M.bottom} />
      <line x1={M.left} x2={M.left} y1={M.top} y2={height - M.bottom} />
      {props.xTicks.map((t) => (
        <g key={`x${t}`}>
          <line x1={x(t)} x2={x(t)} y1={height - M.bottom} y2={height - M.bottom + 4} />
          <text x={x(t)} y={height - M.bottom + 16} text-anchor="middle">
            {fmt(t)}
          </text>
        </g>
      ))}
      {props.yTicks.map((t) => (
        <g key={`y${t}`}>
          <line x1={M.left - 4} x2={M.left} y1={y(t)} y2={y(t)} />
          <line class="grid" x1={M.left} x2={width - M.right} y1={y(t)} y2={y(t)} />
          <text x={M.left - 7} y={y(t) + 4} text-anchor="end">
            {t}
          </text>
        </g>
      ))}
      <text x={(M.left + width - M.right) / 2} y={height - 6} text-anchor="middle" class="label">
        {props.xLabel}
      </text>
      <text
        transform={`translate(14 ${(M.top + height - M.bottom) / 2}) rotate(-90)`}
        text-anchor="middle"
        class="label"
      >
        {props.yLabel}
      </text>
    </g>
  );
}

/** The distribution of scores in [0, 1], 20 bins. */
export function ScoreHistogram(props: { scores: number[]; title: string; width?: number; height?: number }) {
  const width = props.width ?? 560;
  const height = props.height ?? 260;
  const bins = 20;
  const counts = histogram(props.scores, bins, 0, 1);
  const top = Math.max(1, ...counts);
  const x = linearScale([0, 1], [M.left, width - M.right]);
  const y = linearScale([0, top], [height - M.bottom, M.top]);
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="hist-title hist-desc">
      <title id="hist-title">{props.title}</title>
      <desc id="hist-desc">{`Counts of compounds per score bin of width 0.05: ${counts.join(', ')}.`}</desc>
      <Axes
        x={x}
        y={y}
        xTicks={ticks(0, 1, 5)}
        yTicks={ticks(0, top, 4).filter((t) => Number.isInteger(t))}
        width={width}
        height={height}
        xLabel="score (desirability)"
        yLabel="compounds"
      />
      {counts.map((c, i) => (
        <rect
          key={i}
          class="bar"
          x={x(i / bins) + 1}
          width={x(1 / bins) - x(0) - 2}
          y={y(c)}
          height={height - M.bottom - y(c)}
          fill={scoreColor((i + 0.5) / bins)}
        >
          <title>{`${num(i / bins)}–${num((i + 1) / bins)}: ${c}`}</title>
        </rect>
      ))}
    </svg>
  );
}

export interface ScatterPoint {
  key: number;
  x: number;
  y: number;
  score: number | null;
  label: string;
}

/** A property-space scatter plot coloured by score; each point is a button that opens its compound. */
export function Scatter(props: {
  points: ScatterPoint[];
  xLabel: string;
  yLabel: string;
  title: string;
  onOpen: (key: number) => void;
  width?: number;
  height?: number;
}) {
  const width = props.width ?? 560;
  const height = props.height ?? 360;
  const [x0, x1] = extent(
    props.points.map((p) => p.x),
    0.05,
  );
  const [y0, y1] = extent(
    props.points.map((p) => p.y),
    0.05,
  );
  const x = linearScale([x0, x1], [M.left, width - M.right]);
  const y = linearScale([y0, y1], [height - M.bottom, M.top]);
  // Best last, so the good compounds are drawn on top.
  const ordered = [...props.points].sort((a, b) => (a.score ?? -1) - (b.score ?? -1));
  return (
    <svg class="chart scatter" viewBox={`0 0 ${width} ${height}`} role="group" aria-label={props.title}>
      <title>{props.title}</title>
      <Axes
        x={x}
        y={y}
        xTicks={ticks(x0, x1, 6)}
        yTicks={ticks(y0, y1, 5)}
        width={width}
        height={height}
        xLabel={props.xLabel}
        yLabel={props.yLabel}
      />
      {ordered.map((p) => (
        <circle
          key={p.key}
          class="point"
          cx={x(p.x)}
          cy={y(p.y)}
          r={5}
          fill={scoreColor(p.score)}
          tabIndex={0}
          role="button"
          aria-label={`${p.label}: ${props.xLabel} ${num(p.x, 1)}, ${props.yLabel} ${num(p.y, 2)}, score ${num(p.score)}`}
          data-row={p.key}
          onClick={() => props.onOpen(p.key)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' || event.key === ' ') {
              event.preventDefault();
              props.onOpen(p.key);
            }
          }}
        >
          <title>{`${p.label} · score ${num(p.score)}`}</title>
        </circle>
      ))}
    </svg>
  );
}

/** The score colour ramp as a legend. */
export function ScoreLegend() {
  const stops = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div class="legend" aria-hidden="true">
      score
      {stops.map((s) => (
        <span key={s} class="legend-item">
          <span class="swatch" style={{ background: scoreColor(s) }} />
          {s}
        </span>
      ))}
    </div>
  );
}

/** A funnel: how many remain after each criterion (suppressed steps drawn grey and labelled). */
export function Funnel(props: {
  steps: { label: string; value: number; suppressed: boolean; text: string }[];
  title: string;
}) {
  const width = 620;
  const rowHeight = 26;
  const labelWidth = 230;
  const height = props.steps.length * rowHeight + 10;
  const top = Math.max(1, ...props.steps.map((s) => s.value));
  const x = linearScale([0, top], [0, width - labelWidth - 70]);
  return (
    <svg class="chart funnel" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.title}>
      <title>{props.title}</title>
      {props.steps.map((s, i) => (
        <g key={i} transform={`translate(0 ${i * rowHeight + 4})`}>
          <title>{`${s.label}: ${s.text}`}</title>
          <text x={labelWidth - 8} y={16} text-anchor="end">
            {s.label.length > 34 ? `${s.label.slice(0, 33)}…` : s.label}
          </text>
          <rect
            x={labelWidth}
            y={2}
            height={rowHeight - 8}
            width={Math.max(2, x(s.value))}
            class={s.suppressed ? 'bar suppressed' : 'bar'}
          />
          <text x={labelWidth + Math.max(2, x(s.value)) + 6} y={16}>
            {s.text}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** Cumulative enrolment per month: the median with its 90 % band, and the target as a line. */
export function ForecastChart(props: {
  curve: { month: number; median: number; low: number; high: number }[];
  target: number;
  title: string;
}) {
  const width = 620;
  const height = 300;
  const months = props.curve.map((c) => c.month);
  const xMax = Math.max(1, ...months);
  const yMax = Math.max(props.target, ...props.curve.map((c) => c.high)) * 1.05 || 1;
  const x = linearScale([0, xMax], [M.left, width - M.right]);
  const y = linearScale([0, yMax], [height - M.bottom, M.top]);
  const line = (pick: (c: (typeof props.curve)[number]) => number) =>
    props.curve
      .map((c, i) => `${i === 0 ? 'M' : 'L'}${x(c.month).toFixed(1)},${y(pick(c)).toFixed(1)}`)
      .join('');
  const band =
    props.curve.length > 0
      ? `${props.curve.map((c, i) => `${i === 0 ? 'M' : 'L'}${x(c.month).toFixed(1)},${y(c.high).toFixed(1)}`).join('')}${[
          ...props.curve,
        ]
          .reverse()
          .map((c) => `L${x(c.month).toFixed(1)},${y(c.low).toFixed(1)}`)
          .join('')}Z`
      : '';
  return (
    <svg class="chart forecast" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.title}>
      <title>{props.title}</title>
      <Axes
        x={x}
        y={y}
        xTicks={ticks(0, xMax, 8)}
        yTicks={ticks(0, yMax, 5)}
        width={width}
        height={height}
        xLabel="months from trial start"
        yLabel="enrolled (cumulative)"
      />
      <path class="band" d={band} />
      <path class="median" d={line((c) => c.median)} />
      <line class="target" x1={M.left} x2={width - M.right} y1={y(props.target)} y2={y(props.target)} />
      <text class="target-label" x={width - M.right - 4} y={y(props.target) - 5} text-anchor="end">
        {`target ${props.target}`}
      </text>
    </svg>
  );
}
