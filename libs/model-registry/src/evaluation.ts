// The fixed evaluation split of a model name and the headline metrics of a model directory on it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRecords, type InputRecord } from '@hitscreen/chem';
import {
  evaluate,
  loadModel,
  modelsDir,
  readLabel,
  scoreRecords,
  type EvaluationRow,
  type EvaluationSummary,
  type ModelCard,
} from '@hitscreen/models';
import type { HeadlineMetrics } from './promotion-gate';

/**
 * `<models root>/evaluation/<name>.csv`: the source rows of the committed model's test split (scaffold split,
 * seed 0, written by models/training/split_rows.py), label columns named as the tasks. Every version of a name is
 * judged on these same molecules; retraining with train.py on the same data set and seed keeps them out of training.
 */
export function evaluationSetPath(name: string, root: string = modelsDir()): string {
  return join(root, 'evaluation', `${name}.csv`);
}

export interface EvaluationSet {
  file: string;
  sha256: string;
}

/** The evaluation set of `name` with its digest, or undefined when there is none. */
export function findEvaluationSet(name: string, root?: string): EvaluationSet | undefined {
  const file = evaluationSetPath(name, root);
  if (!existsSync(file)) return undefined;
  return { file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
}

/** Molecules per ONNX run while evaluating (the predictor's batch). */
const BATCH = 64;

/** Scores the evaluation set with the model in `dir` (this thread) and returns the card-shaped metrics. */
export async function evaluateModelDir(dir: string, set: EvaluationSet): Promise<EvaluationSummary> {
  const model = await loadModel(dir);
  const records: InputRecord[] = [];
  for await (const record of readRecords(set.file, { smilesColumn: 'smiles' })) records.push(record);
  const tasks = model.card.tasks;
  const missing = tasks.filter((t) => records.length > 0 && !(t.name in records[0].fields));
  if (records.length === 0 || missing.length > 0)
    throw new Error(
      `evaluation set ${set.file} ${records.length === 0 ? 'holds no records' : `lacks the label columns ${missing.map((t) => t.name).join(', ')}`}`,
    );
  const rows: EvaluationRow[] = [];
  for (let start = 0; start < records.length; start += BATCH) {
    const batch = records.slice(start, start + BATCH);
    const scores = await scoreRecords(model, batch, { batchSize: BATCH });
    scores.forEach((score, i) =>
      rows.push({
        labels: tasks.map((t) => readLabel(batch[i].fields[t.name], t.type)),
        prediction: score.predictions?.map((p) => p.value),
      }),
    );
  }
  return evaluate(tasks, rows);
}

const mean = (values: (number | null | undefined)[]): number | null => {
  const defined = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return defined.length > 0 ? defined.reduce((a, b) => a + b, 0) / defined.length : null;
};

/** The gate's headline metrics of an evaluation: means over the tasks whose metric is defined, as on the card. */
export function headlineOfEvaluation(summary: EvaluationSummary): HeadlineMetrics {
  const tasks = Object.values(summary.tasks);
  const classification = tasks.filter((t) => t.type === 'classification');
  const regression = tasks.filter((t) => t.type === 'regression');
  const metrics: HeadlineMetrics = {};
  if (classification.length > 0) metrics['mean ROC-AUC'] = mean(classification.map((t) => t.roc_auc));
  if (regression.length > 0) metrics['mean RMSE'] = mean(regression.map((t) => t.rmse));
  return metrics;
}

/** The same headline metrics from the card's own test metrics (when there is no evaluation set to rerun). */
export function headlineOfCard(card: ModelCard): HeadlineMetrics {
  const test = card.metrics.test ?? {};
  const classification = card.tasks.filter((t) => t.type === 'classification');
  const regression = card.tasks.filter((t) => t.type === 'regression');
  const metrics: HeadlineMetrics = {};
  if (classification.length > 0)
    metrics['mean ROC-AUC'] = mean(classification.map((t) => test[t.name]?.roc_auc));
  if (regression.length > 0) metrics['mean RMSE'] = mean(regression.map((t) => test[t.name]?.rmse));
  return metrics;
}
