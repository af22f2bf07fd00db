import { simulateRecruitment } from './poisson-gamma';

const options = { draws: 20000, seed: 7, horizonMonths: 60, intervalLevel: 0.9 };

describe('Poisson–gamma recruitment simulation', () => {
  it('reproduces the closed form T ~ B · BetaPrime(R, A) (anchors-trial.md §4.3 golden vector)', () => {
    // Total rate Gamma(A = 205.3183, B = 10.2498), R = 75 to go: mean 3.7624, 5 % 2.9773, median 3.7336, 95 % 4.6460.
    const f = simulateRecruitment([{ id: 'all', shape: 205.3183, rate: 10.2498, start: 0, pool: Infinity }], {
      ...options,
      target: 75,
    });
    expect(f.total.median).toBeCloseTo(3.7336, 1);
    expect(Math.abs(f.total.median! - 3.7336)).toBeLessThan(0.02);
    expect(Math.abs(f.total.low! - 2.9773)).toBeLessThan(0.03);
    expect(Math.abs(f.total.high! - 4.646)).toBeLessThan(0.03);
    expect(f.total.probabilityReached).toBe(1);
  });

  it('respects the activation month: the same unit opening 3 months later reaches target 3 months later', () => {
    const unit = { id: 'S', shape: 50, rate: 5, start: 0, pool: Infinity };
    const now = simulateRecruitment([unit], { ...options, draws: 4000, target: 40 });
    const later = simulateRecruitment([{ ...unit, start: 3 }], { ...options, draws: 4000, target: 40 });
    expect(later.total.median! - now.total.median!).toBeCloseTo(3, 1);
    expect(later.curve[3].median).toBe(0);
  });

  it('a pool smaller than the target almost never reaches it; the contribution counts what it does enrol', () => {
    // Pool ~ Poisson(10): P(pool ≥ 20) = 0.0035.
    const f = simulateRecruitment([{ id: 'S', shape: 2, rate: 2 / (10 / 12), start: 0, pool: 10 }], {
      ...options,
      draws: 4000,
      target: 20,
    });
    expect(f.total.median).toBeNull();
    expect(f.total.probabilityReached).toBeLessThan(0.01);
    expect(f.units[0].meanContribution).toBeGreaterThan(9);
    expect(f.units[0].meanContribution).toBeLessThan(10.1);
  });

  it('is reproducible: same seed, same forecast', () => {
    const units = [
      { id: 'A', shape: 2, rate: 0.5, start: 0, pool: 60 },
      { id: 'B', shape: 2, rate: 1, start: 2, pool: 40 },
    ];
    expect(simulateRecruitment(units, { ...options, draws: 500, target: 50 })).toEqual(
      simulateRecruitment(units, { ...options, draws: 500, target: 50 }),
    );
  });
});
