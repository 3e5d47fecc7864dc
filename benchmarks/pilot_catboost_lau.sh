#!/usr/bin/env bash
# Pilot: can pseudo-anomaly augmentation lift CatBoost, ADBench's best label-informed
# baseline, and how does Lau et al.'s classifier with uniform anomalies compare with ADBench's
# unsupervised detectors at la = 0? The 10 pilot datasets (benchmarks/pilot_datasets.txt),
# ADBench's protocol, seeds 1-3. Resumable: rerun to continue after a stop.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/pilot_datasets.sh
: "${PYOD_SYNTH_ADBENCH_DIR:=../shared/datasets/adbench}"
export PYOD_SYNTH_ADBENCH_DIR

# 1. CatBoost without and with augmentation, at ADBench's three smallest labeled ratios.
results=benchmarks/results/pilot_catboost.jsonl
nice pyod-synth bench --datasets "${pilot[@]}" \
  --detectors catboost --generators none uniform nngmix mixture \
  --la 0.01 0.05 0.1 --seeds 1 2 3 --jobs 2 --quiet --results "$results"
pyod-synth report "$results" --out benchmarks/results/pilot_catboost_report

# 2. Lau et al.'s unsupervised setting: no labels, uniform anomalies only.
results=benchmarks/results/pilot_lau_unsupervised.jsonl
nice pyod-synth bench --datasets "${pilot[@]}" \
  --detectors lau --generators uniform \
  --la 0 --seeds 1 2 3 --jobs 2 --quiet --results "$results"
pyod-synth report "$results" --out benchmarks/results/pilot_lau_unsupervised_report

# 3. Follow-up chosen after seeing 1: NNG-Mix was the only generator that helped CatBoost, so
#    sweep its count (5x = its "auto", already in 1) per labeled anomaly.
results=benchmarks/results/pilot_catboost_nngmix_counts.jsonl
nice pyod-synth bench --datasets "${pilot[@]}" \
  --detectors catboost --generators nngmix --n-synthetic 1x 20x 50x \
  --la 0.01 0.05 0.1 --seeds 1 2 3 --jobs 2 --quiet --results "$results"
pyod-synth report "$results" --out benchmarks/results/pilot_catboost_nngmix_counts_report
