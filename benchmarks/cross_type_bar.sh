#!/usr/bin/env bash
# Issue 10, the bar on ADBench cross-type tasks (a first, partial measurement): labeled
# anomalies of one realistic type (local, global, cluster), test anomalies of another, on the
# 10 pilot datasets (benchmarks/pilot_datasets.txt), seed 1. `default` against CatBoost
# (known types) and the unsupervised detectors (unseen types); per-type tables in the report.
# Resumable: rerun to continue after a stop; on the committed results it runs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/pilot_datasets.sh
: "${PYOD_SYNTH_ADBENCH_DIR:=../shared/datasets/adbench}"
export PYOD_SYNTH_ADBENCH_DIR
results=benchmarks/results/cross_type_bar.jsonl
pyod-synth bench --preset cross-types --datasets "${pilot[@]}" --seeds 1 --jobs 2 --quiet \
  --detectors default catboost iforest ecod copod knn lof --generators none --results "$results"
pyod-synth report "$results" --out benchmarks/results/cross_type_bar_report
