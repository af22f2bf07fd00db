"""The `props` work done by RDKit's C++ core (Debian's python3-rdkit), for the benchmark's side-by-side ratio.

Same steps as the TypeScript pipeline: parse, largest fragment + uncharge, canonical SMILES, InChIKey (when built in),
descriptors, QED, Lipinski/Veber inputs, PAINS A/B/C + Brenk FilterCatalog matches. One core.
Usage: rdkit_core_props.py <library.csv.gz> <count>; prints one JSON line.
"""
import csv
import gzip
import json
import sys
import time

from rdkit import Chem, RDLogger
from rdkit.Chem import QED, Crippen, Descriptors, rdMolDescriptors
from rdkit.Chem.FilterCatalog import FilterCatalog, FilterCatalogParams
from rdkit.Chem.MolStandardize import rdMolStandardize

RDLogger.DisableLog("rdApp.*")
# Debian's build is compiled without InChI; then the baseline does slightly less work than ours.
HAS_INCHI = hasattr(Chem, "MolToInchiKey")
path, count = sys.argv[1], int(sys.argv[2])
opener = gzip.open if path.endswith(".gz") else open
with opener(path, "rt") as handle:
    smiles = [row["smiles"] for _, row in zip(range(count), csv.DictReader(handle))]

params = FilterCatalogParams()
for catalog in (FilterCatalogParams.FilterCatalogs.PAINS_A, FilterCatalogParams.FilterCatalogs.PAINS_B,
                FilterCatalogParams.FilterCatalogs.PAINS_C, FilterCatalogParams.FilterCatalogs.BRENK):
    params.AddCatalog(catalog)
catalog = FilterCatalog(params)
chooser = rdMolStandardize.LargestFragmentChooser()
uncharger = rdMolStandardize.Uncharger()

start = time.perf_counter()
done = 0
for smi in smiles:
    mol = Chem.MolFromSmiles(smi)
    if mol is None:
        continue
    parent = uncharger.uncharge(chooser.choose(mol))
    Chem.MolToSmiles(parent)
    if HAS_INCHI:
        Chem.MolToInchiKey(parent)
    values = (Descriptors.MolWt(parent), rdMolDescriptors.CalcExactMolWt(parent), Crippen.MolLogP(parent),
              Crippen.MolMR(parent), rdMolDescriptors.CalcTPSA(parent), rdMolDescriptors.CalcNumHBD(parent),
              rdMolDescriptors.CalcNumHBA(parent), rdMolDescriptors.CalcNumLipinskiHBD(parent),
              rdMolDescriptors.CalcNumLipinskiHBA(parent), rdMolDescriptors.CalcNumRotatableBonds(parent),
              rdMolDescriptors.CalcNumRings(parent), rdMolDescriptors.CalcNumAromaticRings(parent),
              rdMolDescriptors.CalcFractionCSP3(parent), QED.qed(parent))
    [entry.GetDescription() for entry in catalog.GetMatches(parent)]
    done += 1
elapsed = time.perf_counter() - start
print(json.dumps({"molecules": done, "seconds": elapsed, "perSecond": done / elapsed, "inchi": HAS_INCHI}))
