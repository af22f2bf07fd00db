"""Prints (or writes between markers into a README) a markdown table of every model card's test metrics next to
its random-forest baseline: `python3 models/training/card_table.py [--write README.md ...]`."""
import json
import os
import sys

MODELS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
ORDER = ["tox21", "bace", "esol", "lipophilicity", "bbbp", "clintox"]
START, END = "<!-- card-table:start -->", "<!-- card-table:end -->"


def _fmt(v):
    return "n/a" if v is None else f"{v:.3f}"


def table():
    rows = ["| model | task(s) | test n | metric | D-MPNN ensemble (5) | RF baseline | beats baseline | "
            "why not (the card's comparison.note says more) | train s | epochs cap |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name in ORDER:
        path = os.path.join(MODELS, name, "card.json")
        if not os.path.exists(path):
            continue
        c = json.load(open(path))
        test, base = c["metrics"]["test"], (c.get("baseline") or {}).get("metrics", {}).get("test", {})
        n = max(m.get("n", 0) for m in test.values())
        beats = c.get("comparison", {}).get("beatsBaseline")
        cells = [f"{c['metrics']['headline']['name']}", _fmt(c["metrics"]["headline"]["value"]),
                 _fmt((c.get("baseline") or {}).get("headline", {}).get("value"))]
        tasks = ", ".join(t["name"] for t in c["tasks"]) if len(c["tasks"]) <= 2 else f"{len(c['tasks'])} assays"
        rows.append(f"| {name} | {tasks} | {n} | " + " | ".join(cells) +
                    f" | {'yes' if beats else 'no' if beats is False else 'n/a'} | "
                    f"{c.get('comparison', {}).get('why', '') if beats is False else ''} | {c['training']['seconds']:.0f} | "
                    f"{c['training']['epochs']} |")
        for t in c["tasks"]:  # secondary regression metrics for mixed models (BACE pIC50)
            if t["type"] == "regression" and c["metrics"]["headline"]["name"] != "RMSE":
                g, b = test[t["name"]], base.get(t["name"], {})
                rows.append(f"| {name} | {t['name']} | {g['n']} | RMSE | {_fmt(g['rmse'])} | {_fmt(b.get('rmse'))} |"
                            f" {'yes' if b.get('rmse') and g['rmse'] < b['rmse'] else 'no'} | | | |")
    return "\n".join(rows)


def main():
    text = table()
    if len(sys.argv) > 2 and sys.argv[1] == "--write":
        for readme in sys.argv[2:]:
            s = open(readme).read()
            block = f"{START}\n{text}\n{END}"
            s = s[:s.index(START)] + block + s[s.index(END) + len(END):] if START in s else s.rstrip() + "\n\n" + block + "\n"
            open(readme, "w").write(s)
    print(text)


if __name__ == "__main__":
    main()
