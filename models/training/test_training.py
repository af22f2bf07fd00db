"""Unit tests of the training code on a tiny synthetic featurized set (no data set or featurizer needed):
  /usr/bin/python3 -m unittest discover -s models/training -p 'test_*.py'
"""
import json
import os
import sys
import tempfile
import unittest

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dataset import FeaturizedDataset, to_torch  # noqa: E402
from dmpnn import DMPNN, scatter_sum  # noqa: E402
from scaffold_split import scaffold_split  # noqa: E402

ATOM_DIM, BOND_DIM = 6, 3


def write_synthetic(folder, sizes=(3, 1, 4, 2)):
    """Chains of `sizes` atoms (a 1 gives a single-atom molecule with no edges), random features."""
    rng = np.random.RandomState(0)
    atoms, edges, index, mols = [], [], [], []
    a_off = e_off = 0
    for i, n in enumerate(sizes):
        atoms.append(rng.rand(n, ATOM_DIM).astype("<f4"))
        pairs = [(k, k + 1) for k in range(n - 1)]
        for a, b in pairs:
            f = rng.rand(BOND_DIM).astype("<f4")
            edges += [f, f]
            index += [(a, b), (b, a)]
        mols.append({"row": i + 1, "smiles": "C" * n, "parentSmiles": "C" * n, "atomOffset": a_off, "numAtoms": n,
                     "edgeOffset": e_off, "numEdges": 2 * len(pairs), "labels": [float(i % 2), None if i == 2 else 1.5]})
        a_off += n
        e_off += 2 * len(pairs)
    np.concatenate(atoms).tofile(os.path.join(folder, "atoms.f32"))
    np.array(edges, "<f4").reshape(-1, BOND_DIM).tofile(os.path.join(folder, "edges.f32"))
    np.array(index, "<i4").reshape(-1, 2).tofile(os.path.join(folder, "edge_index.i32"))
    np.zeros((len(sizes), 256), np.uint8).tofile(os.path.join(folder, "morgan.u8"))
    np.zeros((len(sizes), 1), "<f4").tofile(os.path.join(folder, "descriptors.f32"))
    with open(os.path.join(folder, "index.json"), "w") as f:
        json.dump({"dataset": "synthetic", "featurizerVersion": "graph-test", "atomDim": ATOM_DIM, "bondDim": BOND_DIM,
               "source": {"file": "x.csv", "rows": len(sizes), "sha256": "0"},
               "tasks": [{"name": "c", "type": "classification"}, {"name": "r", "type": "regression"}],
                   "descriptorNames": ["d"], "molecules": mols, "skipped": []}, f)


class TrainingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        write_synthetic(cls.tmp.name)
        cls.ds = FeaturizedDataset(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_collate_globalizes_edges_and_keeps_reverse_pairs(self):
        b = self.ds.collate([2, 1, 0])  # 4 atoms, 1 atom, 3 atoms
        self.assertEqual(b["atom_features"].shape, (8, ATOM_DIM))
        self.assertEqual(b["atom_mol"].tolist(), [0, 0, 0, 0, 1, 2, 2, 2])
        ei = b["edge_index"]
        self.assertEqual(ei.shape, (2, 10))
        self.assertEqual(ei[:, 6].tolist(), [5, 6])  # molecule 0 of the set starts at atom 5 in this batch
        np.testing.assert_array_equal(ei[:, 0::2], ei[::-1, 1::2])  # 2k / 2k+1 reverse each other
        self.assertTrue(np.isnan(self.ds.labels[2, 1]))  # null label -> NaN (masked)

    def test_scatter_sum_adds_repeated_indices(self):
        out = scatter_sum(torch.ones(4, 2), torch.tensor([0, 0, 0, 2]), torch.zeros(3, 5))
        self.assertEqual(out.tolist(), [[3, 3], [0, 0], [1, 1]])

    def test_batch_independence_and_single_atom(self):
        torch.manual_seed(0)
        m = DMPNN(ATOM_DIM, BOND_DIM, ["classification", "regression"], hidden=16, ffn_hidden=8,
                  label_mean=[0, 2.0], label_std=[1, 3.0]).eval()
        with torch.no_grad():
            together = m(*to_torch(self.ds.collate([0, 1, 2, 3])))
            alone = torch.cat([m(*to_torch(self.ds.collate([i]))) for i in range(4)])
        torch.testing.assert_close(together, alone, atol=1e-5, rtol=1e-5)
        self.assertTrue(((together[:, 0] > 0) & (together[:, 0] < 1)).all())

    def test_export_has_no_scatternd_and_numpy_execution_matches(self):
        from export_onnx import export_all

        torch.manual_seed(0)
        m = DMPNN(ATOM_DIM, BOND_DIM, ["classification", "regression"], hidden=16, ffn_hidden=8).eval()
        with tempfile.TemporaryDirectory() as out:
            info = export_all([m], self.ds, {"train": [0, 3], "valid": [1], "test": [1, 2]}, out, lambda s: None)
            self.assertNotIn("ScatterND", info["ops"])
            self.assertLess(info["maxAbsDiff"], 1e-5)
            with open(os.path.join(out, "parity.json")) as f:
                parity = json.load(f)
            self.assertIn(1, [self.ds.molecules[i]["numAtoms"] for i in info["parityIds"]])
            self.assertEqual(len(parity["outputs"][0]), len(parity["smiles"]))
            self.assertEqual(os.path.getsize(os.path.join(out, "train-morgan.u8")), 2 * 256)

    def test_scaffold_split_keeps_scaffolds_together(self):
        smiles = ["c1ccccc1C", "c1ccccc1CC", "C1CCCCC1O", "C1CCCCC1N", "CCO", "CCN", "c1ccncc1C", "O=C1CCCCC1",
                  "c1ccc2ccccc2c1", "C1CC1C"]
        a = scaffold_split(smiles, seed=0)
        self.assertEqual(a, scaffold_split(smiles, seed=0))
        self.assertEqual(sorted(sum(a, [])), list(range(len(smiles))))
        where = {i: k for k, part in enumerate(a) for i in part}
        self.assertEqual(where[0], where[1])
        self.assertEqual(where[2], where[3])


if __name__ == "__main__":
    unittest.main()
