#!/usr/bin/env bash
# Issue-5 step: CatBoost with and without NNG-Mix pseudo-anomalies on every Classical
# dataset present (43 of ADBench's 47), la = 0.01 / 0.05 / 0.1, seeds 1-3, against
# ADBench's published CatBoost on the same datasets (the report puts them side by side).
# The configuration (catboost + nngmix at its default 5 per label) was fixed from the pilot
# on 10 datasets (pilot_issue5.sh); the other 33 datasets are held out from that choice.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PYOD_SYNTH_ADBENCH_DIR:=../shared/datasets/adbench}"
export PYOD_SYNTH_ADBENCH_DIR
results=benchmarks/results/catboost_nngmix_classical.jsonl
pyod-synth bench --groups classical --detectors catboost --generators none nngmix \
  --la 0.01 0.05 0.1 --seeds 1 2 3 --jobs 2 --quiet --results "$results"
pyod-synth report "$results" --out benchmarks/results/catboost_nngmix_classical_report
