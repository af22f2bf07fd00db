#!/usr/bin/env bash
# Retrains every model from scratch, one after another (one process: the CPU is shared), small sets first.
# Needs the featurized data sets: `npm run featurize:datasets` writes models/.cache/features/<dataset>/.
# Usage: models/training/train_all.sh [dataset ...]     (default: all six)
# Per-data-set settings are the ones the committed cards were trained with (see models/training/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-/usr/bin/python3}

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
mkdir -p models/.cache/logs
for d in "${sets[@]}"; do
  start=$(date +%s)
  # shellcheck disable=SC2046
  "$PY" models/training/train.py --dataset "$d" --members 5 $(args_for "$d") 2>&1 \
    | grep --line-buffered -v -E 'Warning|_C\._jit_pass|warnings.warn' | tee "models/.cache/logs/train-$d.log"
  echo "== $d: $(( $(date +%s) - start )) s"
  # Cards are committed and the repository's format check runs prettier over them.
  if command -v npx >/dev/null; then npx prettier --log-level warn --write "models/$d/card.json" || true; fi
done
