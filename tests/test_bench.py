"""pyod-synth bench: grids, the append-only results file, resuming after a kill, errors, CLI."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import math
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import CHEAP, write_toy_task

from pyod_synth.adbench.subsample import subsample_labeled
from pyod_synth.bench import experiment, names, orchestration
from pyod_synth.bench.axes import canonical_n_synthetic
from pyod_synth.bench.grid import Grid, RunSpec
from pyod_synth.bench.presets import make_grid
from pyod_synth.bench.results import MalformedResultsError, ResultsFile, read_rows
from pyod_synth.cli import main


def small_grid(datasets, **axes) -> Grid:
    spec = dict(
        datasets=datasets,
        detectors=["random_forest", "logistic_regression"],
        generators=["none", "uniform"],
        la=[0.1],
        seeds=[1],
        detector_params=CHEAP,
    )
    spec.update(axes)
    return Grid(**spec)


def metrics_by_key(path) -> dict[str, tuple]:
    return {row["key"]: (row["status"], row["aucroc"], row["aucpr"]) for row in read_rows(path)}


# Grid ---------------------------------------------------------------------------------


def test_none_is_not_crossed_with_counts_and_keys_are_unique():
    runs = Grid(["d"], ["random_forest"], ["none", "uniform"], n_synthetic=["1x", "5x"],
                seeds=[1, 2]).runs()
    keys = [run.key for run in runs]
    assert len(keys) == len(set(keys)) == 2 * (1 + 2)
    assert sorted({run.n_synthetic for run in runs if run.generator == "none"}) == ["0"]


@pytest.mark.parametrize(
    "value, expected",
    [("auto", "auto"), ("5X", "5x"), ("100", "100"), (100, "100"), ("1.0", "1.0"), (0.5, "0.5")],
)
def test_n_synthetic_forms_are_canonical(value, expected):
    assert canonical_n_synthetic(value) == expected


@pytest.mark.parametrize("value", ["-1", "five", "x5", -3, float("nan"), True])
def test_bad_n_synthetic_is_rejected(value):
    with pytest.raises(ValueError, match="n_synthetic must be"):
        canonical_n_synthetic(value)


def test_key_changes_with_detector_params_only_when_given():
    plain = RunSpec("d", "random_forest", "none", "0", 0.1, 1.0, 1)
    tuned = RunSpec("d", "random_forest", "none", "0", 0.1, 1.0, 1, {"n_estimators": 5})
    assert plain.key == "d|random_forest|none|0|la=0.1|ratio=1.0|seed=1"
    assert tuned.key.startswith(plain.key + "|dp=")


def test_nngmix_preset_follows_the_paper_protocol():
    grid = make_grid("nngmix", datasets=["sk_wine"])
    runs = grid.runs()
    generators = {"none", "mixup", "cutout", "cutmix", "gaussian_noise", "nngmix"}
    assert set(grid.detectors) == {"mlp", "deepsad"} and set(grid.generators) == generators
    assert {r.n_synthetic for r in runs if r.generator != "none"} == {"1x", "5x", "10x"}
    assert {r.la for r in runs} == {0.1} and {r.ratio for r in runs} == {1.0, 0.5, 0.1}
    assert len(runs) == 2 * (1 + 5 * 3) * 3 * len(grid.seeds)


def test_lau_preset_leaves_out_the_one_class_runs_at_la_0():
    runs = make_grid("lau", datasets=["sk_wine"]).runs()
    cells = {(r.generator, r.la) for r in runs}
    assert ("none", 0.0) not in cells and ("uniform", 0.0) in cells
    assert {("none", la) for la in (0.01, 0.05, 0.1)} <= cells
    assert len(runs) == (2 * 4 - 1) * 3  # (generator x la) cells minus one, x 3 seeds


def test_exclude_matches_canonical_values_and_every_named_axis():
    grid = Grid(datasets=["a", "b"], detectors=["mlp"], generators=["none", "uniform"],
                n_synthetic=["5x", 1.0], la=[0, 0.1],
                exclude=[{"n_synthetic": "1.0", "la": 0}, {"dataset": "b", "generator": "none"}])
    keys = {r.key for r in grid.runs()}
    assert "a|mlp|uniform|1.0|la=0.0|ratio=1.0|seed=1" not in keys  # 1.0 == "1.0", 0 == 0.0
    assert "a|mlp|uniform|1.0|la=0.1|ratio=1.0|seed=1" in keys  # one axis matching is not enough
    assert "a|mlp|uniform|5x|la=0.0|ratio=1.0|seed=1" in keys
    assert not any(k.startswith("b|mlp|none|") for k in keys)
    assert any(k.startswith("a|mlp|none|") for k in keys)
    assert len(keys) == 2 * (2 + 2 * 2) - 1 * 2 - 2  # both datasets minus two excluded cells


@pytest.mark.parametrize("entry, message", [
    ({"detectr": "mlp"}, r"unknown axes \['detectr'\]; valid: dataset, detector"),
    ({}, "non-empty dict"),
    ("none", "non-empty dict"),
    ({"la": 1.5}, "la"),
    ({"seed": "1"}, "seeds must be non-negative integers"),
])
def test_bad_exclude_entries_are_refused(entry, message):
    grid = Grid(datasets=["a"], detectors=["mlp"], generators=["none"], exclude=[entry])
    with pytest.raises(ValueError, match=message):
        grid.runs()


def test_adbench_preset_without_data_says_where_to_point(monkeypatch, tmp_path):
    monkeypatch.delenv("PYOD_SYNTH_ADBENCH_DIR", raising=False)
    with pytest.raises(ValueError, match="classical/cv/nlp.*--data-dir or set PYOD_SYNTH"):
        make_grid("nngmix")
    with pytest.raises(ValueError, match="no dataset found in the group.s. classical"):
        make_grid("lau", data_dir=str(tmp_path))


def test_groups_select_datasets_and_unknown_groups_are_listed():
    assert make_grid("lau", groups=["embedded"]).datasets == [
        "sk_breast_cancer", "sk_digits", "sk_wine"]
    with pytest.raises(ValueError, match="unknown dataset group.*valid: classical"):
        make_grid("quick", groups=["tabular"])


def test_nngmix_preset_reads_resnet_and_bert_files_only(adbench_root):
    names = make_grid("nngmix", data_dir=adbench_root).datasets
    assert "6_cardio" in names and "CIFAR10_0" in names and "20news_3" in names
    assert not any("/" in name for name in names)  # no ViT / RoBERTa duplicates


def test_unknown_names_list_the_valid_ones(toy_tasks):
    grid = small_grid(["sk_wines", *toy_tasks], detectors=["random_forest", "nope"],
                      generators=["none", "uniformm"])
    with pytest.raises(ValueError) as info:
        names.validate_names(grid)
    message = str(info.value)
    assert "unknown detector(s) ['nope']" in message and "logistic_regression" in message
    assert "unknown generator(s) ['uniformm']" in message and "nngmix" in message
    assert "'sk_wines' (did you mean 'sk_wine'" in message and "sk_digits" in message
    assert toy_tasks[0] not in message  # files that exist are fine


# Ratio subsample (NNG-Mix) -------------------------------------------------------------


def test_ratio_discards_the_dropped_labeled_anomalies():
    y_train = np.r_[np.zeros(90, dtype=int), np.ones(10, dtype=int)]
    X_train = np.arange(100, dtype=float)[:, None]
    split = {"X_train": X_train, "y_train": y_train, "X_test": X_train[:5], "y_test": y_train[:5]}
    kept = subsample_labeled(split, 0.5, seed=3)
    assert int(kept["y_train"].sum()) == math.ceil(0.5 * 10)
    assert kept["X_train"].shape[0] == 95  # dropped, not relabeled as unlabeled rows
    assert np.array_equal(kept["X_train"][kept["y_train"] == 0, 0], np.arange(90.0))
    again = subsample_labeled(split, 0.5, seed=3)
    assert np.array_equal(kept["X_train"], again["X_train"])
    assert int(subsample_labeled(split, 0.01, seed=3)["y_train"].sum()) == 1


# Running, appending, resuming ----------------------------------------------------------


def test_each_finished_run_is_appended_before_the_next_starts(toy_tasks, tmp_path, monkeypatch):
    results = tmp_path / "bench.jsonl"
    seen = []
    real = experiment.execute

    def spy(spec, **options):
        seen.append(len(results.read_text().splitlines()))
        return real(spec, **options)

    monkeypatch.setattr(experiment, "execute", spy)
    runs = small_grid(toy_tasks).runs()
    summary = orchestration.run_bench(runs, results, jobs=1, progress=False)
    assert seen == list(range(len(runs)))
    assert summary.ran == len(runs) and summary.errors == 0
    rows = read_rows(results)
    assert [row["key"] for row in rows] == [run.key for run in runs]
    row = rows[0]
    assert row["status"] == "ok" and 0.5 < row["aucroc"] <= 1 and 0 < row["aucpr"] <= 1
    assert {"pyod_synth", "pyod", "sklearn", "numpy"} <= set(row["versions"])
    assert row["fit_seconds"] >= 0 and row["n_labeled"] == math.ceil(0.1 * 70)


def test_rerun_skips_done_runs_and_runs_only_new_ones(toy_tasks, tmp_path, monkeypatch):
    results = tmp_path / "bench.jsonl"
    orchestration.run_bench(small_grid(toy_tasks).runs(), results, jobs=1, progress=False)
    calls = []
    real = experiment.execute
    monkeypatch.setattr(experiment, "execute", lambda s, **o: calls.append(s.key) or real(s, **o))
    again = orchestration.run_bench(small_grid(toy_tasks).runs(), results, jobs=1, progress=False)
    assert calls == [] and again.skipped == again.total == 8
    bigger = small_grid(toy_tasks, seeds=[1, 2]).runs()
    orchestration.run_bench(bigger, results, jobs=1, progress=False)
    assert sorted(calls) == sorted(run.key for run in bigger if run.seed == 2)
    assert len(read_rows(results)) == 16


def test_n_synthetic_multiplier_is_recorded(toy_tasks, tmp_path):
    results = tmp_path / "bench.jsonl"
    runs = small_grid(toy_tasks[:1], detectors=["random_forest"], generators=["nngmix"],
                      n_synthetic=["5x"]).runs()
    orchestration.run_bench(runs, results, jobs=1, progress=False)
    (row,) = read_rows(results)
    assert row["status"] == "ok" and row["n_synthetic_"] == 5 * row["n_labeled"]


def test_an_erroring_run_is_recorded_and_the_grid_goes_on(toy_tasks, tmp_path):
    results = tmp_path / "bench.jsonl"
    runs = small_grid(toy_tasks[:1], detectors=["random_forest"],
                      generators=["nngmix", "uniform"], la=[0.0, 0.1]).runs()
    summary = orchestration.run_bench(runs, results, jobs=1, progress=False)
    rows = {row["key"]: row for row in read_rows(results)}
    failed = [row for row in rows.values() if row["status"] == "error"]
    assert len(rows) == 4 and summary.errors == len(failed) == 1
    (row,) = failed
    assert row["generator"] == "nngmix" and row["la"] == 0.0
    assert "labeled anomal" in row["error"] and row["aucroc"] is None
    assert all(r["status"] == "ok" for r in rows.values() if r is not row)


def test_retry_errors_reruns_only_failed_runs(toy_tasks, tmp_path):
    results = tmp_path / "bench.jsonl"
    runs = small_grid(toy_tasks[:1], detectors=["random_forest"], generators=["nngmix"],
                      la=[0.0, 0.1]).runs()
    orchestration.run_bench(runs, results, jobs=1, progress=False)
    summary = orchestration.run_bench(runs, results, jobs=1, progress=False, retry_errors=True)
    assert summary.ran == 1 and len(read_rows(results)) == 3


# Per-run time limit --------------------------------------------------------------------

# 10^6 epochs with no early stop would take hours: only the limit can end this run in time.
ENDLESS_MLP = {"max_iter": 1_000_000, "tol": 0.0, "n_iter_no_change": 1_000_000}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_past_the_timeout_is_an_error_row_and_the_grid_goes_on(toy_tasks, tmp_path, jobs):
    results = tmp_path / "bench.jsonl"
    runs = small_grid(toy_tasks[:1], detectors=["mlp", "logistic_regression"], generators=["none"],
                      detector_params={"mlp": ENDLESS_MLP}).runs()
    # 10 s: room for a fresh worker to import its packages on a loaded machine.
    summary = orchestration.run_bench(runs, results, jobs=jobs, progress=False, timeout=10)
    rows = {row["detector"]: row for row in read_rows(results)}
    assert summary.errors == 1 and set(rows) == {"mlp", "logistic_regression"}
    slow = rows["mlp"]
    assert slow["status"] == "error" and slow["aucroc"] is None
    assert slow["error"].startswith("RunTimeout: the run took longer than the 10 s limit")
    assert rows["logistic_regression"]["status"] == "ok"


def test_time_limit_lifts_its_timer_and_restores_the_handler():
    before = signal.getsignal(signal.SIGALRM)
    with experiment.time_limit(30):
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 30
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before
    with pytest.raises(experiment.RunTimeout), experiment.time_limit(0.05):
        time.sleep(5)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.parametrize("timeout, engine, message", [
    (0, "local", "positive number of seconds; got 0"),
    (float("inf"), "local", "positive number"),
    ("10", "local", "positive number"),
    (True, "local", "positive number"),
    (10, "dask", "local and ray engines.*drop --timeout or use --engine local or ray"),
])
def test_bad_timeouts_are_refused_before_any_run(toy_tasks, tmp_path, timeout, engine, message):
    results = tmp_path / "bench.jsonl"
    with pytest.raises(ValueError, match=message):
        orchestration.run_bench(small_grid(toy_tasks).runs(), results, jobs=1, engine=engine,
                         progress=False, timeout=timeout)
    assert not results.exists()


def test_cli_timeout_reaches_the_runs(toy_tasks, tmp_path, capsys):
    results = tmp_path / "bench.jsonl"
    code = main(["bench", "--datasets", toy_tasks[0], "--detectors", "mlp",
                 "--generators", "none", "--detector-params",
                 json.dumps({"mlp": ENDLESS_MLP}), "--timeout", "1",
                 "--jobs", "1", "--results", str(results), "--quiet"])
    captured = capsys.readouterr()
    # A failed run makes the bench exit 1 and name the failure (issue 12).
    assert code == 1 and "(1 errors)" in captured.out and "RunTimeout (1)" in captured.err
    (row,) = read_rows(results)
    assert "RunTimeout" in row["error"] and "1 s limit" in row["error"]
    code = main(["bench", "--datasets", toy_tasks[0], "--timeout", "0",
                 "--results", str(tmp_path / "other.jsonl")])
    assert code == 2 and "timeout must be a positive number" in capsys.readouterr().err


# The results file ----------------------------------------------------------------------


def test_partial_trailing_line_is_repaired(toy_tasks, tmp_path):
    results = tmp_path / "bench.jsonl"
    runs = small_grid(toy_tasks[:1], detectors=["random_forest"]).runs()
    orchestration.run_bench(runs[:1], results, jobs=1, progress=False)
    with open(results, "ab") as handle:
        handle.write(b'{"key": "' + runs[1].key.encode() + b'", "status": "ok", "aucr')
    assert [r["key"] for r in read_rows(results)] == [runs[0].key]  # ignored when reading
    summary = orchestration.run_bench(runs, results, jobs=1, progress=False)
    assert summary.skipped == 1 and summary.ran == 1
    lines = results.read_text().splitlines()
    assert [json.loads(line)["key"] for line in lines] == [runs[0].key, runs[1].key]


def test_malformed_line_reports_path_and_line(tmp_path, capsys):
    results = tmp_path / "bench.jsonl"
    results.write_text('{"key": "a", "status": "ok"}\nnot json\n{"key": "b"}\n')
    with pytest.raises(MalformedResultsError) as info:
        read_rows(results)
    assert info.value.line_number == 2 and f"{results}:2:" in str(info.value)
    results.write_text('{"key": "a"}\n[1, 2]\n')
    with pytest.raises(MalformedResultsError, match=":2: .*key"):
        with ResultsFile(results):
            pass
    code = main(["bench", "--datasets", "sk_wine", "--detectors", "random_forest",
                 "--generators", "none", "--results", str(results), "--quiet"])
    assert code == 2 and f"{results}:2:" in capsys.readouterr().err
    assert results.read_text() == '{"key": "a"}\n[1, 2]\n'  # never rewritten


def test_a_second_bench_on_the_same_file_is_refused(tmp_path):
    results = tmp_path / "bench.jsonl"
    with ResultsFile(results):
        with pytest.raises(RuntimeError, match="another pyod-synth bench"):
            with ResultsFile(results):
                pass


def test_rows_never_hold_nan(tmp_path):
    with ResultsFile(tmp_path / "bench.jsonl") as out:
        with pytest.raises(ValueError):
            out.append({"key": "a", "aucroc": float("nan")})


# Killing and resuming ------------------------------------------------------------------


def bench_command(datasets, results, jobs: int) -> list[str]:
    return [
        sys.executable, "-m", "pyod_synth.cli", "bench", "--datasets", *datasets,
        "--detectors", "random_forest", "logistic_regression", "--generators", "none", "uniform",
        "--la", "0.1", "--seeds", "1", "2", "3", "--detector-params", json.dumps(CHEAP),
        "--results", str(results), "--jobs", str(jobs), "--quiet",
    ]


N_KILL_GRID = 2 * 2 * 2 * 3


@pytest.fixture(scope="module")
def kill_grid(tmp_path_factory):
    """Two datasets and the results of the uninterrupted grid (run once for both tests)."""
    folder = tmp_path_factory.mktemp("kill")
    datasets = [write_toy_task(folder / f"toy{i}.npz", seed=i) for i in range(2)]
    reference = folder / "reference.jsonl"
    runs = small_grid(datasets, seeds=[1, 2, 3]).runs()
    assert len(runs) == N_KILL_GRID
    orchestration.run_bench(runs, reference, jobs=1, progress=False)
    return datasets, metrics_by_key(reference)


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_killed_bench_resumes_to_the_same_results(kill_grid, tmp_path, jobs):
    datasets, reference = kill_grid
    results = tmp_path / "killed.jsonl"
    process = subprocess.Popen(bench_command(datasets, results, jobs), start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if results.exists() and results.read_bytes().count(b"\n") >= 3:
            break
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGKILL)  # the bench and its worker processes
    process.wait()
    done_at_kill = len(read_rows(results))
    assert 3 <= done_at_kill < N_KILL_GRID, "the bench must be killed mid-grid"

    resumed = subprocess.run(bench_command(datasets, results, jobs), check=True,
                             capture_output=True, text=True)
    assert f"{done_at_kill} of {N_KILL_GRID} already in" in resumed.stdout
    assert len(read_rows(results)) == N_KILL_GRID  # no run lost, none repeated
    assert metrics_by_key(results) == reference


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(c) for c in (task / "children").read_text().split())
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_sigterm_stops_the_workers_and_keeps_finished_runs(kill_grid, tmp_path):
    datasets, reference = kill_grid
    results = tmp_path / "stopped.jsonl"
    process = subprocess.Popen(bench_command(datasets, results, 2), start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if results.exists() and results.read_bytes().count(b"\n") >= 3:
            break
        time.sleep(0.005)
    workers = _children(process.pid)
    process.terminate()  # SIGTERM to the bench only, as a scheduler or `kill` would send
    try:
        assert process.wait(timeout=60) == 130
        assert "rerun the same command to resume" in process.stderr.read()
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert workers and not any(_alive(pid) for pid in workers)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    rows = metrics_by_key(results)
    assert 3 <= len(rows) < N_KILL_GRID
    assert all(reference[key] == value for key, value in rows.items())


# CLI ----------------------------------------------------------------------------------


def test_cli_end_to_end(toy_tasks, tmp_path, capsys):
    results = tmp_path / "out" / "bench.jsonl"
    args = ["bench", "--datasets", ",".join(toy_tasks), "--detectors", "random_forest",
            "--generators", "none", "uniform", "--n-synthetic", "auto", "0.5", "--la", "0.1",
            "--seeds", "1", "--detector-params", json.dumps(CHEAP), "--results", str(results),
            "--jobs", "1", "--quiet"]
    assert main([*args, "--dry-run"]) == 0
    assert "6 runs, 0 already" in capsys.readouterr().out
    assert main([*args, "--report"]) == 0
    out = capsys.readouterr().out
    assert "6 runs in" in out and "report:" in out
    rows = read_rows(results)
    assert len(rows) == 6 and all(row["status"] == "ok" for row in rows)
    assert {row["n_synthetic_"] for row in rows if row["n_synthetic"] == "0.5"} == {
        round(0.5 * rows[0]["n_train"])
    }
    report = tmp_path / "out" / "bench_report"
    assert (report / "report.html").is_file() and (report / "report.md").is_file()
    assert main([*args, "--dry-run"]) == 0
    assert "6 runs, 6 already" in capsys.readouterr().out


def test_cli_rejects_unknown_names_before_running(tmp_path, capsys):
    results = tmp_path / "bench.jsonl"
    code = main(["bench", "--detectors", "random_forests", "--results", str(results)])
    assert code == 2 and "random_forest" in capsys.readouterr().err
    assert not results.exists()


def test_cli_rejects_bad_params_json(tmp_path, capsys):
    code = main(["bench", "--detector-params", "{n_estimators: 5}",
                 "--results", str(tmp_path / "r.jsonl")])
    assert code == 2 and "--detector-params must be JSON" in capsys.readouterr().err


def test_ray_engine_without_ray_says_how_to_install(toy_tasks, tmp_path, capsys):
    if importlib.util.find_spec("ray") is not None:
        pytest.skip("ray is installed")
    code = main(["bench", "--datasets", toy_tasks[0], "--detectors", "random_forest",
                 "--generators", "none", "--results", str(tmp_path / "r.jsonl"),
                 "--engine", "ray", "--quiet"])
    assert code == 2 and "pip install ray" in capsys.readouterr().err


def readme_commands() -> list[list[str]]:
    """The ``pyod-synth`` command lines of README.md's bench section."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = re.search(r"<!-- section: bench -->(.*?)<!-- section:", readme, re.S).group(1)
    code = "\n".join(re.findall(r"```bash\n(.*?)```", section, re.S)).replace("\\\n", " ")
    return [shlex.split(line.split(" # ")[0]) for line in code.splitlines()
            if line.strip().startswith("pyod-synth")]


def test_readme_bench_commands_are_valid(tmp_path, monkeypatch, capsys):
    from conftest import adbench_dir

    commands = readme_commands()
    assert len(commands) >= 5
    monkeypatch.chdir(tmp_path)
    data = adbench_dir()
    for command in commands:
        if "--preset" in command and data is None:
            continue  # the paper presets need the ADBench data
        if data is not None:
            monkeypatch.setenv("PYOD_SYNTH_ADBENCH_DIR", str(data))
        args = [a for a in command[1:] if a != "--report"]
        assert main([*args, "--dry-run"]) == 0, command
        assert "runs," in capsys.readouterr().out
