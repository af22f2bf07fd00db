"""Per-task metrics in the card's shape (models/FORMAT.md): classification {roc_auc, pr_auc, n, positives},
regression {rmse, mae, r2, n}. Missing labels (NaN) are left out per task, so `n` is the number of molecules
that task was actually scored on. Shared by the GNN and the random-forest baseline so both are measured alike.
"""
import math

import numpy as np
from sklearn.metrics import average_precision_score, mean_absolute_error, r2_score, roc_auc_score


def _r(x):
    return None if x is None or not math.isfinite(x) else round(float(x), 4)


def task_metrics(y_true, y_pred, task_types, task_names):
    out = {}
    for t, (name, kind) in enumerate(zip(task_names, task_types)):
        mask = ~np.isnan(y_true[:, t])
        y, p = y_true[mask, t], y_pred[mask, t]
        if kind == "classification":
            positives = int((y == 1).sum())
            if positives == 0 or positives == len(y):
                # ROC-AUC is undefined with one class; say so instead of inventing a number.
                out[name] = {"roc_auc": None, "pr_auc": None, "n": int(len(y)), "positives": positives,
                             "note": "skipped: only one class in this split"}
                continue
            out[name] = {"roc_auc": _r(roc_auc_score(y, p)), "pr_auc": _r(average_precision_score(y, p)),
                         "n": int(len(y)), "positives": positives}
        else:
            if len(y) == 0:
                out[name] = {"rmse": None, "mae": None, "r2": None, "n": 0}
                continue
            out[name] = {"rmse": _r(math.sqrt(float(np.mean((y - p) ** 2)))), "mae": _r(mean_absolute_error(y, p)),
                         "r2": _r(r2_score(y, p)) if len(y) > 1 else None, "n": int(len(y))}
    return out


def headline(metrics, task_types):
    """Mean ROC-AUC over classification tasks when there are any (BACE: the `active` task), else mean RMSE."""
    if "classification" in task_types:
        vals = [m["roc_auc"] for m in metrics.values() if m.get("roc_auc") is not None]
        return {"name": "mean ROC-AUC", "value": _r(float(np.mean(vals))) if vals else None, "higherIsBetter": True}
    vals = [m["rmse"] for m in metrics.values() if m.get("rmse") is not None]
    return {"name": "RMSE", "value": _r(float(np.mean(vals))) if vals else None, "higherIsBetter": False}


def selection_score(y_true, y_pred, task_types, label_std):
    """Lower is better; used for early stopping on the validation set. Mean over tasks of (1 - ROC-AUC) for
    classification and RMSE / training-label std for regression, so mixed heads (BACE) weigh comparably."""
    scores = []
    for t, kind in enumerate(task_types):
        mask = ~np.isnan(y_true[:, t])
        y, p = y_true[mask, t], y_pred[mask, t]
        if len(y) == 0:
            continue
        if kind == "classification":
            if 0 < (y == 1).sum() < len(y):
                scores.append(1.0 - roc_auc_score(y, p))
        else:
            scores.append(math.sqrt(float(np.mean((y - p) ** 2))) / label_std[t])
    return float(np.mean(scores)) if scores else float("inf")
