"""Trains one model (an ensemble of D-MPNN members) on a featurized data set and writes models/<name>/.

  python3 models/training/train.py --dataset tox21 [--members 5] [--epochs 60] [--max-molecules N] [--out DIR]

Pipeline: read features (dataset.py) -> scaffold split (scaffold_split.py) -> K members, each trained with early
stopping on the validation split -> ensemble evaluated on the test split once -> random-forest baseline on the same
split (baseline.py) -> ONNX export + parity.json + train-morgan.u8 (export_onnx.py) -> card.json (card.py).
"""
import argparse
import copy
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from config import DATASETS_DIR_DEFAULT, FEATURES_DIR_DEFAULT, dataset_config  # noqa: E402
from dataset import FeaturizedDataset, to_torch  # noqa: E402
from dmpnn import DMPNN  # noqa: E402
from metrics import selection_score, task_metrics  # noqa: E402
from scaffold_split import scaffold_split  # noqa: E402


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dataset", required=True)
    p.add_argument("--members", type=int, default=5)
    p.add_argument("--epochs", type=int, default=60)
    p.add_argument("--patience", type=int, default=10)
    p.add_argument("--max-molecules", type=int, default=None, help="first N molecules only (smoke runs)")
    p.add_argument("--out", default=None, help="default models/<dataset>")
    p.add_argument("--features-dir", default=FEATURES_DIR_DEFAULT)
    p.add_argument("--datasets-dir", default=DATASETS_DIR_DEFAULT)
    p.add_argument("--hidden", type=int, default=300)
    p.add_argument("--depth", type=int, default=3)
    p.add_argument("--ffn-hidden", type=int, default=300)
    p.add_argument("--dropout", type=float, default=0.0)
    p.add_argument("--readout", default="mean", choices=["mean", "norm"])
    p.add_argument("--batch-size", type=int, default=50)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--final-lr", type=float, default=1e-4, help="lr decays exponentially to this at --epochs")
    p.add_argument("--split-seed", type=int, default=0)
    p.add_argument("--split-method", default="balanced", choices=["balanced", "largest_first"])
    # One intra-op thread: on this shared 2-core machine two torch threads were 10x SLOWER per step (0.35 s vs
    # 0.036 s for a 50-molecule batch) because OpenMP threads spin against other processes.
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--rf-jobs", type=int, default=2, help="random-forest worker processes")
    p.add_argument("--rf-trees", type=int, default=500)
    p.add_argument("--no-baseline", action="store_true")
    p.add_argument("--note", default=None, help="free text recorded in card.training.note")
    return p.parse_args(argv)


class Task:
    """What the trainer needs to know about the labels: types, standardization, class weights."""

    def __init__(self, ds, train_ids):
        self.names = [t["name"] for t in ds.tasks]
        self.types = [t["type"] for t in ds.tasks]
        y = ds.labels[train_ids]
        self.mean = np.zeros(len(self.names))
        self.std = np.ones(len(self.names))
        self.pos_weight = np.ones(len(self.names))
        for t, kind in enumerate(self.types):
            col = y[:, t][~np.isnan(y[:, t])]
            if kind == "regression" and len(col) > 1:
                self.mean[t], self.std[t] = col.mean(), max(col.std(), 1e-6)
            elif kind == "classification" and len(col):
                pos = (col == 1).sum()
                # pos_weight = negatives/positives balances each task's loss (Tox21 actives are 3-15%).
                self.pos_weight[t] = (len(col) - pos) / max(pos, 1)
        self.is_class = np.array([k == "classification" for k in self.types])


def masked_loss(logits, y, task, pos_weight):
    """BCE-with-logits (class-weighted) for classification, MSE on standardized labels for regression;
    entries with no label (NaN) contribute nothing, and the sum is divided by the number of labels present."""
    mask = ~torch.isnan(y)
    y0 = torch.where(mask, y, torch.zeros_like(y))
    is_class = torch.from_numpy(task.is_class)
    bce = torch.nn.functional.binary_cross_entropy_with_logits(logits, y0, pos_weight=pos_weight, reduction="none")
    ystd = (y0 - torch.from_numpy(task.mean).float()) / torch.from_numpy(task.std).float()
    mse = (logits - ystd) ** 2
    loss = torch.where(is_class, bce, mse) * mask
    return loss.sum() / mask.sum().clamp(min=1)


def predict(model, ds, ids, batch_size=256):
    """Outputs in the card's units (probabilities / de-standardized values), in `ids` order."""
    model.eval()
    out = []
    with torch.no_grad():
        for s in range(0, len(ids), batch_size):
            out.append(model(*to_torch(ds.collate(ids[s:s + batch_size]))).numpy())
    return np.concatenate(out).astype(np.float64) if out else np.zeros((0, len(ds.tasks)))


def build_model(ds, task, args):
    return DMPNN(ds.atom_dim, ds.bond_dim, task.types, hidden=args.hidden, depth=args.depth,
                 ffn_hidden=args.ffn_hidden, dropout=args.dropout, label_mean=task.mean.tolist(),
                 label_std=task.std.tolist(), readout=args.readout)


def train_member(ds, task, split, seed, args, log):
    """One ensemble member: its own init and shuffle order (seed), the shared split; best-validation weights."""
    torch.manual_seed(seed)
    rng = np.random.RandomState(seed)
    model = build_model(ds, task, args)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    gamma = (args.final_lr / args.lr) ** (1.0 / max(args.epochs - 1, 1))
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma)
    pos_weight = torch.from_numpy(task.pos_weight).float()
    train_ids = np.array(split["train"])
    # Pre-collate nothing: collation is a few numpy slices per batch, cheap next to the forward pass.
    best, best_state, best_epoch, since = math.inf, None, -1, 0
    epochs_run = 0
    for epoch in range(args.epochs):
        model.train()
        order = rng.permutation(train_ids)
        total, nb = 0.0, 0
        for s in range(0, len(order), args.batch_size):
            ids = order[s:s + args.batch_size]
            inputs = to_torch(ds.collate(ids))
            y = torch.from_numpy(ds.labels[ids]).float()
            loss = masked_loss(model.logits(*inputs), y, task, pos_weight)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss)
            nb += 1
        sched.step()
        epochs_run = epoch + 1
        valid_ids = np.array(split["valid"])
        score = selection_score(ds.labels[valid_ids], predict(model, ds, valid_ids), task.types, task.std)
        log(f"  member seed={seed} epoch {epoch + 1}: train loss {total / max(nb, 1):.4f}  valid score {score:.4f}")
        if score < best or best_state is None:
            best, best_state, best_epoch, since = score, copy.deepcopy(model.state_dict()), epoch + 1, 0
        else:
            since += 1
            if since >= args.patience:
                log(f"  early stop at epoch {epoch + 1} (best {best_epoch})")
                break
    model.load_state_dict(best_state)
    model.eval()
    return model, {"seed": seed, "bestEpoch": best_epoch, "epochsRun": epochs_run, "validScore": round(best, 4)}


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    cfg = dataset_config(args.dataset)
    out = args.out or os.path.join("models", args.dataset)
    os.makedirs(out, exist_ok=True)
    t_start = time.time()

    def log(msg):
        print(f"[{args.dataset} {time.time() - t_start:7.1f}s] {msg}", flush=True)

    folder = os.path.join(args.features_dir, args.dataset)
    if not os.path.exists(os.path.join(folder, "index.json")):
        raise SystemExit(f"{folder}/index.json not found: run `npm run featurize:datasets` first")
    ds = FeaturizedDataset(folder)
    names = [t["name"] for t in ds.tasks]
    if names != list(cfg["tasks"]):
        raise SystemExit(f"tasks in index.json {names} differ from config {list(cfg['tasks'])}")
    for t in ds.tasks:
        if t["type"] != cfg["tasks"][t["name"]][0]:
            raise SystemExit(f"task {t['name']} type {t['type']} differs from config")

    n = len(ds) if args.max_molecules is None else min(args.max_molecules, len(ds))
    smiles = ds.parent_smiles[:n]
    train, valid, test = scaffold_split(smiles, seed=args.split_seed, method=args.split_method)
    split = {"train": train, "valid": valid, "test": test}
    log(f"{n} molecules ({len(ds.index.get('skipped', []))} skipped by featurizer); scaffold split "
        f"{args.split_method} seed {args.split_seed}: train {len(train)} valid {len(valid)} test {len(test)}")
    task = Task(ds, np.array(train))

    members, member_info = [], []
    t_train = time.time()
    for k in range(args.members):
        t0 = time.time()
        model, info = train_member(ds, task, split, seed=k, args=args, log=log)
        info["seconds"] = round(time.time() - t0, 1)
        log(f"member {k}: best epoch {info['bestEpoch']} of {info['epochsRun']}, valid score {info['validScore']}, "
            f"{info['seconds']}s")
        members.append(model)
        member_info.append(info)
    train_seconds = time.time() - t_train

    # Ensemble = mean of member outputs (probabilities / values); the test split is used here, once.
    valid_ids, test_ids = np.array(valid), np.array(test)
    metrics = {}
    for name, ids in [("valid", valid_ids), ("test", test_ids)]:
        pred = np.mean([predict(m, ds, ids) for m in members], axis=0)
        metrics[name] = task_metrics(ds.labels[ids], pred, task.types, task.names)
    log(f"test metrics: {metrics['test']}")

    baseline = None
    if not args.no_baseline:
        from baseline import run_baseline

        t0 = time.time()
        baseline = run_baseline(ds, task, split, n_estimators=args.rf_trees, n_jobs=args.rf_jobs)
        baseline["seconds"] = round(time.time() - t0, 1)
        log(f"baseline test metrics: {baseline['metrics']['test']} ({baseline['seconds']}s)")

    from card import write_card
    from export_onnx import export_all

    export = export_all(members, ds, split, out, log)
    write_card(out, args, cfg, ds, task, split, members, member_info, metrics, baseline, export,
               train_seconds, n)
    log(f"done: {out} ({time.time() - t_start:.0f}s total)")


if __name__ == "__main__":
    main()
