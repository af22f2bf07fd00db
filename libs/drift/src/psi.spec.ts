import {
  binCounts,
  binOf,
  chiSquare999,
  decileEdges,
  populationStabilityIndex,
  psiNoiseBound,
  PSI_EPSILON,
} from './psi';

describe('populationStabilityIndex', () => {
  it('is 0 for identical distributions, whatever the totals', () => {
    expect(populationStabilityIndex([10, 20, 30], [10, 20, 30])).toBe(0);
    expect(populationStabilityIndex([10, 20, 30], [1, 2, 3])).toBeCloseTo(0, 12);
  });

  it('matches the value computed by hand', () => {
    // e = (0.5, 0.5), a = (0.25, 0.75): (−0.25)·ln(0.5) + 0.25·ln(1.5) = 0.173287 + 0.101366
    expect(populationStabilityIndex([50, 50], [25, 75])).toBeCloseTo(0.274653, 6);
    // e = (0.1, 0.2, 0.7), a = (0.3, 0.3, 0.4): 0.2·ln 3 + 0.1·ln 1.5 + (−0.3)·ln(4/7)
    const hand = 0.2 * Math.log(3) + 0.1 * Math.log(1.5) + -0.3 * Math.log(0.4 / 0.7);
    expect(populationStabilityIndex([1, 2, 7], [3, 3, 4])).toBeCloseTo(hand, 12);
    expect(hand).toBeCloseTo(0.428154, 6); // 0.219722 + 0.040547 + 0.167885
  });

  it('is symmetric', () => {
    expect(populationStabilityIndex([1, 2, 7], [3, 3, 4])).toBeCloseTo(
      populationStabilityIndex([3, 3, 4], [1, 2, 7]),
      12,
    );
  });

  it('floors empty bins at epsilon (1e-4) on both sides, without renormalizing', () => {
    expect(PSI_EPSILON).toBe(1e-4);
    // e = (0.5, 0.5, 0 → 1e-4), a = (0 → 1e-4, 0.5, 0.5): 2 · 0.4999 · ln(0.5 / 1e-4)
    expect(populationStabilityIndex([10, 10, 0], [0, 50, 50])).toBeCloseTo(8.51549, 5);
    expect(Number.isFinite(populationStabilityIndex([0, 10], [10, 0]))).toBe(true);
  });

  it('refuses bins that do not line up', () => {
    expect(() => populationStabilityIndex([1, 2], [1, 2, 3])).toThrow('2 expected bins and 3 actual bins');
  });
});

describe('bins', () => {
  it('puts a value in the first bin whose upper edge it does not exceed', () => {
    const edges = [1, 2, 3];
    expect([0.5, 1, 1.5, 2, 3, 3.1].map((v) => binOf(v, edges))).toEqual([0, 0, 1, 1, 2, 3]);
    expect(binCounts([0.5, 1, 1.5, 2, 3, 3.1], edges)).toEqual([2, 2, 1, 1]);
  });

  it('takes decile edges from the data and merges repeated values (counts)', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(decileEdges(hundred)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const discrete = [...new Array(50).fill(0), ...new Array(30).fill(1), ...new Array(20).fill(2)];
    expect(decileEdges(discrete)).toEqual([0, 1, 2]);
    expect(binCounts(discrete, [0, 1, 2])).toEqual([50, 30, 20, 0]);
    expect(decileEdges([1.234567])).toEqual([1.2346]);
  });
});

describe('sampling noise', () => {
  it('uses the tabulated 0.999 chi-square quantiles', () => {
    expect(chiSquare999(9)).toBe(27.877);
    expect(chiSquare999(1)).toBe(10.828);
    expect(chiSquare999(0)).toBe(0);
  });

  it('shrinks with the library size: χ²(bins − 1) · (1/n + 1/N)', () => {
    expect(psiNoiseBound(10, 100, 766)).toBeCloseTo(27.877 * (1 / 100 + 1 / 766), 10);
    expect(psiNoiseBound(10, 100, 766)).toBeCloseTo(0.315, 3);
    expect(psiNoiseBound(10, 1000, 766)).toBeCloseTo(0.064, 3);
    expect(psiNoiseBound(10, 0, 766)).toBe(Infinity);
  });
});
