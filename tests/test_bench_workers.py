"""The local engine's worker processes (pyod_synth.bench.workers): a run past its time
limit is stopped at the limit even when it ignores the alarm, a worker that dies costs
only its run, and the rows of the other runs are those of a run without workers."""

from __future__ import annotations

import threading
import time

import pytest
from conftest import write_toy_task
from fault_plugin_support import fault_plugin  # noqa: F401 - fixture
from test_bench import metrics_by_key, small_grid

from pyod_synth.bench import orchestration, workers
from pyod_synth.bench.results import read_rows


@pytest.fixture
def dataset(tmp_path) -> list[str]:
    return [write_toy_task(tmp_path / "toy.npz", seed=0)]


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.usefixtures("fault_plugin")
def test_a_run_that_ignores_the_alarm_is_stopped_at_the_limit(dataset, tmp_path, jobs):
    runs = small_grid(dataset, detectors=["fault_stall", "logistic_regression"],
                      generators=["none"]).runs()
    start = time.perf_counter()
    summary = orchestration.run_bench(runs, tmp_path / "timed.jsonl", jobs=jobs,
                                      progress=False, timeout=3)
    # The stalled fit sleeps 120 s: only ending its worker ends the grid this soon.
    assert time.perf_counter() - start < 60
    rows = {row["detector"]: row for row in read_rows(tmp_path / "timed.jsonl")}
    assert summary.errors == 1 and len(rows) == 2
    assert rows["fault_stall"]["error"].startswith(
        "RunTimeout: the run took longer than the 3 s limit (--timeout)")
    orchestration.run_bench(runs[1:], tmp_path / "plain.jsonl", jobs=1, progress=False)
    plain = metrics_by_key(tmp_path / "plain.jsonl")
    assert {k: v for k, v in metrics_by_key(tmp_path / "timed.jsonl").items() if k in plain} \
        == plain


@pytest.mark.usefixtures("fault_plugin")
def test_a_run_that_holds_the_gil_is_killed_by_the_pools_backstop(dataset, tmp_path):
    runs = small_grid(dataset, detectors=["fault_gil_stall"], generators=["none"]).runs()
    start = time.perf_counter()
    orchestration.run_bench(runs, tmp_path / "timed.jsonl", jobs=1, progress=False, timeout=1)
    assert time.perf_counter() - start < 60  # the fit holds the GIL for 120 s
    assert workers.backstop_seconds(1) < 60
    (row,) = read_rows(tmp_path / "timed.jsonl")
    assert row["error"].startswith("RunTimeout: the run took longer than the 1 s limit")


@pytest.mark.usefixtures("fault_plugin")
def test_a_worker_that_dies_costs_only_its_run(dataset, tmp_path):
    runs = small_grid(dataset, detectors=["fault_crash", "logistic_regression"],
                      generators=["none"]).runs()
    summary = orchestration.run_bench(runs, tmp_path / "bench.jsonl", jobs=2, progress=False)
    rows = read_rows(tmp_path / "bench.jsonl")
    assert summary.errors == 1 and len(rows) == len(runs) == 2
    for row in rows:
        if row["detector"] == "fault_crash":
            assert row["status"] == "error" and row["aucroc"] is None
            assert row["error"].startswith("WorkerDied: the worker process running this run "
                                           "died (killed by SIGKILL)")
        else:
            assert row["status"] == "ok" and row["aucroc"] > 0.5


def test_a_timeout_with_one_job_works_outside_the_main_thread(dataset, tmp_path):
    # The run executes in a worker process, so the caller's thread does not matter.
    errors = []

    def run():
        try:
            orchestration.run_bench(small_grid(dataset, detectors=["logistic_regression"],
                                               generators=["none"]).runs(),
                                    tmp_path / "r.jsonl", jobs=1, progress=False, timeout=30)
        except Exception as exc:  # noqa: BLE001 - reported by the assert below
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert errors == [] and read_rows(tmp_path / "r.jsonl")[0]["status"] == "ok"
