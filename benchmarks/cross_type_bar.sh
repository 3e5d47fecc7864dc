#!/usr/bin/env bash
# Issue 10, the bar on ADBench cross-type tasks: labeled anomalies of one realistic type
# (local, global, cluster), test anomalies of another, seed 1: the 10 pilot
# datasets (benchmarks/pilot_datasets.txt) first, then the other 33 Classical datasets,
# smallest first (pilot_datasets.py --rest). `default` against CatBoost (known types) and the
# unsupervised detectors (unseen types); per-type tables in the report, the bar's verdict in
# results/cross_type_summary.md (python benchmarks/cross_type_summary.py).
# Resumable: rerun to continue after a stop; on complete committed results it runs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/pilot_datasets.sh
: "${PYOD_SYNTH_ADBENCH_DIR:=../shared/datasets/adbench}"
export PYOD_SYNTH_ADBENCH_DIR
mapfile -t rest < <(python benchmarks/pilot_datasets.py --rest)
results=benchmarks/results/cross_type_bar.jsonl
pyod-synth bench --preset cross-types --datasets "${pilot[@]}" "${rest[@]}" --seeds 1 --jobs 2 \
  --quiet --detectors default catboost iforest ecod copod knn lof --generators none \
  --results "$results"
pyod-synth report "$results" --out benchmarks/results/cross_type_bar_report
