#!/usr/bin/env bash
# Issue-3 evidence: MLP, DeepSAD, XGBOD and Lau et al.'s classifier, without augmentation and
# with uniform, mixup, cutout, nngmix and mixture, on 10 ADBench Classical datasets with
# ADBench's protocol (la = 0.1, seeds 1-3). Resumable: rerun to continue after a stop.
# Datasets: the 10 pilot datasets (benchmarks/pilot_datasets.txt says how they were chosen).
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/pilot_datasets.sh
: "${PYOD_SYNTH_ADBENCH_DIR:=../shared/datasets/adbench}"
export PYOD_SYNTH_ADBENCH_DIR
results=benchmarks/results/augmentation_evidence.jsonl
pyod-synth bench \
  --datasets "${pilot[@]}" \
  --detectors mlp deepsad xgbod lau \
  --generators none uniform mixup cutout nngmix mixture \
  --la 0.1 --seeds 1 2 3 --jobs 2 --quiet \
  --results "$results"
pyod-synth report "$results" --out benchmarks/results/augmentation_evidence_report
