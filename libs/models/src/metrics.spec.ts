import { averagePrecision, mae, r2, rmse, rocAuc } from './metrics';

describe('classification metrics (as scikit-learn defines them)', () => {
  it('ROC-AUC: 3 of 4 positive/negative pairs ordered correctly is 0.75', () => {
    // sklearn's documented example: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(5 / 6, 15);
  });

  it('ROC-AUC: a tie between a positive and a negative counts half, as in sklearn', () => {
    // pairs (pos, neg): (0.5, 0.5) = 1/2, (0.5, 0.2) = 1, (0.9, 0.5) = 1, (0.9, 0.2) = 1 -> 3.5 / 4
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBe(0.875);
    // AP: 0.9 (pos) -> R 1/2, P 1; the tie at 0.5 enters together -> R 1, P 2/3: 1/2 + 1/2 * 2/3
    expect(averagePrecision([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBeCloseTo(5 / 6, 15);
    // all scores tied: a coin flip
    expect(rocAuc([1, 0, 1, 0], [0.3, 0.3, 0.3, 0.3])).toBe(0.5);
    expect(averagePrecision([1, 0, 1, 0], [0.3, 0.3, 0.3, 0.3])).toBe(0.5);
  });

  it('agrees with sklearn on a 20-molecule case with many ties', () => {
    const y = [1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0];
    const s = [
      0.9, 0.1, 0.2, 0.2, 0.7, 0.7, 0.3, 0.05, 0.2, 0.6, 0.7, 0.4, 0.1, 0.95, 0.3, 0.2, 0.5, 0.5, 0.5, 0,
    ];
    // sklearn 1.2 (Debian python3-sklearn): roc_auc_score, average_precision_score
    expect(rocAuc(y, s)).toBeCloseTo(0.7802197802197802, 14);
    expect(averagePrecision(y, s)).toBeCloseTo(0.7186507936507935, 14);
  });

  it('perfect and inverted rankings; undefined with one class', () => {
    expect(rocAuc([0, 0, 1], [0.1, 0.2, 0.3])).toBe(1);
    expect(rocAuc([1, 0, 0], [0.1, 0.2, 0.3])).toBe(0);
    expect(rocAuc([1, 1], [0.1, 0.2])).toBeNull();
    expect(rocAuc([0, 0], [0.1, 0.2])).toBeNull();
    expect(averagePrecision([0, 0], [0.1, 0.2])).toBeNull();
  });

  it('refuses labels and predictions of different lengths', () => {
    expect(() => rocAuc([0, 1], [0.5])).toThrow('2 labels but 1 predictions');
  });
});

describe('regression metrics', () => {
  const y = [3, -0.5, 2, 7];
  const p = [2.5, 0, 2, 8];

  it('RMSE, MAE and R² of the sklearn documentation example', () => {
    // squared errors 0.25, 0.25, 0, 1 -> MSE 0.375; absolute errors sum to 2 -> MAE 0.5
    expect(rmse(y, p)).toBeCloseTo(Math.sqrt(0.375), 15);
    expect(mae(y, p)).toBe(0.5);
    // mean 2.875; SS_tot = 29.1875; SS_res = 1.5 -> 1 - 1.5 / 29.1875 (sklearn: 0.9486081370449679)
    expect(r2(y, p)).toBeCloseTo(0.9486081370449679, 15);
  });

  it('constant true values: R² is 1 for a perfect prediction, else 0 (sklearn); empty is undefined', () => {
    expect(r2([1, 1, 1], [1, 1, 1])).toBe(1);
    expect(r2([1, 1, 1], [1, 2, 1])).toBe(0);
    expect(r2([1], [1])).toBeNull();
    expect(rmse([], [])).toBeNull();
    expect(mae([], [])).toBeNull();
  });
});
