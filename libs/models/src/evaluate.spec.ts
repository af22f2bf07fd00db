import { evaluate, readLabel, type EvaluationRow } from './evaluate';
import type { TaskCard } from './model-card';

const tasks: TaskCard[] = [
  { name: 'active', type: 'classification', units: 'probability', threshold: 0.5 },
  { name: 'pIC50', type: 'regression', units: 'pIC50' },
];

const v = (value: number) => ({ value });
const missing = { missing: true } as const;

describe('readLabel', () => {
  it('reads numbers, treats empty cells as unlabelled and refuses what is not a label', () => {
    expect(readLabel('1', 'classification')).toEqual({ value: 1 });
    expect(readLabel('0.0', 'classification')).toEqual({ value: 0 });
    expect(readLabel(' ', 'classification')).toEqual({ missing: true });
    expect(readLabel(undefined, 'regression')).toEqual({ missing: true });
    expect(readLabel('-2.5', 'regression')).toEqual({ value: -2.5 });
    expect(readLabel('2', 'classification')).toEqual({ bad: '"2" is not a class label (0 or 1)' });
    expect(readLabel('n/a', 'regression')).toEqual({ bad: '"n/a" is not a number' });
  });
});

describe('evaluate', () => {
  it('scores each task over its labelled, scored molecules and counts the rest by reason', () => {
    const rows: EvaluationRow[] = [
      { labels: [v(0), v(3)], prediction: [0.1, 2.5] },
      { labels: [v(0), v(-0.5)], prediction: [0.4, 0] },
      { labels: [v(1), v(2)], prediction: [0.35, 2] },
      { labels: [v(1), v(7)], prediction: [0.8, 8] },
      { labels: [missing, { bad: 'x' }], prediction: [0.9, 1] },
      { labels: [v(1), v(5)] }, // invalid structure: not scored
    ];
    const summary = evaluate(tasks, rows);
    expect(summary.molecules).toEqual({ read: 6, scored: 5, invalid: 1 });
    expect(summary.tasks.active).toEqual({
      type: 'classification',
      n: 4,
      positives: 2,
      skipped: { invalid: 1, unlabelled: 1, badLabel: 0 },
      roc_auc: 0.75,
      pr_auc: expect.closeTo(5 / 6, 12),
    });
    expect(summary.tasks.pIC50).toMatchObject({
      type: 'regression',
      n: 4,
      skipped: { invalid: 1, unlabelled: 0, badLabel: 1 },
      mae: 0.5,
    });
    expect(summary.tasks.pIC50.rmse).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(summary.tasks.pIC50.r2).toBeCloseTo(0.9486081370449679, 12);
    // classification tasks present: the headline is their mean ROC-AUC, as on the card
    expect(summary.headline).toEqual({ name: 'mean ROC-AUC', value: 0.75 });
  });

  it('says why a metric is undefined instead of inventing one', () => {
    const rows: EvaluationRow[] = [
      { labels: [v(1), missing], prediction: [0.2, 1] },
      { labels: [v(1), missing], prediction: [0.7, 1] },
    ];
    const summary = evaluate(tasks, rows);
    expect(summary.tasks.active.roc_auc).toBeNull();
    expect(summary.tasks.active.note).toMatch(/only one class/);
    expect(summary.tasks.pIC50).toMatchObject({ n: 0, rmse: null, note: 'no labelled molecule was scored' });
    expect(summary.headline.value).toBeNull();
  });

  it('regression-only models headline with RMSE', () => {
    const summary = evaluate([tasks[1]], [{ labels: [v(1)], prediction: [3] }]);
    expect(summary.headline).toEqual({ name: 'RMSE', value: 2 });
    expect(summary.tasks.pIC50.r2).toBeNull();
  });
});
