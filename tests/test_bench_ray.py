"""pyod-synth bench on Ray: the same results as a local run, and resuming across engines.

Skipped where Ray is not installed (CI does not install it; it is a large optional engine).
"""

from __future__ import annotations

import pytest

ray = pytest.importorskip("ray", reason="ray is not installed")

from conftest import write_toy_task  # noqa: E402
from test_bench import ENDLESS_MLP, metrics_by_key, small_grid  # noqa: E402

from pyod_synth.bench.orchestration import run_bench  # noqa: E402
from pyod_synth.bench.results import read_rows  # noqa: E402


@pytest.mark.slow
def test_ray_engine_gives_the_local_results_and_resumes(tmp_path, toy_tasks):
    runs = small_grid(toy_tasks).runs()
    reference = tmp_path / "local.jsonl"
    run_bench(runs, reference, jobs=1, progress=False)
    results = tmp_path / "ray.jsonl"
    run_bench(runs[:3], results, jobs=1, progress=False)  # a bench stopped part way
    try:
        summary = run_bench(runs, results, engine="ray", jobs=2, progress=False)
    finally:
        ray.shutdown()
    assert (summary.skipped, summary.ran, summary.errors) == (3, len(runs) - 3, 0)
    assert len(read_rows(results)) == len(runs)
    assert metrics_by_key(results) == metrics_by_key(reference)


@pytest.mark.slow
def test_ray_workers_honour_the_timeout(tmp_path):
    datasets = [write_toy_task(tmp_path / "toy.npz", seed=0)]
    runs = small_grid(datasets, detectors=["mlp", "logistic_regression"], generators=["none"],
                      detector_params={"mlp": ENDLESS_MLP}).runs()
    try:
        summary = run_bench(runs, tmp_path / "ray.jsonl", engine="ray", jobs=2, progress=False,
                            timeout=20)  # room for Ray's workers to start and import
    finally:
        ray.shutdown()
    rows = {row["detector"]: row for row in read_rows(tmp_path / "ray.jsonl")}
    assert summary.errors == 1 and rows["logistic_regression"]["status"] == "ok"
    assert rows["mlp"]["error"].startswith("RunTimeout: the run took longer than the 20 s")
