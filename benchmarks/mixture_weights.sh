#!/usr/bin/env bash
# Which default shares for the `mixture` generator (uniform + nngmix)?
#  1. On the 10 evidence datasets: equal shares (weights 0.5/0.5) for CatBoost, MLP, DeepSAD
#     and Lau's classifier at la = 0.1, seeds 1-3 (proportional shares were run by
#     augmentation_evidence.sh and pilot_catboost_lau.sh).
#  2. Held-out check on 10 other Classical datasets (every third from the 3rd in the same
#     size order, disjoint from the evidence set): proportional vs equal shares.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/pilot_datasets.sh
: "${PYOD_SYNTH_ADBENCH_DIR:=../shared/datasets/adbench}"
export PYOD_SYNTH_ADBENCH_DIR
common=(--detectors catboost mlp deepsad lau --generators mixture --la 0.1 --seeds 1 2 3
        --jobs 2 --quiet)
equal='{"mixture": {"weights": [0.5, 0.5]}}'
proportional='{"mixture": {"weights": "counts"}}'
evidence=("${pilot[@]}")
heldout=(29_Pima 4_breastw 40_vowels 38_thyroid 33_skin 18_Ionosphere 2_annthyroid 12_fault
         41_Waveform 11_donors)
pyod-synth bench --datasets "${evidence[@]}" "${common[@]}" --generator-params "$equal" \
  --results benchmarks/results/mixture_equal_weights.jsonl
pyod-synth bench --datasets "${heldout[@]}" "${common[@]}" --generator-params "$equal" \
  --results benchmarks/results/mixture_heldout_equal.jsonl
pyod-synth bench --datasets "${heldout[@]}" "${common[@]}" --generator-params "$proportional" \
  --results benchmarks/results/mixture_heldout_proportional.jsonl
