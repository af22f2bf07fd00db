import { averageRanks, disagreementRate, pearson, spearman, taskAgreement, topOverlap } from './agreement';

describe('agreement figures', () => {
  it('Pearson r as numpy.corrcoef gives it, undefined for a constant side', () => {
    // numpy.corrcoef([1, 2, 3, 4, 5], [2, 1, 4, 3, 7])[0, 1] = 0.8241633836921342
    expect(pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 7])).toBeCloseTo(0.8241633836921342, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearson([1], [1])).toBeNull();
  });

  it('Spearman rho on average ranks, as scipy.stats.spearmanr (ties included)', () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    // scipy.stats.spearmanr([1, 2, 2, 3, 5], [1, 3, 2, 2, 4]).correlation = 0.7631578947368421
    expect(spearman([1, 2, 2, 3, 5], [1, 3, 2, 2, 4])).toBeCloseTo(0.7631578947368421, 12);
    expect(spearman([1, 2, 3, 4], [10, 100, 1000, 10000])).toBeCloseTo(1, 12);
  });

  it('overlap of the top 1 % (at least one molecule) and class disagreement at the threshold', () => {
    const production = Array.from({ length: 250 }, (_, i) => i); // top 3 (ceil 2.5): 249, 248, 247
    const candidate = production.map((v) => (v === 248 ? -1 : v)); // 248 falls out; 246 comes in
    expect(topOverlap(production, candidate)).toEqual({ k: 3, overlap: 2 / 3 });
    expect(topOverlap([1, 2], [2, 1])).toEqual({ k: 1, overlap: 0 });
    expect(topOverlap([], [])).toEqual({ k: 0, overlap: null });
    expect(disagreementRate([0.1, 0.6, 0.5, 0.9], [0.2, 0.4, 0.5, 0.49], 0.5)).toBe(0.5);
  });

  it('reports a classification task with its disagreement and a regression task without', () => {
    const c = taskAgreement({ type: 'classification', threshold: 0.5 }, [0.1, 0.9, 0.7], [0.2, 0.8, 0.3]);
    expect(c).toMatchObject({ type: 'classification', n: 3, threshold: 0.5, disagreementRate: 1 / 3 });
    expect(c.meanAbsDiff).toBeCloseTo(0.2, 12);
    const r = taskAgreement({ type: 'regression' }, [1, 2, 3], [1, 2, 3]);
    expect(r).toEqual({
      type: 'regression',
      n: 3,
      pearson: 1,
      spearman: 1,
      meanAbsDiff: 0,
      topOverlap: { fraction: 0.01, k: 1, overlap: 1 },
    });
  });
});
