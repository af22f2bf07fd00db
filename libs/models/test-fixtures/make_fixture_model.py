#!/usr/bin/python3
"""Builds the toy model that libs/models tests against (libs/models/test-fixtures/toy-model/).

A 2-member, randomly initialised (fixed seed) D-MPNN-like network with exactly the ONNX signature of
models/FORMAT.md, so the scoring library is tested on a REAL onnxruntime graph before trained models exist:
inputs atom_features [A, atom_dim], edge_index int64 [2, E] (global), edge_features [E, bond_dim],
atom_mol int64 [A], mol_ones [M]; output prediction [M, T] (sigmoid for classification, de-standardized
regression). Aggregation uses scatter_add (ONNX ScatterElements, reduction="add"), never index_add.

Input: the JSON written by featurize-fixture-inputs.ts (the TypeScript featurizer's tensors for the fixture
molecules), so the stored PyTorch outputs in parity.json are computed on the featurizer's own output.
Run through make-fixture.sh. Needs Debian's python3-torch (1.13) and python3-onnx.
"""
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

HIDDEN = 16
DEPTH = 3
FFN_HIDDEN = 16
TASKS = [
    {"name": "toy-active", "type": "classification", "units": "probability of activity", "threshold": 0.5},
    {"name": "toy-other", "type": "classification", "units": "probability of activity", "threshold": 0.3},
    {"name": "toy-logS", "type": "regression", "units": "log10(mol/L)"},
]
# De-standardization of the regression task, baked into the graph as in the real models.
REG_MEAN, REG_STD = -2.5, 1.7
SEEDS = [0, 1]


def scatter_sum(src: torch.Tensor, index: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """Row sums of src grouped by index into a zero tensor shaped like `like`: ScatterElements(add) in ONNX."""
    return torch.zeros_like(like).scatter_add(0, index.unsqueeze(1).expand(-1, src.shape[1]), src)


@torch.onnx.symbolic_helper.parse_args("v", "i", "v", "v")
def _scatter_add_symbolic(g, self, dim, index, src):
    """torch 1.13's own scatter_add symbolic refuses an index whose static shape differs from src's, and an
    expand()ed index has a dynamic shape; the ONNX op itself is the same: ScatterElements with reduction add."""
    return g.op("ScatterElements", self, index, src, axis_i=dim, reduction_s="add")


torch.onnx.register_custom_op_symbolic("aten::scatter_add", _scatter_add_symbolic, 17)


class ToyDMPNN(nn.Module):
    def __init__(self, atom_dim: int, bond_dim: int):
        super().__init__()
        self.w_i = nn.Linear(atom_dim + bond_dim, HIDDEN, bias=False)
        self.w_h = nn.Linear(HIDDEN, HIDDEN, bias=False)
        self.w_o = nn.Linear(atom_dim + HIDDEN, HIDDEN)
        self.ffn = nn.Sequential(nn.Linear(HIDDEN, FFN_HIDDEN), nn.ReLU(), nn.Linear(FFN_HIDDEN, len(TASKS)))
        self.register_buffer("is_class", torch.tensor([t["type"] == "classification" for t in TASKS]))
        self.register_buffer("scale", torch.tensor([1.0 if t["type"] == "classification" else REG_STD for t in TASKS]))
        self.register_buffer("shift", torch.tensor([0.0 if t["type"] == "classification" else REG_MEAN for t in TASKS]))

    def forward(self, atom_features, edge_index, edge_features, atom_mol, mol_ones):
        src, tgt = edge_index[0], edge_index[1]
        h0 = torch.relu(self.w_i(torch.cat([atom_features[src], edge_features], dim=1)))
        h = h0
        atom_zero = atom_features[:, :1] * torch.zeros(1, HIDDEN)  # [A, H] zeros, dynamic A
        for _ in range(DEPTH - 1):
            incoming = scatter_sum(h, tgt, atom_zero)  # sum of messages arriving at each atom
            # edges 2k/2k+1 are each other's reverse: swap the pair to get the reverse message
            pairs = h.reshape(-1, 2, HIDDEN)
            reverse = torch.stack([pairs[:, 1], pairs[:, 0]], dim=1).reshape(-1, HIDDEN)
            h = torch.relu(h0 + self.w_h(incoming[src] - reverse))
        incoming = scatter_sum(h, tgt, atom_zero)
        atom_h = torch.relu(self.w_o(torch.cat([atom_features, incoming], dim=1)))
        mol_zero = mol_ones.unsqueeze(1) * torch.zeros(1, HIDDEN)  # [M, H]
        mol_sum = scatter_sum(atom_h, atom_mol, mol_zero)
        counts = scatter_sum(torch.ones_like(atom_h[:, :1]), atom_mol, mol_ones.unsqueeze(1) * 0)
        mol_vec = mol_sum / counts.clamp(min=1.0)
        raw = self.ffn(mol_vec)
        return torch.where(self.is_class, torch.sigmoid(raw), raw * self.scale + self.shift)


def pack(molecules, atom_dim, bond_dim):
    """Packs molecules into one disconnected graph exactly as libs/models/src/batch.ts does."""
    atoms, edges, sources, targets, atom_mol = [], [], [], [], []
    offset = 0
    for m_index, m in enumerate(molecules):
        atoms.append(torch.tensor(m["atomFeatures"], dtype=torch.float32).reshape(m["numAtoms"], atom_dim))
        edges.append(torch.tensor(m["edgeFeatures"], dtype=torch.float32).reshape(m["numEdges"], bond_dim))
        ei = m["edgeIndex"]
        sources += [i + offset for i in ei[: m["numEdges"]]]
        targets += [i + offset for i in ei[m["numEdges"]:]]
        atom_mol += [m_index] * m["numAtoms"]
        offset += m["numAtoms"]
    return (
        torch.cat(atoms),
        torch.tensor([sources, targets], dtype=torch.int64).reshape(2, -1),
        torch.cat(edges),
        torch.tensor(atom_mol, dtype=torch.int64),
        torch.ones(len(molecules), dtype=torch.float32),
    )


def short(t: torch.Tensor):
    """Nested lists; float32 values as their shortest decimal that round-trips to the same float32 (small JSON)."""
    if t.dtype == torch.float32:
        return np.vectorize(lambda v: float(repr(np.float32(v))), otypes=[object])(t.numpy()).tolist() \
            if t.numel() else t.tolist()
    return t.tolist()


def main():
    inputs_path, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    data = json.loads(inputs_path.read_text())
    atom_dim, bond_dim = data["atomDim"], data["bondDim"]
    out_dir.mkdir(parents=True, exist_ok=True)
    packed = pack(data["molecules"], atom_dim, bond_dim)
    names = ["atom_features", "edge_index", "edge_features", "atom_mol", "mol_ones"]
    outputs = {}
    for k, seed in enumerate(SEEDS):
        torch.manual_seed(seed)
        model = ToyDMPNN(atom_dim, bond_dim).eval()
        with torch.no_grad():
            outputs[f"member-{k}.onnx"] = model(*packed)
            torch.onnx.export(
                model, packed, out_dir / f"member-{k}.onnx", opset_version=17,
                input_names=names, output_names=["prediction"],
                dynamic_axes={"atom_features": {0: "A"}, "edge_index": {1: "E"}, "edge_features": {0: "E"},
                              "atom_mol": {0: "A"}, "mol_ones": {0: "M"}, "prediction": {0: "M"}},
            )
    ops = {n.op_type for n in __import__("onnx").load(str(out_dir / "member-0.onnx")).graph.node}
    assert "ScatterND" not in ops and "ScatterElements" in ops, ops

    fingerprints = b"".join(bytes.fromhex(t["fingerprint"]) for t in data["training"])
    (out_dir / "train-morgan.u8").write_bytes(fingerprints)
    # Same layout as models/training/export_onnx.py writes for the real models, so one Jest parity test reads both.
    parity = {
        "description": "PyTorch outputs of each member for these molecules, fed exactly `inputs` "
        "(a packed batch per models/FORMAT.md); onnxruntime must agree to 1e-4.",
        "featurizerVersion": data["featurizerVersion"],
        "smiles": [m["smiles"] for m in data["molecules"]],
        "parentSmiles": [m["parentSmiles"] for m in data["molecules"]],
        "tasks": [t["name"] for t in TASKS],
        "inputs": {name: short(t) for name, t in zip(names, packed)},
        "outputs": [short(t) for t in outputs.values()],
        "tolerance": 1e-4,
    }
    (out_dir / "parity.json").write_text(json.dumps(parity, separators=(",", ":")))
    n_params = sum(p.numel() for p in ToyDMPNN(atom_dim, bond_dim).parameters())
    card = {
        "name": "toy-model", "version": "0.0.1", "created": "2026-11-29",
        "description": "Untrained toy D-MPNN (random weights, fixed seeds) for the libs/models tests. Predicts nothing.",
        "featurizerVersion": data["featurizerVersion"],
        "tasks": TASKS,
        "trainingData": {"file": "fixture-molecules.ts", "rows": len(data["training"]),
                         "sha256": hashlib.sha256(fingerprints).hexdigest(), "citation": "none", "licence": "none"},
        "split": {"method": "none", "seed": 0, "fractions": [1, 0, 0],
                  "sizes": {"train": len(data["training"]), "valid": 0, "test": 0}},
        "architecture": {"type": "D-MPNN", "hidden": HIDDEN, "depth": DEPTH, "ffnHidden": FFN_HIDDEN, "dropout": 0,
                         "parameters": n_params},
        "training": {"epochs": 0, "earlyStoppingPatience": 0, "batchSize": 0, "optimizer": "none", "lr": 0, "seconds": 0},
        "ensemble": {"size": len(SEEDS), "members": [f"member-{k}.onnx" for k in range(len(SEEDS))], "seeds": SEEDS},
        "metrics": {"test": {}, "valid": {}, "headline": {"name": "none", "value": 0}},
        "baseline": {"model": "none", "metrics": {"test": {}}, "headline": {"name": "none", "value": 0}},
        "domain": {"fingerprints": "train-morgan.u8", "count": len(data["training"]),
                   "similarity": "max Tanimoto, Morgan r2 2048", "threshold": 0.35},
        "onnx": {"opset": 17, "parity": "parity.json", "maxAbsDiff": 0},
    }
    (out_dir / "card.json").write_text(json.dumps(card, indent=2) + "\n")


if __name__ == "__main__":
    main()
