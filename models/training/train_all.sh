#!/usr/bin/env bash
# Retrains models from scratch, one after another (one process: the CPU is shared), small sets first, as
# registry CANDIDATES: each goes to models/candidates/<name>/<version>/ and never over the production model in
# models/<name>/. Register one with `npm run cli -- models register models/candidates/<name>/<version>`, then
# `models promote <name> <version>` (the gate: README "Model operations").
# Needs the featurized data sets: `npm run featurize:datasets` writes models/.cache/features/<dataset>/.
# Usage: models/training/train_all.sh [dataset ...]     (default: all six)
#   MODEL_VERSION   the candidates' card version (default: the UTC time, e.g. 2026.11.29-1405)
#   TRAIN_ARGS      extra train.py options for every data set (e.g. a smoke run: --members 1 --epochs 1)
# Per-data-set settings are the ones the committed cards were trained with (see models/training/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-/usr/bin/python3}
VERSION=${MODEL_VERSION:-$(date -u +%Y.%m.%d-%H%M)}
if ! [[ "$VERSION" =~ ^[A-Za-z0-9._-]+$ ]]; then echo "MODEL_VERSION may hold only letters, digits, '.', '_', '-'" >&2; exit 2; fi

args_for() {
  case "$1" in
    esol) echo "--epochs 60 --readout mean" ;;
    bace) echo "--epochs 50" ;;
    bbbp) echo "--epochs 40" ;;
    clintox) echo "--epochs 40" ;;
    lipophilicity) echo "--epochs 25" ;;
    tox21) echo "--epochs 20" ;;
    *) echo "unknown data set $1" >&2; exit 2 ;;
  esac
}

sets=("$@")
[ ${#sets[@]} -eq 0 ] && sets=(esol bace bbbp clintox lipophilicity tox21)
for d in "${sets[@]}"; do
  args_for "$d" >/dev/null
  if [ -e "models/candidates/$d/$VERSION" ]; then
    echo "models/candidates/$d/$VERSION exists: choose another MODEL_VERSION (candidates are never overwritten)" >&2
    exit 2
  fi
done
mkdir -p models/.cache/logs
for d in "${sets[@]}"; do
  start=$(date +%s)
  out="models/candidates/$d/$VERSION"
  # shellcheck disable=SC2046,SC2086
  "$PY" models/training/train.py --dataset "$d" --members 5 $(args_for "$d") ${TRAIN_ARGS:-} --out "$out" 2>&1 \
    | grep --line-buffered -v -E 'Warning|_C\._jit_pass|warnings.warn' | tee "models/.cache/logs/train-$d-$VERSION.log"
  # train.py writes card version 1.0.0 (the committed models'); a candidate carries its own version.
  "$PY" - "$out/card.json" "$VERSION" <<'PY'
import json, sys
path, version = sys.argv[1], sys.argv[2]
with open(path) as f:
    card = json.load(f)
card["version"] = version
with open(path, "w") as f:
    json.dump(card, f, indent=2)
    f.write("\n")
PY
  echo "== $d: $(( $(date +%s) - start )) s -> $out (version $VERSION)"
  echo "   register: npm run cli -- models register $out"
done
