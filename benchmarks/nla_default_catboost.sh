#!/usr/bin/env bash
# Issue 13, item 4: labeled anomalies as a count (ADBench's NLA grid, ADGym's 5 / 10 / 20
# setting). `default` and CatBoost on the 43 ADBench Classical datasets present, seeds 1-3,
# ADBench's split with 5, 10 or 20 labeled anomalies. `python benchmarks/nla_summary.py` puts
# ADGym's shipped CatBoost figures beside them on the datasets both have. Resumable: rerun to
# continue after a stop; on the committed results it runs nothing and leaves git clean.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PYOD_SYNTH_ADBENCH_DIR:=../shared/datasets/adbench}"
export PYOD_SYNTH_ADBENCH_DIR
results=benchmarks/results/nla_default_catboost.jsonl
# --allow-errors: a dataset whose training part has fewer anomalies than asked for (34_smtp
# has 3; ADGym drops such datasets) gives error rows that say so; the others are unaffected.
pyod-synth bench --groups classical --la 5 10 20 --seeds 1 2 3 --jobs 2 --quiet --allow-errors \
  --detectors catboost default --generators none --results "$results"
pyod-synth report "$results" --out benchmarks/results/nla_default_catboost_report
