import { gatePromotion } from './promotion-gate';

describe('gatePromotion', () => {
  it('accepts ROC-AUC down to 0.01 below production and RMSE up to 2 % above', () => {
    const verdict = gatePromotion(
      { 'mean ROC-AUC': 0.8, 'mean RMSE': 1.0 },
      { 'mean ROC-AUC': 0.7905, 'mean RMSE': 1.0195 },
    );
    expect(verdict.verdict).toBe('accepted');
    expect(verdict.comparisons.map((c) => [c.metric, c.limit, c.pass])).toEqual([
      ['mean ROC-AUC', 0.8 - 0.01, true],
      ['mean RMSE', 1.02, true],
    ]);
  });

  it('refuses a candidate worse beyond the tolerance, with the numbers', () => {
    const verdict = gatePromotion({ 'mean RMSE': 0.8196 }, { 'mean RMSE': 2.5 });
    expect(verdict.verdict).toBe('refused');
    expect(verdict.reasons).toEqual([
      'mean RMSE: candidate 2.5 is worse than production 0.8196 beyond the tolerance (2%; at most 0.836 needed)',
    ]);
    const auc = gatePromotion({ 'mean ROC-AUC': 0.9 }, { 'mean ROC-AUC': 0.85 });
    expect(auc.reasons[0]).toMatch(
      /candidate 0.85 is worse than production 0.9 .*±0.01; at least 0.89 needed/,
    );
  });

  it('refuses when a metric cannot be computed for the candidate', () => {
    const verdict = gatePromotion({ 'mean ROC-AUC': 0.9 }, { 'mean ROC-AUC': null });
    expect(verdict).toMatchObject({
      verdict: 'refused',
      reasons: ['mean ROC-AUC: the candidate has no value (production 0.9)'],
    });
  });
});
