"""Writes the source-CSV rows of one part of a data set's scaffold split (the split train.py uses), unchanged, so
`npm run cli -- models eval` can be checked against a card on exactly the card's molecules.

  python3 models/training/split_rows.py --dataset esol [--part test] [--first N] --out /tmp/esol-test.csv

Needs the featurized data set (`npm run featurize:datasets`): the split is computed from its parent SMILES, as in
training. The split sizes are checked against models/<dataset>/card.json.
"""
import argparse
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from config import DATASETS_DIR_DEFAULT, FEATURES_DIR_DEFAULT  # noqa: E402
from dataset import FeaturizedDataset  # noqa: E402
from scaffold_split import scaffold_split  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--dataset", required=True)
    p.add_argument("--part", default="test", choices=["train", "valid", "test"])
    p.add_argument("--first", type=int, default=None, help="only the first N rows of the part (in file order)")
    p.add_argument("--out", required=True)
    p.add_argument("--features-dir", default=FEATURES_DIR_DEFAULT)
    p.add_argument("--datasets-dir", default=DATASETS_DIR_DEFAULT)
    args = p.parse_args(argv)

    ds = FeaturizedDataset(os.path.join(args.features_dir, args.dataset))
    card_path = os.path.join("models", args.dataset, "card.json")
    with open(card_path) as f:
        card = json.load(f)
    seed = card["split"]["seed"]
    method = "largest_first" if "largest" in card["split"].get("variant", "") else "balanced"
    train, valid, test = scaffold_split(ds.parent_smiles, seed=seed, method=method)
    parts = {"train": train, "valid": valid, "test": test}
    sizes = {k: len(v) for k, v in parts.items()}
    if sizes != card["split"]["sizes"]:
        raise SystemExit(f"split sizes {sizes} differ from {card_path} {card['split']['sizes']}")

    wanted = sorted(ds.molecules[i]["row"] for i in parts[args.part])
    if args.first is not None:
        wanted = wanted[: args.first]
    keep = set(wanted)
    with open(os.path.join(args.datasets_dir, ds.index["source"]["file"]), newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [r for i, r in enumerate(reader, start=1) if i in keep]
    with open(args.out, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"{args.dataset} {args.part}: {len(rows)} rows -> {args.out}")


if __name__ == "__main__":
    main()
