"""Fault injection on a small grid (issue 12, "Done when"): the bench is killed with
``kill -9`` mid-grid and resumed, runs stall past ``--timeout`` or crash their worker, the
results file ends in a half-written line, one dataset file is damaged and one holds NaN,
and a plugin detector scores NaN. The grid must finish with every key exactly once, every
``ok`` row equal to a clean run of the same key, a non-zero exit and a summary that names
the failures. Linux only: the test finds the bench's worker processes under /proc.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest
from fault_plugin_support import fault_plugin  # noqa: F401 - fixture

from pyod_synth.bench import orchestration
from pyod_synth.bench.grid import RunSpec
from pyod_synth.bench.results import read_rows

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

CLEAN_DATASETS = ["sk_wine", "sk_breast_cancer"]
CLEAN_DETECTORS = ["random_forest", "logistic_regression"]
FAULTY_DETECTORS = ["fault_nan_scores", "fault_stall", "fault_crash"]
PARAMS = {"random_forest": {"n_estimators": 5}}


def faulty_datasets(folder: Path) -> dict[str, str]:
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(200, 3)), np.r_[np.zeros(180, int), np.ones(20, int)]
    X[5, 1] = np.nan
    np.savez(folder / "with_nan.npz", X=X, y=y)
    np.savez(folder / "damaged.npz", X=rng.normal(size=(200, 3)), y=y)
    damaged = folder / "damaged.npz"
    damaged.write_bytes(damaged.read_bytes()[:300])
    return {"nan": str(folder / "with_nan.npz"), "damaged": str(damaged)}


def bench_command(datasets, results: Path) -> list[str]:
    return [sys.executable, "-m", "pyod_synth", "bench", "--datasets", *datasets,
            "--detectors", *CLEAN_DETECTORS, *FAULTY_DETECTORS, "--generators", "none",
            "--seeds", "1", "--detector-params", json.dumps(PARAMS), "--jobs", "2",
            "--timeout", "3", "--results", str(results), "--quiet"]


def proc_stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()  # state, ppid, ... after "pid (name) "


def children_of(pid: int) -> list[int]:
    pids = [int(entry) for entry in os.listdir("/proc") if entry.isdigit()]
    return [child for child in pids if (proc_stat(child) or [None, None])[1] == str(pid)]


def alive(pid: int) -> bool:
    stat = proc_stat(pid)
    return stat is not None and stat[0] != "Z"  # a zombie has exited


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out after {seconds} s waiting for {what}"
        time.sleep(0.2)


def kill_mid_grid(command, results: Path) -> None:
    """Start the bench, kill -9 it once two rows are in, check its workers die with it."""
    bench = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(lambda: results.exists() and results.read_bytes().count(b"\n") >= 2
                 or bench.poll() is not None, 120, "the bench's first rows")
        assert bench.poll() is None, bench.stderr.read().decode()
        workers = children_of(bench.pid)
        assert workers, "the bench runs its runs in worker processes"
        bench.send_signal(signal.SIGKILL)
        bench.wait()
    finally:
        if bench.poll() is None:
            bench.kill()
    wait_for(lambda: not any(alive(pid) for pid in workers), 10,
             f"the killed bench's worker processes {workers} to exit")


@pytest.mark.usefixtures("fault_plugin")
def test_a_faulty_grid_finishes_with_every_key_once_and_no_wrong_ok_row(tmp_path):
    faulty = faulty_datasets(tmp_path)
    datasets = [*CLEAN_DATASETS, *faulty.values()]
    results = tmp_path / "bench.jsonl"
    command = bench_command(datasets, results)
    kill_mid_grid(command, results)
    with results.open("ab") as out:  # as if the kill had come in the middle of a write
        out.write(b'{"key": "sk_wine|random_forest|none|0|la=0.1|rat')

    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)

    lines = [json.loads(line) for line in results.read_text().splitlines()]
    counts = Counter(row["key"] for row in lines)
    assert set(counts.values()) == {1}, [key for key, n in counts.items() if n > 1]
    assert {(row["dataset"], row["detector"]) for row in lines} == {
        (dataset, detector) for dataset in datasets
        for detector in CLEAN_DETECTORS + FAULTY_DETECTORS}
    ok = {row["key"]: row for row in lines if row["status"] == "ok"}
    assert {(row["dataset"], row["detector"]) for row in ok.values()} == {
        (dataset, detector) for dataset in CLEAN_DATASETS for detector in CLEAN_DETECTORS}
    spec_fields = [field.name for field in fields(RunSpec)]
    clean = tmp_path / "clean.jsonl"
    orchestration.run_bench([RunSpec(**{name: row[name] for name in spec_fields})
                             for row in ok.values()], clean, jobs=1, progress=False)
    assert {key: (row["aucroc"], row["aucpr"]) for key, row in ok.items()} == {
        row["key"]: (row["aucroc"], row["aucpr"]) for row in read_rows(clean)}

    errors = {(row["dataset"], row["detector"]): row["error"] for row in lines
              if row["status"] != "ok"}
    for dataset in CLEAN_DATASETS:
        assert errors[dataset, "fault_stall"].startswith("RunTimeout: the run took longer "
                                                         "than the 3 s limit")
        assert errors[dataset, "fault_crash"].startswith("WorkerDied: ")
        assert "returned NaN scores" in errors[dataset, "fault_nan_scores"]
    for detector in CLEAN_DETECTORS + FAULTY_DETECTORS:
        assert "must be finite" in errors[faulty["nan"], detector]
        assert errors[faulty["damaged"], detector]
    assert finished.returncode == 1, finished.stderr
    summary = finished.stderr
    assert f"{len(errors)} of {len(lines)} runs failed" in summary
    for error_type in ("RunTimeout", "WorkerDied", "ValueError"):
        assert f"  {error_type} (" in summary
