"""Time the splits a cross-type grid makes for one dataset, without and with the caches.

A cross-type grid runs every detector on every ordered pair of anomaly types of a dataset.
Before the caches each run made its split afresh: two ADBench realistic-anomaly splits, each
fitting nine Gaussian mixtures on the same normal rows. Now a process keeps the split of a
task (``pyod_synth.bench.protocols.load_task``) and the mixture of a dataset and seed
(``pyod_synth.adbench.realistic_data``). Side by side in one process, single-threaded BLAS
for both: the time of one run's split with both caches cleared before every call (as
before), then the time of the whole grid's splits (``--detectors`` runs per pair) with the
caches, which must return the same data. Prints a Markdown row.

    python benchmarks/bench_task_splits.py                      # 19_landsat, 7 detectors
    python benchmarks/bench_task_splits.py --dataset 6_cardio --detectors 3
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from threadpoolctl import threadpool_limits

from pyod_synth.adbench import realistic_data
from pyod_synth.bench.protocols import clear_task_cache, load_task
from pyod_synth.known_unseen import cross_type_pairs


def _clear() -> None:
    clear_task_cache()
    realistic_data._fitted_best_mixture.cache_clear()


def _timed(protocol: str, seed: int):
    start = time.perf_counter()
    task = load_task(protocol, la=1.0, ratio=1.0, seed=seed)
    return task, time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="19_landsat")
    parser.add_argument("--detectors", type=int, default=7, help="runs per pair (default 7)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    protocols = [f"{args.dataset}/{known}->{unseen}"
                 for known, unseen in cross_type_pairs(include_dependency=False)]
    with threadpool_limits(1):
        fresh, uncached = {}, 0.0
        for protocol in protocols:
            _clear()
            fresh[protocol], seconds = _timed(protocol, args.seed)
            uncached += seconds
        _clear()
        cached = 0.0
        for _ in range(args.detectors):
            for protocol in protocols:
                task, seconds = _timed(protocol, args.seed)
                cached += seconds
                assert np.array_equal(task.X_train, fresh[protocol].X_train)
                assert np.array_equal(task.X_test, fresh[protocol].X_test)
        _clear()
    runs = args.detectors * len(protocols)
    before = uncached / len(protocols) * runs
    print("| dataset | runs | splits before (s) | splits now (s) | ratio |")
    print("|---|---|---|---|---|")
    print(f"| {args.dataset} | {runs} | {before:.0f} | {cached:.1f} | {before / cached:.0f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
