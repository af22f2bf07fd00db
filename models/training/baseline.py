"""Random-forest baseline on the same scaffold split: Morgan r2 2048 bits + RDKit descriptors of the parent.

One forest per task, trained on the training molecules that have that task's label (Tox21 gaps), so the card
compares the GNN ensemble with a strong classical model on identical train/test molecules. The validation split is
unused (no tuning: sklearn defaults apart from n_estimators; regression uses max_features=0.33, Breiman's usual
choice and a big speed-up over all 2063 features).
"""
import numpy as np
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor

from metrics import headline, task_metrics


def features(ds, ids):
    desc = np.nan_to_num(ds.descriptors[ids].astype(np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    return np.hstack([ds.morgan_bits(ids).astype(np.float32), desc.astype(np.float32)])


def run_baseline(ds, task, split, n_estimators=500, n_jobs=2, seed=0):
    train, test = np.array(split["train"]), np.array(split["test"])
    x_train, x_test = features(ds, train), features(ds, test)
    y_train = ds.labels[train]
    pred = np.full((len(test), len(task.names)), np.nan)
    for t, kind in enumerate(task.types):
        mask = ~np.isnan(y_train[:, t])
        y = y_train[mask, t]
        if kind == "classification":
            if len(np.unique(y)) < 2:  # cannot fit one class; leave NaN (metrics then report the task skipped)
                pred[:, t] = float(y[0]) if len(y) else 0.5
                continue
            rf = RandomForestClassifier(n_estimators=n_estimators, n_jobs=n_jobs, random_state=seed)
            rf.fit(x_train[mask], y.astype(int))
            pred[:, t] = rf.predict_proba(x_test)[:, list(rf.classes_).index(1)]
        else:
            rf = RandomForestRegressor(n_estimators=n_estimators, n_jobs=n_jobs, random_state=seed,
                                       max_features=0.33)
            rf.fit(x_train[mask], y)
            pred[:, t] = rf.predict(x_test)
    test_metrics = task_metrics(ds.labels[test], pred, task.types, task.names)
    return {
        "model": f"random forest ({n_estimators} trees), Morgan r2 2048 + RDKit descriptors "
        f"({len(ds.descriptor_names)}: {', '.join(ds.descriptor_names)})",
        "metrics": {"test": test_metrics},
        "headline": headline(test_metrics, task.types),
    }
