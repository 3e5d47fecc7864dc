#!/usr/bin/env bash
# Issue-5 pilot: can pseudo-anomaly augmentation lift CatBoost, ADBench's best label-informed
# baseline, and how does Lau et al.'s classifier with uniform anomalies compare with ADBench's
# unsupervised detectors at la = 0? Same 10 Classical datasets as augmentation_evidence.sh,
# ADBench's protocol, seeds 1-3. Resumable: rerun to continue after a stop.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PYOD_SYNTH_ADBENCH_DIR:=../shared/datasets/adbench}"
export PYOD_SYNTH_ADBENCH_DIR
datasets=(14_glass 42_WBC 45_wine 15_Hepatitis 16_http 43_WDBC 6_cardio 20_letter
          23_mammography 10_cover)

# 1. CatBoost without and with augmentation, at ADBench's three smallest labeled ratios.
results=benchmarks/results/pilot_catboost.jsonl
nice pyod-synth bench --datasets "${datasets[@]}" \
  --detectors catboost --generators none uniform nngmix mixture \
  --la 0.01 0.05 0.1 --seeds 1 2 3 --jobs 2 --quiet --results "$results"
pyod-synth report "$results" --out benchmarks/results/pilot_catboost_report

# 2. Lau et al.'s unsupervised setting: no labels, uniform anomalies only.
results=benchmarks/results/pilot_lau_unsupervised.jsonl
nice pyod-synth bench --datasets "${datasets[@]}" \
  --detectors lau --generators uniform \
  --la 0 --seeds 1 2 3 --jobs 2 --quiet --results "$results"
pyod-synth report "$results" --out benchmarks/results/pilot_lau_unsupervised_report

# 3. Follow-up chosen after seeing 1: NNG-Mix was the only generator that helped CatBoost, so
#    sweep its count (5x = its "auto", already in 1) per labeled anomaly.
results=benchmarks/results/pilot_catboost_nngmix_counts.jsonl
nice pyod-synth bench --datasets "${datasets[@]}" \
  --detectors catboost --generators nngmix --n-synthetic 1x 20x 50x \
  --la 0.01 0.05 0.1 --seeds 1 2 3 --jobs 2 --quiet --results "$results"
pyod-synth report "$results" --out benchmarks/results/pilot_catboost_nngmix_counts_report
