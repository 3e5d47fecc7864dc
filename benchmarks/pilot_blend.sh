#!/usr/bin/env bash
# Pilot of score blends, on the 10 pilot datasets (benchmarks/pilot_datasets.txt), seeds 1-3
# (the "How the configuration was chosen" part of benchmarks/README.md):
#  1. pilot_blend_catboost.jsonl: CatBoost blended with CatBoost + NNG-Mix, la = 0.01 / 0.05 / 0.1.
#  2. pilot_blend_unsupervised.jsonl: at la = 0, IForest blended with CatBoost taught by uniform
#     anomalies (as many as training rows), and IForest alone (weight 0 for the classifier).
#
# Written after the fact from the rows (their keys hash exactly these parameters): the runs of
# 2026-11-23 21:59-22:06 UTC used ScoreBlend's draft just before commit 59cfb54, whose
# parameters were `detector`, `generator`, `n_synthetic` and `weight`. Today's blend takes
# `members` and `weights` instead, so on a fresh results path these commands give error rows;
# on the committed results every run is done and the script changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/pilot_datasets.sh
: "${PYOD_SYNTH_ADBENCH_DIR:=../shared/datasets/adbench}"
export PYOD_SYNTH_ADBENCH_DIR
bench() { nice pyod-synth bench --datasets "${pilot[@]}" --detectors blend --generators none \
            --seeds 1 2 3 --jobs 2 --quiet "$@"; }

bench --la 0.01 0.05 0.1 --results benchmarks/results/pilot_blend_catboost.jsonl \
  --detector-params '{"blend": {"detector": "catboost", "generator": "nngmix"}}'

results=benchmarks/results/pilot_blend_unsupervised.jsonl
bench --la 0 --results "$results" \
  --detector-params '{"blend": {"detector": "catboost", "generator": "uniform", "n_synthetic": 1.0}}'
bench --la 0 --results "$results" --detector-params '{"blend": {"weight": 0.0}}'
