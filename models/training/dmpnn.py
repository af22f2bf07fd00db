"""Chemprop-style directed message-passing neural network (D-MPNN, Yang et al., JCIM 2019, 59, 3370).

Works directly on the packed batch of the ONNX signature (models/FORMAT.md): one disconnected graph, edges
2k/2k+1 are the two directions of bond k. Every aggregation is `zeros.scatter_add(0, index, src)`, which torch
1.13 exports as ScatterElements(reduction="add"); index_add/index_put would export as ScatterND without reduction,
which silently keeps one of the repeated indices instead of summing.
"""
import torch
from torch import nn


def scatter_sum(src, index, like_rows):
    """Sums rows of `src` [N, H] into rows `index` [N] of a zero tensor with as many rows as `like_rows`.

    The zero tensor is derived from an input (not torch.zeros(n, ...)) so the exported graph keeps the
    dynamic size instead of a constant traced from the example batch.
    """
    out = torch.zeros_like(like_rows[:, :1]).expand(-1, src.shape[1]) * 0.0
    # Index broadcast to src's shape by an Add (not expand) so the exporter can infer it has src's static width:
    # torch 1.13's scatter_add symbolic refuses an index whose inferred shape differs from src's.
    idx = torch.zeros_like(src, dtype=torch.int64) + index.unsqueeze(1)
    return out.scatter_add(0, idx, src)


class DMPNN(nn.Module):
    def __init__(self, atom_dim, bond_dim, task_types, hidden=300, depth=3, ffn_hidden=300, dropout=0.0,
                 label_mean=None, label_std=None, readout="mean"):
        super().__init__()
        self.depth = depth
        # Chemprop's aggregations: "mean" over atoms, or "norm" = sum / 100, which keeps molecule size visible
        # (helps extensive properties such as solubility) while keeping magnitudes near mean's.
        assert readout in ("mean", "norm"), readout
        self.readout = readout
        self.W_i = nn.Linear(atom_dim + bond_dim, hidden, bias=False)
        self.W_h = nn.Linear(hidden, hidden, bias=False)
        self.W_o = nn.Linear(atom_dim + hidden, hidden)
        self.dropout = nn.Dropout(dropout)
        self.ffn = nn.Sequential(
            nn.Dropout(dropout), nn.Linear(hidden, ffn_hidden), nn.ReLU(), nn.Dropout(dropout),
            nn.Linear(ffn_hidden, len(task_types)),
        )
        t = len(task_types)
        # Buffers travel into the ONNX graph as constants: which outputs get a sigmoid, and how regression
        # outputs (trained on standardized labels) return to the card's units.
        self.register_buffer("is_class", torch.tensor([k == "classification" for k in task_types]))
        self.register_buffer("label_mean", torch.tensor(label_mean if label_mean is not None else [0.0] * t,
                                                        dtype=torch.float32))
        self.register_buffer("label_std", torch.tensor(label_std if label_std is not None else [1.0] * t,
                                                       dtype=torch.float32))

    def encode(self, atom_features, edge_index, edge_features, atom_mol, mol_ones):
        src, dst = edge_index[0], edge_index[1]
        # Reverse edge of e is e XOR 1 (pairs 2k/2k+1), written with Mod/Sub so opset 17 has it (BitwiseXor is
        # opset 18) and it works with E = 0 (a batch of single-atom molecules).
        e = torch.cumsum(torch.ones_like(src), 0) - 1
        rev = e + 1 - 2 * torch.remainder(e, 2)
        h0 = torch.relu(self.W_i(torch.cat([atom_features.index_select(0, src), edge_features], 1)))
        h = h0
        for _ in range(self.depth - 1):
            incoming = scatter_sum(h, dst, atom_features)  # [A, H]: sum of messages arriving at each atom
            m = incoming.index_select(0, src) - h.index_select(0, rev)  # k->v for k != w, for edge v->w
            h = self.dropout(torch.relu(h0 + self.W_h(m)))
        incoming = scatter_sum(h, dst, atom_features)
        atom_h = self.dropout(torch.relu(self.W_o(torch.cat([atom_features, incoming], 1))))
        # Mean over each molecule's atoms; count clamped so an (impossible) empty molecule gives 0, not NaN.
        mol_sum = scatter_sum(atom_h, atom_mol, mol_ones.unsqueeze(1))
        if self.readout == "norm":
            return mol_sum / 100.0
        count = torch.zeros_like(mol_ones).scatter_add(0, atom_mol, torch.ones_like(atom_features[:, 0]))
        return mol_sum / torch.clamp(count, min=1.0).unsqueeze(1)

    def logits(self, *inputs):
        """Raw head outputs: logits for classification, standardized values for regression (training)."""
        return self.ffn(self.encode(*inputs))

    def forward(self, atom_features, edge_index, edge_features, atom_mol, mol_ones):
        """Served output: probabilities / values in the card's units (what the ONNX `prediction` holds)."""
        z = self.logits(atom_features, edge_index, edge_features, atom_mol, mol_ones)
        return torch.where(self.is_class, torch.sigmoid(z), z * self.label_std + self.label_mean)

    def num_parameters(self):
        return sum(p.numel() for p in self.parameters())
