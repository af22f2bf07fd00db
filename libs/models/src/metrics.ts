// Evaluation metrics as pure functions over plain arrays, defined exactly as scikit-learn defines them, so that
// `models eval` and the training code's card metrics (models/training/metrics.py, sklearn) give the same numbers
// on the same molecules.

function checkPaired(labels: ArrayLike<number>, scores: ArrayLike<number>): void {
  if (labels.length !== scores.length)
    throw new Error(`metrics: ${labels.length} labels but ${scores.length} predictions`);
}

/**
 * Area under the ROC curve for binary labels (1 = positive, 0 = negative). Tied scores count half, which is what
 * sklearn's `roc_auc_score` gives (its ROC curve joins tied thresholds with one straight segment): computed as the
 * Mann–Whitney statistic with mid-ranks. `null` when only one class is present (undefined; sklearn raises).
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number | null {
  checkPaired(labels, scores);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    const midRank = (start + end) / 2 + 1; // 1-based ranks start+1 … end+1, averaged over the tie
    for (let k = start; k <= end; k++) {
      if (labels[order[k]] === 1) {
        positives++;
        positiveRankSum += midRank;
      }
    }
    start = end + 1;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Average precision (sklearn's `average_precision_score`, the card's `pr_auc`): Σ (R_k − R_{k−1}) · P_k over the
 * distinct score thresholds in decreasing order, tied scores entering together. `null` without positives.
 */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number | null {
  checkPaired(labels, scores);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  if (positives === 0) return null;
  let truePositives = 0;
  let seen = 0;
  let previousRecall = 0;
  let sum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    for (let k = start; k <= end; k++) if (labels[order[k]] === 1) truePositives++;
    seen += end - start + 1;
    const recall = truePositives / positives;
    sum += (recall - previousRecall) * (truePositives / seen);
    previousRecall = recall;
    start = end + 1;
  }
  return sum;
}

/** Root mean squared error; `null` for no values. */
export function rmse(values: ArrayLike<number>, predictions: ArrayLike<number>): number | null {
  checkPaired(values, predictions);
  if (values.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - predictions[i]) ** 2;
  return Math.sqrt(sum / values.length);
}

/** Mean absolute error; `null` for no values. */
export function mae(values: ArrayLike<number>, predictions: ArrayLike<number>): number | null {
  checkPaired(values, predictions);
  if (values.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.abs(values[i] - predictions[i]);
  return sum / values.length;
}

/**
 * Coefficient of determination, sklearn's `r2_score`: 1 − SS_res / SS_tot. With constant true values (SS_tot = 0)
 * sklearn returns 1 for a perfect prediction and 0 otherwise; so does this. `null` below two values (undefined).
 */
export function r2(values: ArrayLike<number>, predictions: ArrayLike<number>): number | null {
  checkPaired(values, predictions);
  if (values.length < 2) return null;
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i];
  mean /= values.length;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    residual += (values[i] - predictions[i]) ** 2;
    total += (values[i] - mean) ** 2;
  }
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}
