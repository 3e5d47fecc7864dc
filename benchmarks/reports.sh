#!/usr/bin/env bash
# Rewrite every committed report from its results file (the last line of each benchmark
# script). Reports hold no timestamp, so on unchanged results this leaves git clean.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PYOD_SYNTH_ADBENCH_DIR:=../shared/datasets/adbench}"
export PYOD_SYNTH_ADBENCH_DIR
for name in augmentation_evidence beat_iforest_classical beat_catboost_classical lau_protocol \
            nngmix_protocol pilot_catboost pilot_lau_unsupervised pilot_catboost_nngmix_counts \
            nla_default_catboost; do
  pyod-synth report "benchmarks/results/$name.jsonl" --out "benchmarks/results/${name}_report"
done
