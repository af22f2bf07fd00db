"""Writes card.json (models/FORMAT.md section 2): what the model predicts, on what data, how it was split and
trained, and how well it does on the scaffold test split next to the random-forest baseline."""
import datetime
import json
import os

from metrics import headline

DOMAIN_THRESHOLD = 0.35  # max Tanimoto (Morgan r2 2048) to the training set below which a molecule is "out"


def _comparison(gnn, base, n_train):
    if not base or gnn["value"] is None or base["headline"]["value"] is None:
        return {"beatsBaseline": None, "note": "no baseline"}
    g, b = gnn["value"], base["headline"]["value"]
    beats = g > b if gnn["higherIsBetter"] else g < b
    note = (f"D-MPNN ensemble {gnn['name']} {g} vs random forest {b} on the same scaffold test split: "
            + ("the GNN is better." if beats else
               "the GNN does NOT beat the baseline on this split. Likely reasons: the GNN learns from the graph "
               f"alone on {n_train} training molecules, a size at which forests on fingerprints plus computed "
               "descriptors (which include cLogP, TPSA, QED) are known to be competitive; its hyper-parameters are "
               "Chemprop defaults, not tuned; epochs were capped by a CPU time budget (see training)."))
    return {"beatsBaseline": beats, "note": note}


def write_card(out, args, cfg, ds, task, split, members, member_info, metrics, baseline, export, train_seconds,
               n_used):
    src = ds.index.get("source", {})
    tasks = []
    for name, kind in zip(task.names, task.types):
        units = cfg["tasks"][name][1]
        entry = {"name": name, "type": kind, "units": units}
        entry["threshold"] = 0.5 if kind == "classification" else None
        if kind == "regression":
            entry["trainingMean"], entry["trainingStd"] = round(float(task.mean[task.names.index(name)]), 4), \
                round(float(task.std[task.names.index(name)]), 4)
        tasks.append(entry)
    head = headline(metrics["test"], task.types)
    epochs_run = [m["epochsRun"] for m in member_info]
    card = {
        "name": args.dataset,
        "version": "1.0.0",
        "created": datetime.date.today().isoformat(),
        "description": cfg["description"] + " Ensemble of directed message-passing neural networks (D-MPNN); "
        "prediction = ensemble mean, uncertainty = ensemble standard deviation.",
        "featurizerVersion": ds.index["featurizerVersion"],
        "tasks": tasks,
        "trainingData": {
            "file": src.get("file", cfg["file"]),
            "rows": src.get("rows"),
            "sha256": ds.source_sha256(args.datasets_dir),
            "moleculesUsed": n_used,
            "skippedByFeaturizer": len(ds.index.get("skipped", [])),
            "citation": cfg["citation"],
            "licence": cfg["licence"],
        },
        "split": {
            "method": "bemis-murcko-scaffold",
            "variant": "chemprop scaffold_balanced (seeded)" if args.split_method == "balanced"
            else "largest scaffold sets first (DeepChem)",
            "seed": args.split_seed,
            "fractions": [0.8, 0.1, 0.1],
            "sizes": {k: len(v) for k, v in split.items()},
        },
        "architecture": {
            "type": "D-MPNN", "hidden": args.hidden, "depth": args.depth, "ffnHidden": args.ffn_hidden,
            "dropout": args.dropout, "parameters": members[0].num_parameters() if members else 0,
            "readout": "mean over atoms" if args.readout == "mean" else "sum over atoms / 100", "atomDim": ds.atom_dim, "bondDim": ds.bond_dim,
        },
        "training": {
            "epochs": args.epochs, "epochsRun": epochs_run, "bestEpochs": [m["bestEpoch"] for m in member_info],
            "earlyStoppingPatience": args.patience,
            "earlyStoppingMetric": "validation: mean (1 - ROC-AUC) over classification tasks and RMSE/std over "
            "regression tasks",
            "batchSize": args.batch_size, "optimizer": "Adam", "lr": args.lr, "finalLr": args.final_lr,
            "loss": "masked BCE with per-task pos_weight (classification), masked MSE on standardized labels "
            "(regression)",
            "seconds": round(train_seconds, 1), "threads": args.threads,
        },
        "ensemble": {"size": len(members), "members": export["members"], "seeds": [m["seed"] for m in member_info],
                     "validScores": [m["validScore"] for m in member_info]},
        "metrics": {"test": metrics["test"], "valid": metrics["valid"], "headline": head},
        "baseline": baseline,
        "comparison": _comparison(head, baseline, len(split["train"])),
        "domain": {"fingerprints": "train-morgan.u8", "count": len(split["train"]),
                   "similarity": "max Tanimoto, Morgan r2 2048", "threshold": DOMAIN_THRESHOLD},
        "onnx": {"opset": 17, "parity": "parity.json", "maxAbsDiff": export["maxAbsDiff"],
                 "parityCheckedWith": "onnx_numpy.py (numpy execution of the exported graph) vs PyTorch",
                 "rowSums": 'ScatterND(reduction="add"), rewritten from the exported ScatterElements(reduction="add") '
                            "by models/training/scatter_nd.py (3-5x faster in ONNX Runtime CPU, same sums)"},
    }
    if args.note:
        card["training"]["note"] = args.note
    if args.max_molecules:
        card["training"]["note"] = (card["training"].get("note", "") + f" SMOKE RUN: first {n_used} molecules only.").strip()
    with open(os.path.join(out, "card.json"), "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    return card
