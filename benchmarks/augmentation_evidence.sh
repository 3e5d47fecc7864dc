#!/usr/bin/env bash
# Issue-3 evidence: MLP, DeepSAD, XGBOD and Lau et al.'s classifier, without augmentation and
# with uniform, mixup, cutout, nngmix and mixture, on 10 ADBench Classical datasets with
# ADBench's protocol (la = 0.1, seeds 1-3). Resumable: rerun to continue after a stop.
#
# Datasets: sort the 43 Classical files present by the size ADBench actually trains on
# (min(max(n, 1000), 10000) rows x d features) and take every third from the 2nd to the
# 29th: small and large, low- and mid-dimensional, chosen before any result was seen.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PYOD_SYNTH_ADBENCH_DIR:=../shared/datasets/adbench}"
export PYOD_SYNTH_ADBENCH_DIR
results=benchmarks/results/augmentation_evidence.jsonl
pyod-synth bench \
  --datasets 14_glass 42_WBC 45_wine 15_Hepatitis 16_http 43_WDBC 6_cardio 20_letter \
             23_mammography 10_cover \
  --detectors mlp deepsad xgbod lau \
  --generators none uniform mixup cutout nngmix mixture \
  --la 0.1 --seeds 1 2 3 --jobs 2 --quiet \
  --results "$results"
pyod-synth report "$results" --out benchmarks/results/augmentation_evidence_report
