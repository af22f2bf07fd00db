"""ONNX export of the ensemble members + parity.json + train-morgan.u8 (models/FORMAT.md section 2).

Each member is exported with opset 17 and dynamic A/E/M, its row sums rewritten from ScatterElements(add) to the
faster ScatterND(add) (scatter_nd.py), then re-loaded and checked: every scatter sums (reduction="add"; a ScatterND
without it is the torch-1.13 index_add/index_put trap). Python onnxruntime is not
installable here, so the exported graph is executed by onnx_numpy.py (a small numpy interpreter of exactly the ops
these graphs use) on the parity batch and compared with PyTorch: that maxAbsDiff goes into the card, and Jest
repeats the comparison with onnxruntime-node from parity.json.
"""
import json
import os

import numpy as np
import onnx
import torch

import scatter_nd
from dataset import INPUT_NAMES, to_torch

OPSET = 17
PARITY_MOLECULES = 16
DYNAMIC_AXES = {
    "atom_features": {0: "A"},
    "edge_index": {1: "E"},
    "edge_features": {0: "E"},
    "atom_mol": {0: "A"},
    "mol_ones": {0: "M"},
    "prediction": {0: "M"},
}


def parity_ids(ds, test_ids, count=PARITY_MOLECULES):
    """Fixed, deterministic choice: test molecules spread evenly over the (sorted) test split, plus a
    single-atom molecule (no edges: the E = 0 path) from the test split, or else from the whole set."""
    test_ids = sorted(test_ids)
    if len(test_ids) <= count:
        chosen = list(test_ids)
    else:
        chosen = [test_ids[round(i * (len(test_ids) - 1) / (count - 1))] for i in range(count)]
    single = [i for i in test_ids if ds.num_atoms[i] == 1] or [i for i in range(len(ds)) if ds.num_atoms[i] == 1]
    if single and not any(ds.num_atoms[i] == 1 for i in chosen):
        chosen[-1 if len(chosen) >= count else len(chosen):] = [single[0]]
    return [int(i) for i in chosen]


def _short(a):
    """float32 values as their shortest decimal that round-trips to the same float32 (keeps the JSON small)."""
    a = np.asarray(a)
    if a.dtype == np.float32:
        return np.vectorize(lambda v: float(repr(np.float32(v))), otypes=[object])(a).tolist() if a.size else \
            a.tolist()
    return a.tolist()


def check_graph(path):
    model = onnx.load(path)
    onnx.checker.check_model(model)
    ops = [n.op_type for n in model.graph.node]
    for n in model.graph.node:
        if n.op_type in ("ScatterElements", "ScatterND"):
            # without reduction a scatter overwrites repeated indices instead of summing them
            red = {a.name: a.s.decode() for a in n.attribute if a.name == "reduction"}
            assert red.get("reduction") == "add", f"{path}: {n.op_type} without reduction=add"
    assert [i.name for i in model.graph.input] == INPUT_NAMES, [i.name for i in model.graph.input]
    assert [o.name for o in model.graph.output] == ["prediction"]
    return model, sorted(set(ops))


def check_batches(ds, split, parity):
    """Batches other than the traced one, so a size baked into the graph at export would show: 3 training
    molecules, and (if the set has one) a lone single-atom molecule, i.e. a batch with E = 0."""
    batches = [ds.collate(split["train"][:3])]
    single = [i for i in range(len(ds)) if ds.num_atoms[i] == 1]
    if single:
        batches.append(ds.collate(single[:1]))
    return [parity] + batches


def export_all(members, ds, split, out, log):
    ids = parity_ids(ds, split["test"])
    batch = ds.collate(ids)
    inputs = tuple(to_torch(batch))
    outputs, files, max_diff, op_types = [], [], 0.0, set()
    for k, model in enumerate(members):
        model.eval()
        path = os.path.join(out, f"member-{k}.onnx")
        with torch.no_grad():
            expected = model(*inputs).numpy()
            torch.onnx.export(model, inputs, path, opset_version=OPSET, input_names=INPUT_NAMES,
                              output_names=["prediction"], dynamic_axes=DYNAMIC_AXES, do_constant_folding=True)
        # row sums as ScatterND(add): 2-3x faster in ONNX Runtime's CPU provider (scatter_nd.py)
        scatter_nd.main([path])
        onnx_model, ops = check_graph(path)
        op_types.update(ops)
        try:
            from onnx_numpy import run_graph

            for b in check_batches(ds, split, batch):
                got = run_graph(onnx_model, b)["prediction"]
                with torch.no_grad():
                    want = model(*to_torch(b)).numpy()
                assert got.shape == want.shape, (got.shape, want.shape)
                max_diff = max(max_diff, float(np.max(np.abs(got - want))) if want.size else 0.0)
        except ImportError:
            max_diff = None
        outputs.append(expected)
        files.append(os.path.basename(path))
    if max_diff is not None:
        assert max_diff < 1e-4, f"exported graph differs from PyTorch by {max_diff}"
    log(f"exported {len(files)} members, ops {sorted(op_types)}, numpy-executed ONNX vs PyTorch max|diff| "
        f"{max_diff}")

    parity = {
        "description": "PyTorch outputs of each member for these molecules, fed exactly `inputs` "
        "(a packed batch per models/FORMAT.md); onnxruntime must agree to 1e-4.",
        "rows": [ds.molecules[i]["row"] for i in ids],
        "smiles": [ds.molecules[i]["smiles"] for i in ids],
        "parentSmiles": [ds.parent_smiles[i] for i in ids],
        "tasks": [t["name"] for t in ds.tasks],
        "inputs": {name: _short(batch[name]) for name in INPUT_NAMES},
        "outputs": [_short(o.astype(np.float32)) for o in outputs],
        "tolerance": 1e-4,
    }
    with open(os.path.join(out, "parity.json"), "w") as f:
        json.dump(parity, f, separators=(",", ":"))
    # Applicability domain: packed fingerprints of the training split, rows in training-index order.
    ds.morgan[np.array(split["train"], dtype=np.int64)].tofile(os.path.join(out, "train-morgan.u8"))
    return {"members": files, "maxAbsDiff": max_diff, "ops": sorted(op_types), "parityIds": ids}
