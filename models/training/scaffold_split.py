"""Bemis-Murcko scaffold split, seeded, Chemprop's "scaffold_balanced" variant.

Molecules sharing a scaffold (RDKit MurckoScaffold of the standardized parent, includeChirality=False) always land
in the same subset, so test molecules have scaffolds never seen in training. Variant (Chemprop v1
`scaffold_split(balanced=True)`): scaffold sets larger than half the validation or test size go first, in a
seeded random order, then the remaining (small) sets in a seeded random order; sets fill train up to 80%, then
valid up to 10%, the rest is test. The balanced variant keeps big scaffold families in train while still putting
a mix of scaffolds in test; `largest_first` is DeepChem/MoleculeNet's deterministic order (largest sets to train,
singletons to test), kept for comparison with published numbers.
"""
import random
from collections import defaultdict

from rdkit import Chem, RDLogger
from rdkit.Chem.Scaffolds import MurckoScaffold

RDLogger.DisableLog("rdApp.*")


def scaffold_of(smiles):
    mol = Chem.MolFromSmiles(smiles)
    if mol is None:  # should not happen for featurized parents; give it a unique scaffold of its own
        return "unparsable:" + smiles
    return MurckoScaffold.MurckoScaffoldSmiles(mol=mol, includeChirality=False)


def scaffold_sets(smiles_list):
    groups = defaultdict(list)
    for i, smi in enumerate(smiles_list):
        groups[scaffold_of(smi)].append(i)
    return list(groups.values())


def scaffold_split(smiles_list, fractions=(0.8, 0.1, 0.1), seed=0, method="balanced"):
    """Returns (train, valid, test) lists of molecule indices; deterministic for a given seed and input."""
    n = len(smiles_list)
    train_size, valid_size = fractions[0] * n, fractions[1] * n
    test_size = n - train_size - valid_size
    sets = scaffold_sets(smiles_list)
    if method == "balanced":
        rng = random.Random(seed)
        big = [s for s in sets if len(s) > valid_size / 2 or len(s) > test_size / 2]
        small = [s for s in sets if not (len(s) > valid_size / 2 or len(s) > test_size / 2)]
        rng.shuffle(big)
        rng.shuffle(small)
        ordered = big + small
    elif method == "largest_first":
        ordered = sorted(sets, key=lambda s: (-len(s), s[0]))
    else:
        raise ValueError(method)
    train, valid, test = [], [], []
    for s in ordered:
        if len(train) + len(s) <= train_size:
            train += s
        elif len(valid) + len(s) <= valid_size:
            valid += s
        else:
            test += s
    return sorted(train), sorted(valid), sorted(test)
