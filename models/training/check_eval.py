"""The card's test metrics recomputed, unrounded, from the committed ONNX members: the reference that
`npm run cli -- models eval <model> <test.csv>` is checked against (models/README.md, "Checking models eval").

  python3 models/training/check_eval.py --dataset esol [--part test] [--first N]

Runs each member's exported graph with onnx_numpy.py (the numpy ONNX interpreter) on the featurized split
(`npm run featurize:datasets`), averages the members and scores with scikit-learn (metrics.py without rounding).
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import metrics  # noqa: E402
from config import FEATURES_DIR_DEFAULT  # noqa: E402
from dataset import FeaturizedDataset  # noqa: E402
from onnx_numpy import run_graph  # noqa: E402
from scaffold_split import scaffold_split  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--dataset", required=True)
    p.add_argument("--part", default="test", choices=["train", "valid", "test"])
    p.add_argument("--first", type=int, default=None, help="only the first N molecules of the part, in file order "
                   "(as split_rows.py --first N)")
    p.add_argument("--features-dir", default=FEATURES_DIR_DEFAULT)
    args = p.parse_args(argv)
    ds = FeaturizedDataset(os.path.join(args.features_dir, args.dataset))
    folder = os.path.join("models", args.dataset)
    with open(os.path.join(folder, "card.json")) as f:
        card = json.load(f)
    method = "largest_first" if "largest" in card["split"].get("variant", "") else "balanced"
    train, valid, test = scaffold_split(ds.parent_smiles, seed=card["split"]["seed"], method=method)
    ids = np.sort(np.array({"train": train, "valid": valid, "test": test}[args.part]))[: args.first]
    members = [onnx.load(os.path.join(folder, m)) for m in card["ensemble"]["members"]]
    preds = []
    for model in members:
        out = [run_graph(model, ds.collate(ids[i:i + 64]))["prediction"] for i in range(0, len(ids), 64)]
        preds.append(np.concatenate(out))
    mean = np.mean(np.array(preds, dtype=np.float64), axis=0)
    metrics._r = lambda x: None if x is None or not np.isfinite(x) else float(x)  # unrounded
    types = [t["type"] for t in card["tasks"]]
    names = [t["name"] for t in card["tasks"]]
    result = metrics.task_metrics(ds.labels[ids], mean, types, names)
    print(json.dumps({"dataset": args.dataset, "part": args.part, "molecules": len(ids), "tasks": result,
                      "headline": metrics.headline(result, types)}, indent=1))


if __name__ == "__main__":
    main()
