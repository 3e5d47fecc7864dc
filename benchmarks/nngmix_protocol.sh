#!/usr/bin/env bash
# Issue 5, part 1: NNG-Mix's protocol (Dong et al. 2024) with `pyod-synth bench --preset
# nngmix`: MLP and DeepSAD x {none, mixup, cutout, cutmix, gaussian_noise, nngmix} x {1x, 5x,
# 10x} per labeled anomaly, la = 0.1 with the labeled anomalies subsampled to 100 / 50 / 10 %
# ("10 / 5 / 1 %"), on every Classical dataset present and ADBench's CV (ResNet-18) and NLP
# (BERT) embeddings. MLP: seeds 1-3; DeepSAD: seed 1 (the issue's minimum; 150 epochs a fit).
# As in the reference, NNG-Mix's noise is sigma = 0.3 for the MLP on CV and NLP, 0.01 elsewhere.
#
# The grid runs in stages so that an interrupted run still covers every dataset with seed 1;
# each stage is resumable and a finished run is never repeated.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PYOD_SYNTH_ADBENCH_DIR:=../shared/datasets/adbench}"
export PYOD_SYNTH_ADBENCH_DIR
results=benchmarks/results/nngmix_protocol.jsonl
bench() { nice pyod-synth bench --preset nngmix --jobs 2 --quiet --results "$results" "$@"; }

for seeds in "1" "2 3"; do
  # shellcheck disable=SC2086
  bench --groups classical --detectors mlp --seeds $seeds
  # shellcheck disable=SC2086
  bench --groups cv nlp --detectors mlp --seeds $seeds \
    --generator-params '{"nngmix": {"noise_std": 0.3}}'
  if [ "$seeds" = 1 ]; then
    bench --detectors deepsad --seeds 1
  fi
done
pyod-synth report "$results" --out benchmarks/results/nngmix_protocol_report
