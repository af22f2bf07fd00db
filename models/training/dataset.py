"""Reads a featurized data set (models/FORMAT.md section 1) and packs molecules into ONNX-signature batches.

The featurizer (TypeScript, @hitscreen/chem featurizeGraph) writes every molecule's atoms/edges concatenated;
index.json says where each molecule starts. We keep the big arrays as they are and slice per batch, so nothing is
copied per molecule and the batches are exactly what libs/models feeds onnxruntime at serving time.
"""
import hashlib
import json
import os

import numpy as np

MORGAN_BYTES = 256  # 2048 bits packed, see FORMAT.md


class FeaturizedDataset:
    def __init__(self, folder):
        self.folder = folder
        with open(os.path.join(folder, "index.json")) as f:
            self.index = json.load(f)
        self.atom_dim = int(self.index["atomDim"])
        self.bond_dim = int(self.index["bondDim"])
        self.molecules = self.index["molecules"]
        self.tasks = self.index["tasks"]
        n = len(self.molecules)

        def load(name, dtype, width):
            data = np.fromfile(os.path.join(folder, name), dtype=dtype)
            return data.reshape(-1, width) if width else data

        self.atoms = load("atoms.f32", "<f4", self.atom_dim)
        self.edges = load("edges.f32", "<f4", self.bond_dim)
        self.edge_index = load("edge_index.i32", "<i4", 2)
        self.morgan = load("morgan.u8", np.uint8, MORGAN_BYTES)
        names = self.index.get("descriptorNames", [])
        self.descriptors = load("descriptors.f32", "<f4", len(names)) if names else np.zeros((n, 0), np.float32)
        self.descriptor_names = names

        self.atom_offset = np.array([m["atomOffset"] for m in self.molecules], dtype=np.int64)
        self.num_atoms = np.array([m["numAtoms"] for m in self.molecules], dtype=np.int64)
        self.edge_offset = np.array([m["edgeOffset"] for m in self.molecules], dtype=np.int64)
        self.num_edges = np.array([m["numEdges"] for m in self.molecules], dtype=np.int64)
        # Labels as float with NaN for "not measured" (null in index.json): the loss masks NaNs out.
        self.labels = np.array(
            [[np.nan if v is None else float(v) for v in m["labels"]] for m in self.molecules], dtype=np.float64
        ).reshape(n, len(self.tasks))
        self._check(n)

    def _check(self, n):
        """Fail loudly on a contract mismatch instead of training on shifted rows."""
        assert self.atoms.shape[0] == int((self.atom_offset + self.num_atoms).max(initial=0)), "atoms.f32 size"
        assert self.edges.shape[0] == self.edge_index.shape[0], "edges.f32 vs edge_index.i32"
        assert self.edges.shape[0] == int((self.edge_offset + self.num_edges).max(initial=0)), "edges size"
        assert self.morgan.shape[0] == n and self.descriptors.shape[0] == n, "per-molecule files"
        assert np.all(self.num_edges % 2 == 0), "edges come in reverse pairs 2k/2k+1"

    def __len__(self):
        return len(self.molecules)

    @property
    def parent_smiles(self):
        return [m.get("parentSmiles") or m["smiles"] for m in self.molecules]

    def source_sha256(self, datasets_dir=None):
        """The SHA-256 recorded by the featurizer, cross-checked against the CSV when it is reachable."""
        recorded = self.index.get("source", {}).get("sha256")
        if datasets_dir:
            path = os.path.join(datasets_dir, self.index["source"]["file"])
            if os.path.exists(path):
                actual = hashlib.sha256(open(path, "rb").read()).hexdigest()
                if recorded and recorded != actual:
                    raise SystemExit(f"{path} changed since featurization (sha256 {actual} != {recorded})")
                return actual
        return recorded

    def collate(self, ids):
        """Packs molecules `ids` into one disconnected graph: the ONNX member's five inputs (numpy).

        edge_index becomes global (local index + the molecule's first atom in the batch) and transposed to
        [2, E]; edge order is kept, so edges 2k/2k+1 still reverse each other (each molecule has an even count).
        """
        ids = np.asarray(ids, dtype=np.int64)
        na, ne = self.num_atoms[ids], self.num_edges[ids]
        atom_start = np.concatenate([[0], np.cumsum(na)[:-1]]).astype(np.int64)
        atom_rows = np.concatenate([np.arange(o, o + k) for o, k in zip(self.atom_offset[ids], na)] or [[]])
        edge_rows = np.concatenate([np.arange(o, o + k) for o, k in zip(self.edge_offset[ids], ne)] or [[]])
        atom_rows = atom_rows.astype(np.int64)
        edge_rows = edge_rows.astype(np.int64)
        shift = np.repeat(atom_start, ne)
        edge_index = (self.edge_index[edge_rows].astype(np.int64) + shift[:, None]).T.copy()
        return {
            "atom_features": self.atoms[atom_rows].reshape(-1, self.atom_dim),
            "edge_index": edge_index.reshape(2, -1),
            "edge_features": self.edges[edge_rows].reshape(-1, self.bond_dim),
            "atom_mol": np.repeat(np.arange(len(ids), dtype=np.int64), na),
            "mol_ones": np.ones(len(ids), dtype=np.float32),
        }

    def morgan_bits(self, ids=None):
        """Unpacks the fingerprints to 0/1 columns; bit order inside a byte is irrelevant for a forest."""
        rows = self.morgan if ids is None else self.morgan[ids]
        return np.unpackbits(rows, axis=1, bitorder="little")


INPUT_NAMES = ["atom_features", "edge_index", "edge_features", "atom_mol", "mol_ones"]


def to_torch(batch):
    import torch

    return [torch.from_numpy(np.ascontiguousarray(batch[k])) for k in INPUT_NAMES]
