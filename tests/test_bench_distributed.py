"""pyod-synth bench on Dask: the same results as a local run, and resuming across engines."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("dask.distributed", reason="dask[distributed] is not installed")

from conftest import CHEAP, write_toy_task  # noqa: E402
from dask.distributed import LocalCluster  # noqa: E402
from test_bench import metrics_by_key, small_grid  # noqa: E402
from test_fault_injection import proc_stat, wait_for  # noqa: E402

from pyod_synth.bench.orchestration import run_bench  # noqa: E402
from pyod_synth.bench.results import read_rows  # noqa: E402
from pyod_synth.cli import main  # noqa: E402


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask")
    datasets = [write_toy_task(folder / f"toy{i}.npz", seed=i) for i in range(2)]
    runs = small_grid(datasets).runs()
    reference = folder / "local.jsonl"
    run_bench(runs, reference, jobs=1, progress=False)
    return datasets, runs, metrics_by_key(reference)


@pytest.mark.slow
def test_remote_scheduler_gives_the_local_results_and_resumes(local_run, tmp_path):
    datasets, runs, reference = local_run
    results = tmp_path / "dask.jsonl"
    run_bench(runs[:3], results, jobs=1, progress=False)  # a bench stopped part way
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster:
        summary = run_bench(runs, results, engine="dask", scheduler=cluster.scheduler_address,
                            progress=False)
    assert (summary.skipped, summary.ran, summary.errors) == (3, len(runs) - 3, 0)
    assert len(read_rows(results)) == len(runs)
    assert metrics_by_key(results) == reference


@pytest.mark.slow
def test_dask_engine_without_address_starts_a_local_cluster(local_run, tmp_path, capsys):
    datasets, runs, reference = local_run
    results = tmp_path / "dask.jsonl"
    code = main(["bench", "--datasets", *datasets, "--detectors", "random_forest",
                 "logistic_regression", "--generators", "none", "uniform", "--la", "0.1",
                 "--seeds", "1", "--detector-params", json.dumps(CHEAP),
                 "--results", str(results), "--engine", "dask", "--jobs", "2", "--quiet"])
    assert code == 0 and f"{len(runs)} runs in" in capsys.readouterr().out
    assert metrics_by_key(results) == reference


def _group_members(pgid: int) -> list[int]:
    """Live processes of the process group ``pgid``."""
    pids = [int(entry) for entry in os.listdir("/proc") if entry.isdigit()]
    return [pid for pid in pids
            if (stat := proc_stat(pid)) and stat[2] == str(pgid) and stat[0] != "Z"]


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs Linux /proc")
def test_ctrl_c_stops_a_dask_bench_without_worker_interrupt_tracebacks(local_run, tmp_path):
    datasets, _, _ = local_run
    results = tmp_path / "dask.jsonl"
    command = [sys.executable, "-m", "pyod_synth.cli", "bench", "--datasets", *datasets,
               "--detectors", "random_forest", "--generators", "none", "--la", "0.1",
               # far more runs than can finish before the signal, even on a starved machine
               "--seeds", *map(str, range(1, 2000)), "--detector-params", json.dumps(CHEAP),
               "--results", str(results), "--engine", "dask", "--jobs", "2", "--quiet"]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: results.exists() and results.read_bytes().count(b"\n") >= 3
                 or process.poll() is not None, 120, "the bench's first rows")
        assert process.poll() is None, "the bench ended before it was interrupted"
        os.killpg(process.pid, signal.SIGINT)  # a terminal's Ctrl-C: the whole group
        err = process.communicate(timeout=60)[1]
        wait_for(lambda: not _group_members(process.pid), 30, "the workers to end")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, err
    assert "rerun the same command to resume" in err
    # No worker's KeyboardInterrupt traceback. (Dask itself may still log a race of its own
    # teardown, e.g. tornado's "Exception in callback ... sync.<locals>.cancel".)
    assert "KeyboardInterrupt" not in err, err
    assert 3 <= len(read_rows(results)) < 2 * 1999
