import { join } from 'node:path';
import { modelsDir, readModelCard } from '@hitscreen/models';
import { headlineOfCard, headlineOfEvaluation } from './evaluation';

describe('headline metrics of the gate', () => {
  it("takes a card's mean ROC-AUC over classification tasks and mean RMSE over regression tasks", () => {
    // bace: pIC50 (regression, RMSE 0.9064) and active (classification, ROC-AUC 0.8072) on its card
    expect(headlineOfCard(readModelCard(join(modelsDir(), 'bace')))).toEqual({
      'mean ROC-AUC': 0.8072,
      'mean RMSE': 0.9064,
    });
    expect(headlineOfCard(readModelCard(join(modelsDir(), 'esol')))).toEqual({ 'mean RMSE': 0.8196 });
  });

  it('averages the defined metrics of an evaluation, as the card does', () => {
    const task = (type: 'classification' | 'regression', value: number | null) => ({
      type,
      n: 10,
      skipped: { invalid: 0, unlabelled: 0, badLabel: 0 },
      ...(type === 'classification' ? { roc_auc: value } : { rmse: value }),
    });
    const metrics = headlineOfEvaluation({
      molecules: { read: 10, scored: 10, invalid: 0 },
      tasks: {
        a: task('classification', 0.8),
        b: task('classification', null),
        c: task('classification', 0.6),
      },
      headline: { name: 'mean ROC-AUC', value: 0.7 },
    });
    expect(metrics['mean ROC-AUC']).toBeCloseTo(0.7, 12);
    expect(metrics).not.toHaveProperty('mean RMSE');
  });
});
