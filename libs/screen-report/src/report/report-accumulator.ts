import type { ResultRow } from '@hitscreen/screening';

/** Streaming statistics of one score: exact count, mean, minimum and maximum. */
export interface ScoreStats {
  count: number;
  mean: number;
  min: number;
  max: number;
}

/** A sampled row's numbers, enough for the distributions and the property-space plot. */
export interface SampledPoint {
  row: number;
  desirability: number | null;
  scores: Record<string, number>;
}

export interface AlertCount {
  catalog: string;
  name: string;
  /** Molecules (ok rows) with this alert. */
  molecules: number;
}

export interface ReportData {
  rows: number;
  byStatus: Record<ResultRow['status'], number>;
  /** Exact statistics per score key over ok rows: `desirability`, properties, predictions. */
  stats: Record<string, ScoreStats>;
  /** A uniform random sample of ok rows (reservoir, fixed seed): what the charts draw. */
  sample: SampledPoint[];
  /** The best rows by desirability (rank when the screen is complete), best first. */
  topHits: ResultRow[];
  alerts: AlertCount[];
  /** Ok rows with at least one alert. */
  moleculesWithAlerts: number;
  okRows: number;
}

export interface AccumulatorOptions {
  topN?: number;
  sampleSize?: number;
  seed?: number;
}

/** Properties the report charts (plus every prediction and the desirability). */
export const REPORT_PROPERTIES = [
  'mol_wt',
  'clogp',
  'tpsa',
  'qed',
  'hbd',
  'hba',
  'rot_bonds',
  'fsp3',
] as const;

/**
 * Collects what the HTML report shows in one pass over a screen's rows, in memory bounded by `topN` +
 * `sampleSize` + the alert catalog, whatever the screen's size: exact counts and score statistics, a reservoir
 * sample for the charts, the top hits, alert counts.
 */
export class ReportAccumulator {
  private readonly topN: number;
  private readonly sampleSize: number;
  private readonly random: () => number;
  private readonly data: ReportData = {
    rows: 0,
    byStatus: { ok: 0, invalid: 0, failed: 0 },
    stats: {},
    sample: [],
    topHits: [],
    alerts: [],
    moleculesWithAlerts: 0,
    okRows: 0,
  };
  private readonly alertCounts = new Map<string, AlertCount>();

  constructor(options: AccumulatorOptions = {}) {
    this.topN = options.topN ?? 20;
    this.sampleSize = options.sampleSize ?? 2000;
    this.random = mulberry32(options.seed ?? 1);
  }

  add(row: ResultRow): void {
    this.data.rows++;
    this.data.byStatus[row.status]++;
    if (row.status !== 'ok') return;
    this.data.okRows++;
    const scores = scoresOf(row);
    for (const [key, value] of Object.entries(scores)) this.addStat(key, value);
    this.addSample({ row: row.row, desirability: row.desirability, scores });
    this.addTopHit(row);
    if (row.alerts.length > 0) this.data.moleculesWithAlerts++;
    const seen = new Set<string>();
    for (const alert of row.alerts) {
      const key = `${alert.catalog}\u0000${alert.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const count = this.alertCounts.get(key) ?? { catalog: alert.catalog, name: alert.name, molecules: 0 };
      count.molecules++;
      this.alertCounts.set(key, count);
    }
  }

  result(): ReportData {
    return {
      ...this.data,
      alerts: [...this.alertCounts.values()].sort(
        (a, b) =>
          b.molecules - a.molecules || a.catalog.localeCompare(b.catalog) || a.name.localeCompare(b.name),
      ),
    };
  }

  private addStat(key: string, value: number): void {
    const s = this.data.stats[key];
    if (!s) {
      this.data.stats[key] = { count: 1, mean: value, min: value, max: value };
      return;
    }
    s.count++;
    s.mean += (value - s.mean) / s.count;
    if (value < s.min) s.min = value;
    if (value > s.max) s.max = value;
  }

  // Algorithm R: after n rows, each has been kept with probability sampleSize / n.
  private addSample(point: SampledPoint): void {
    const sample = this.data.sample;
    if (sample.length < this.sampleSize) {
      sample.push(point);
      return;
    }
    const slot = Math.floor(this.random() * this.data.okRows);
    if (slot < this.sampleSize) sample[slot] = point;
  }

  private addTopHit(row: ResultRow): void {
    if (row.desirability === null || this.topN === 0) return;
    const hits = this.data.topHits;
    if (hits.length === this.topN && !better(row, hits[hits.length - 1])) return;
    let i = hits.length;
    while (i > 0 && better(row, hits[i - 1])) i--;
    hits.splice(i, 0, row);
    if (hits.length > this.topN) hits.pop();
  }
}

/** Higher desirability first; equal ones by rank, then by row, so the order is total and stable. */
function better(a: ResultRow, b: ResultRow): boolean {
  const da = a.desirability ?? -1;
  const db = b.desirability ?? -1;
  if (da !== db) return da > db;
  const ra = a.rank ?? Number.MAX_SAFE_INTEGER;
  const rb = b.rank ?? Number.MAX_SAFE_INTEGER;
  if (ra !== rb) return ra < rb;
  return a.row < b.row;
}

function scoresOf(row: ResultRow): Record<string, number> {
  const scores: Record<string, number> = {};
  if (row.desirability !== null) scores.desirability = row.desirability;
  for (const key of REPORT_PROPERTIES) {
    const value = row.properties[key];
    if (typeof value === 'number' && Number.isFinite(value)) scores[key] = value;
  }
  for (const p of row.predictions) if (Number.isFinite(p.value)) scores[p.key] = p.value;
  return scores;
}

/** A small seeded PRNG so the same screen always gives the same report. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
