// Evaluation of a model's predictions against labels (`models eval`): plain data in, the card's metric shapes out.
import type { TaskCard, TaskType } from './model-card';
import { averagePrecision, mae, r2, rmse, rocAuc } from './metrics';

/** One label cell as read: a usable value, no label (empty cell), or a cell that is not a valid label. */
export type LabelReading = { value: number } | { missing: true } | { bad: string };

/**
 * Reads a label cell the way the training featurizer does (empty = not measured). Classification labels must be
 * 0 or 1; anything else is reported as bad rather than guessed at.
 */
export function readLabel(cell: string | undefined, type: TaskType): LabelReading {
  if (cell === undefined || cell.trim() === '') return { missing: true };
  const value = Number(cell);
  if (!Number.isFinite(value)) return { bad: `"${cell}" is not a number` };
  if (type === 'classification' && value !== 0 && value !== 1)
    return { bad: `"${cell}" is not a class label (0 or 1)` };
  return { value };
}

/** One molecule: its label per task (card task order) and the ensemble mean per task, absent if not scored. */
export interface EvaluationRow {
  labels: LabelReading[];
  prediction?: ArrayLike<number>;
}

export interface TaskEvaluation {
  type: TaskType;
  /** Molecules scored and labelled for this task: the metric is over these. */
  n: number;
  /** Why the other molecules were left out of this task's metric. */
  skipped: { invalid: number; unlabelled: number; badLabel: number };
  positives?: number;
  roc_auc?: number | null;
  pr_auc?: number | null;
  rmse?: number | null;
  mae?: number | null;
  r2?: number | null;
  /** Set when the metric is undefined (one class only, no labelled molecule). */
  note?: string;
}

export interface EvaluationSummary {
  /** Records read, scored (featurized and predicted) and invalid (structure or featurization failed). */
  molecules: { read: number; scored: number; invalid: number };
  tasks: Record<string, TaskEvaluation>;
  /** As on the card: mean ROC-AUC over classification tasks when there are any, else mean RMSE. */
  headline: { name: string; value: number | null };
}

function evaluateTask(task: TaskCard, t: number, rows: readonly EvaluationRow[]): TaskEvaluation {
  const skipped = { invalid: 0, unlabelled: 0, badLabel: 0 };
  const labels: number[] = [];
  const predicted: number[] = [];
  for (const row of rows) {
    const label = row.labels[t];
    if (!row.prediction) skipped.invalid++;
    else if ('missing' in label) skipped.unlabelled++;
    else if ('bad' in label) skipped.badLabel++;
    else {
      labels.push(label.value);
      predicted.push(row.prediction[t]);
    }
  }
  const base = { type: task.type, n: labels.length, skipped };
  if (task.type === 'regression') {
    const result: TaskEvaluation = {
      ...base,
      rmse: rmse(labels, predicted),
      mae: mae(labels, predicted),
      r2: r2(labels, predicted),
    };
    if (labels.length === 0) result.note = 'no labelled molecule was scored';
    return result;
  }
  const positives = labels.filter((y) => y === 1).length;
  const result: TaskEvaluation = {
    ...base,
    positives,
    roc_auc: rocAuc(labels, predicted),
    pr_auc: averagePrecision(labels, predicted),
  };
  if (result.roc_auc === null)
    result.note = 'ROC-AUC is undefined: only one class among the labelled molecules';
  return result;
}

/** Per-task metrics over the rows (in card task order) and the card's headline. */
export function evaluate(tasks: readonly TaskCard[], rows: readonly EvaluationRow[]): EvaluationSummary {
  for (const row of rows)
    if (row.labels.length !== tasks.length)
      throw new Error(`evaluate: a row has ${row.labels.length} labels for ${tasks.length} tasks`);
  const perTask = tasks.map((task, t) => evaluateTask(task, t, rows));
  const scored = rows.filter((r) => r.prediction).length;
  const mean = (values: (number | null | undefined)[]) => {
    const defined = values.filter((v): v is number => typeof v === 'number');
    return defined.length > 0 ? defined.reduce((a, b) => a + b, 0) / defined.length : null;
  };
  const classification = perTask.filter((e) => e.type === 'classification');
  const headline =
    classification.length > 0
      ? { name: 'mean ROC-AUC', value: mean(classification.map((e) => e.roc_auc)) }
      : { name: 'RMSE', value: mean(perTask.map((e) => e.rmse)) };
  return {
    molecules: { read: rows.length, scored, invalid: rows.length - scored },
    tasks: Object.fromEntries(tasks.map((task, t) => [task.name, perTask[t]])),
    headline,
  };
}
