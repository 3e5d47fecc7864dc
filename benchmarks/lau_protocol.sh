#!/usr/bin/env bash
# Issue 5, part 2: Lau, Zhou et al.'s (2025) protocol with `pyod-synth bench
# --preset lau`: their ReLU hinge-loss classifier without and with uniform anomalies (as many
# as training rows), la = 0 (unsupervised) / 0.01 / 0.05 / 0.1, seeds 1-3, every Classical
# dataset present. The report sets ADBench's published detectors beside it.
#
# Stages: la = 0 first (the comparison with ADBench's unsupervised detectors), then the
# labeled ratios. Each stage is resumable and a finished run is never repeated.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PYOD_SYNTH_ADBENCH_DIR:=../shared/datasets/adbench}"
export PYOD_SYNTH_ADBENCH_DIR
results=benchmarks/results/lau_protocol.jsonl
# At la = 0 there is no labeled anomaly: the preset runs only uniform ("none" has one class).
nice pyod-synth bench --preset lau --la 0 --jobs 2 --quiet --results "$results"
nice pyod-synth bench --preset lau --la 0.01 0.05 0.1 --jobs 2 --quiet --results "$results"
pyod-synth report "$results" --out benchmarks/results/lau_protocol_report
