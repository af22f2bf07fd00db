import { dialectOfSource, SqlParams, type DataSource } from '@hitscreen/db';
import type { DriftCounts, DriftReport } from '../assess';

/** One screen's drift for one model, as stored when the screen finished. */
export interface ScreenDriftRecord {
  screenId: string;
  model: string;
  referenceSha256: string;
  day: string;
  computedAt: string;
  report: DriftReport;
}

/** A day's (or a window's) summed counts for one model over the screens counted against one reference. */
export interface DailyDrift {
  day: string;
  screens: number;
  counts: DriftCounts;
}

/** Rows per INSERT statement: far below PostgreSQL's 65,535 and SQLite's 32,766 parameters (5 per row). */
const BINS_PER_INSERT = 500;

/** The drift tables (DRIFT_MIGRATIONS) on PostgreSQL or SQLite, through raw SQL shared by both. */
export class DriftStore {
  constructor(private readonly dataSource: DataSource) {}

  private params(): SqlParams {
    return new SqlParams(dialectOfSource(this.dataSource));
  }

  /** Stores (replaces) a screen's drift for a model: the report and every non-empty bin count. Idempotent. */
  async save(record: ScreenDriftRecord, counts: DriftCounts): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const del = this.params();
      const where = `screen_id = ${del.add(record.screenId)} AND model = ${del.add(record.model)}`;
      await m.query(`DELETE FROM screen_drift_bin WHERE ${where}`, del.values);
      await m.query(`DELETE FROM screen_drift WHERE ${where}`, del.values);
      const p = this.params();
      await m.query(
        `INSERT INTO screen_drift (screen_id, model, reference_sha256, day, computed_at, molecules, out_of_domain,
           drift, report) VALUES (${[
             record.screenId,
             record.model,
             record.referenceSha256,
             record.day,
             record.computedAt,
             counts.molecules,
             counts.outOfDomain,
             record.report.drift ? 1 : 0,
             JSON.stringify(record.report),
           ]
             .map((v) => p.add(v))
             .join(', ')})`,
        p.values,
      );
      const bins = Object.entries(counts.properties).flatMap(([property, values]) =>
        values.map((count, bin) => ({ property, bin, count })).filter((b) => b.count > 0),
      );
      for (let at = 0; at < bins.length; at += BINS_PER_INSERT) {
        const q = this.params();
        const rows = bins
          .slice(at, at + BINS_PER_INSERT)
          .map(
            (b) =>
              `(${q.add(record.screenId)}, ${q.add(record.model)}, ${q.add(b.property)}, ${q.add(b.bin)}, ${q.add(b.count)})`,
          );
        await m.query(
          `INSERT INTO screen_drift_bin (screen_id, model, property, bin, count) VALUES ${rows.join(', ')}`,
          q.values,
        );
      }
    });
  }

  /** Every model's stored drift of one screen, by model name. */
  async forScreen(screenId: string): Promise<ScreenDriftRecord[]> {
    const p = this.params();
    const rows = await this.dataSource.query<
      {
        screen_id: string;
        model: string;
        reference_sha256: string;
        day: string;
        computed_at: string;
        report: string;
      }[]
    >(
      `SELECT screen_id, model, reference_sha256, day, computed_at, report FROM screen_drift
       WHERE screen_id = ${p.add(screenId)} ORDER BY model`,
      p.values,
    );
    return rows.map((r) => ({
      screenId: r.screen_id,
      model: r.model,
      referenceSha256: r.reference_sha256,
      day: r.day,
      computedAt: r.computed_at,
      report: JSON.parse(r.report) as DriftReport,
    }));
  }

  /**
   * Per UTC day in [from, to] (`YYYY-MM-DD`, inclusive), the summed counts of the model's screens counted against
   * the reference with this SHA-256 (counts over other bins cannot be added). Days without a screen are absent.
   */
  async daily(model: string, referenceSha256: string, from: string, to: string): Promise<DailyDrift[]> {
    return this.rollUp(
      true,
      model,
      referenceSha256,
      (p, t) => `${t}day >= ${p.add(from)} AND ${t}day <= ${p.add(to)}`,
    );
  }

  /** The summed counts of the model's screens computed at or after `sinceIso` (day: 'since'); none: undefined. */
  async since(model: string, referenceSha256: string, sinceIso: string): Promise<DailyDrift | undefined> {
    const [window] = await this.rollUp(
      false,
      model,
      referenceSha256,
      (p, t) => `${t}computed_at >= ${p.add(sinceIso)}`,
    );
    return window;
  }

  /** Sums of counts per day (`byDay`) or over the whole filter; `filter` writes the condition on screen_drift `t`. */
  private async rollUp(
    byDay: boolean,
    model: string,
    sha: string,
    filter: (p: SqlParams, table: string) => string,
  ): Promise<DailyDrift[]> {
    const s = this.params();
    const where = (p: SqlParams, t: string) =>
      `${t}model = ${p.add(model)} AND ${t}reference_sha256 = ${p.add(sha)} AND ${filter(p, t)}`;
    const totals = await this.dataSource.query<
      {
        day: string | null;
        screens: string | number;
        molecules: string | number | null;
        ood: string | number | null;
      }[]
    >(
      `SELECT ${byDay ? 'day' : 'NULL'} AS day, COUNT(*) AS screens, SUM(molecules) AS molecules,
         SUM(out_of_domain) AS ood
       FROM screen_drift WHERE ${where(s, '')}${byDay ? ' GROUP BY day ORDER BY day' : ''}`,
      s.values,
    );
    const found = totals.filter((t) => Number(t.screens) > 0);
    if (found.length === 0) return [];
    const b = this.params();
    const bins = await this.dataSource.query<
      { day: string | null; property: string; bin: number; count: string | number }[]
    >(
      `SELECT ${byDay ? 'd.day' : 'NULL'} AS day, x.property, x.bin, SUM(x.count) AS count
       FROM screen_drift d JOIN screen_drift_bin x ON x.screen_id = d.screen_id AND x.model = d.model
       WHERE ${where(b, 'd.')} GROUP BY ${byDay ? 'd.day, ' : ''}x.property, x.bin`,
      b.values,
    );
    const key = (day: string | null) => day ?? 'since';
    const out = new Map<string, DailyDrift>(
      found.map((t) => [
        key(t.day),
        {
          day: key(t.day),
          screens: Number(t.screens),
          counts: { molecules: Number(t.molecules ?? 0), outOfDomain: Number(t.ood ?? 0), properties: {} },
        },
      ]),
    );
    for (const row of bins) {
      const day = out.get(key(row.day));
      if (!day) continue;
      const values = (day.counts.properties[row.property] ??= []);
      const bin = Number(row.bin);
      while (values.length <= bin) values.push(0);
      values[bin] += Number(row.count);
    }
    return [...out.values()];
  }
}
