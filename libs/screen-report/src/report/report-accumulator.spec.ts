import { ReportAccumulator } from './report-accumulator';
import { okRow } from './testing-rows';

describe('ReportAccumulator', () => {
  it('counts rows by status and keeps exact statistics over the ok rows', () => {
    const acc = new ReportAccumulator();
    for (let i = 1; i <= 10; i++) acc.add(okRow(i));
    acc.add({
      ...okRow(11),
      status: 'invalid',
      error: 'bad',
      desirability: null,
      predictions: [],
      properties: {},
    });
    const data = acc.result();
    expect(data.rows).toBe(11);
    expect(data.byStatus).toEqual({ ok: 10, invalid: 1, failed: 0 });
    expect(data.stats.mol_wt).toEqual({ count: 10, mean: 99.5, min: 95, max: 104 });
    expect(data.stats['esol.logS'].min).toBeCloseTo(-0.1);
  });

  it('keeps the top hits by desirability, best first, ties by row', () => {
    const acc = new ReportAccumulator({ topN: 3 });
    for (const row of [5, 99, 42, 199, 77, 1]) acc.add(okRow(row));
    expect(acc.result().topHits.map((h) => h.row)).toEqual([99, 199, 77]);
  });

  it('bounds its memory: the sample stays at sampleSize and is a subset of the rows', () => {
    const acc = new ReportAccumulator({ sampleSize: 50, seed: 7 });
    for (let i = 1; i <= 5000; i++) acc.add(okRow(i));
    const data = acc.result();
    expect(data.sample).toHaveLength(50);
    expect(new Set(data.sample.map((p) => p.row)).size).toBe(50);
    // uniform: late rows are as likely as early ones, so the sample is not just the first 50
    expect(Math.max(...data.sample.map((p) => p.row))).toBeGreaterThan(2500);
    expect(data.stats.mol_wt.count).toBe(5000);
  });

  it('counts each alert once per molecule', () => {
    const acc = new ReportAccumulator();
    const nitro = { catalog: 'Brenk', name: 'nitro_group', atoms: [1, 2] };
    acc.add(okRow(1, { alerts: [nitro, { ...nitro, atoms: [5, 6] }] }));
    acc.add(okRow(2, { alerts: [nitro] }));
    acc.add(okRow(3));
    const data = acc.result();
    expect(data.alerts).toEqual([{ catalog: 'Brenk', name: 'nitro_group', molecules: 2 }]);
    expect(data.moleculesWithAlerts).toBe(2);
  });
});
