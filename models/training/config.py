"""Data set -> model configuration: which columns are tasks, their type and units, the citation.

One small table, so that train.py, baseline.py and the card writer agree on what each model predicts.
Task names must match the task names in the featurizer's index.json (the CSV column names).
"""

DATASETS_DIR_DEFAULT = "/work/shared/datasets"
FEATURES_DIR_DEFAULT = "models/.cache/features"

# Citations and licence wording follow /work/shared/datasets/README.md (sources and licences section).
_MOLECULENET = "Wu et al., MoleculeNet: a benchmark for molecular machine learning, Chem. Sci. 2018, 9, 513-530"
_RESEARCH = "MoleculeNet data sets are distributed for research use"

DATASETS = {
    "esol": {
        "file": "esol.csv",
        "description": "Aqueous solubility (log10 mol/L) of small organic molecules.",
        "tasks": {"log_solubility_mol_per_l": ("regression", "log10(mol/L)")},
        "citation": "Delaney, ESOL: estimating aqueous solubility directly from molecular structure, "
        "J. Chem. Inf. Comput. Sci. 2004, 44, 1000-1005; " + _MOLECULENET
        + "; file: chemprop/chemprop data/delaney.csv",
        "licence": _RESEARCH,
    },
    "bace": {
        "file": "bace.csv",
        "description": "BACE-1 (beta-secretase 1) inhibition: pIC50 (regression) and active = pIC50 >= 7 "
        "(classification), one shared encoder with both heads.",
        "tasks": {
            "pIC50": ("regression", "pIC50 (-log10 IC50 in mol/L)"),
            "active": ("classification", "probability that pIC50 >= 7"),
        },
        "citation": "Subramanian et al., Computational modeling of beta-secretase 1 (BACE-1) inhibitors using "
        "ligand based approaches, J. Chem. Inf. Model. 2016, 56, 1936-1949; " + _MOLECULENET
        + "; file: pupeza/ml_seminars bace.csv, structures from chemprop data/bace.csv",
        "licence": _RESEARCH,
    },
    "bbbp": {
        "file": "bbbp.csv",
        "description": "Blood-brain barrier penetration (1 = penetrates).",
        "tasks": {"p_np": ("classification", "probability of blood-brain barrier penetration")},
        "citation": "Martins et al., A Bayesian approach to in silico blood-brain barrier penetration modeling, "
        "J. Chem. Inf. Model. 2012, 52, 1686-1697; " + _MOLECULENET + "; file: chemprop data/bbbp.csv",
        "licence": _RESEARCH,
    },
    "clintox": {
        "file": "clintox.csv",
        "description": "Approved drugs vs. drugs that failed clinical trials for toxicity.",
        "tasks": {
            "FDA_APPROVED": ("classification", "probability of FDA approval"),
            "CT_TOX": ("classification", "probability of clinical-trial toxicity failure"),
        },
        "citation": "Gayvert et al., A data-driven approach to predicting successes and failures of clinical "
        "trials, Cell Chem. Biol. 2016, 23, 1294-1301; " + _MOLECULENET + "; file: chemprop data/clintox.csv",
        "licence": _RESEARCH,
    },
    "lipophilicity": {
        "file": "lipophilicity.csv",
        "description": "Lipophilicity: octanol/water distribution coefficient logD at pH 7.4.",
        "tasks": {"lipo": ("regression", "logD (pH 7.4)")},
        "citation": "AstraZeneca, Experimental in vitro DMPK and physicochemical data on a set of publicly "
        "disclosed compounds, ChEMBL deposition CHEMBL3301361 (2015); " + _MOLECULENET
        + "; file: chemprop data/lipo.csv",
        "licence": _RESEARCH,
    },
    "tox21": {
        "file": "tox21.csv",
        "description": "Tox21 challenge: 12 nuclear-receptor and stress-response assays (1 = active).",
        "tasks": {
            name: ("classification", "probability of activity")
            for name in [
                "NR-AR", "NR-AR-LBD", "NR-AhR", "NR-Aromatase", "NR-ER", "NR-ER-LBD", "NR-PPAR-gamma",
                "SR-ARE", "SR-ATAD5", "SR-HSE", "SR-MMP", "SR-p53",
            ]
        },
        "citation": "Tox21 Data Challenge 2014 (NIH NCATS, EPA, NIEHS, FDA); " + _MOLECULENET
        + "; file: chemprop/chemprop data/tox21.csv",
        "licence": "Tox21 data are US-government works; MoleculeNet version distributed for research use",
    },
}

# Order in which train_all.sh trains: small sets first, so a time-boxed run still yields most models.
TRAIN_ORDER = ["esol", "bace", "bbbp", "clintox", "lipophilicity", "tox21"]


def dataset_config(name):
    if name not in DATASETS:
        raise SystemExit(f"unknown data set {name!r}; known: {', '.join(DATASETS)}")
    return DATASETS[name]
