"""Faults at the bench's edges (issue 12): each test reproduces one finding of the
fault-injection pass and checks the grid records it as a clear error row and goes on."""

from __future__ import annotations

import json
import re
import signal
import time

import numpy as np
import pytest
from conftest import CHEAP, write_toy_task

from pyod_synth.bench import experiment, orchestration
from pyod_synth.bench.grid import Grid
from pyod_synth.bench.results import read_rows


def toy_dataset(path) -> str:
    """A 300-row task: anomalies shifted by 3 in each of 3 features."""
    return write_toy_task(path, seed=0, n_normal=270, n_anomalies=30, n_features=3, shift=3.0)


def grid(datasets, **axes) -> Grid:
    spec = dict(datasets=datasets, detectors=["random_forest"], generators=["none"],
                la=[0.1], seeds=[1], detector_params=CHEAP)
    return Grid(**{**spec, **axes})


def test_alarm_turned_into_keyboard_interrupt_is_a_timeout():
    # CatBoost catches SIGALRM in C and raises KeyboardInterrupt: that must be a timeout...
    with pytest.raises(experiment.RunTimeout), experiment.time_limit(0.05):
        try:
            time.sleep(5)
        except experiment.RunTimeout:
            raise KeyboardInterrupt from None
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_users_ctrl_c_is_never_swallowed_by_the_time_limit():
    with pytest.raises(KeyboardInterrupt), experiment.time_limit(30):
        raise KeyboardInterrupt


def test_one_class_test_split_is_an_error_row_and_the_grid_goes_on(tmp_path):
    one_class = tmp_path / "oc.npz"
    np.savez(one_class, X=np.random.default_rng(0).random((50, 2)), y=np.zeros(50, int))
    results = tmp_path / "bench.jsonl"
    runs = grid([str(one_class), toy_dataset(tmp_path / "toy.npz")],
                generators=["none", "uniform"]).runs()
    summary = orchestration.run_bench(runs, results, jobs=1, progress=False)
    rows = read_rows(results)
    assert len(rows) == len(runs) == 4 and summary.errors == 2
    for row in rows:
        if row["dataset"].endswith("oc.npz"):
            assert row["status"] == "error" and "test split" in row["error"]
            assert "one class" in row["error"] and row["aucroc"] is None
        else:
            assert row["status"] == "ok" and 0.5 < row["aucroc"] <= 1.0
    for line in results.read_text().splitlines():
        json.loads(line)


def test_the_time_limit_counts_the_fit_not_the_imports_and_model_building(tmp_path, monkeypatch):
    built = experiment.build_model

    def slow_build(spec):  # stands in for a first `import torch`
        time.sleep(1.5)
        return built(spec)

    monkeypatch.setattr(experiment, "build_model", slow_build)
    (spec,) = grid([toy_dataset(tmp_path / "toy.npz")]).runs()
    row = experiment.execute(spec, timeout=1.0)
    assert row["status"] == "ok", row["error"]


@pytest.mark.parametrize("params, message", [
    ({"random_forst": {"n_estimators": 1}}, "unknown detector 'random_forst'.*did you mean "
                                            "'random_forest'"),
    ({"random_forest": {"n_estimatorz": 1}}, "'random_forest' takes .*n_estimators"),
])
def test_misspelt_detector_params_are_refused_before_any_run(tmp_path, capsys, params, message):
    from pyod_synth.cli import main

    results = tmp_path / "bench.jsonl"
    code = main(["bench", "--datasets", toy_dataset(tmp_path / "toy.npz"), "--detectors",
                 "random_forest", "--generators", "none", "--seeds", "1", "--dry-run",
                 "--detector-params", json.dumps(params), "--results", str(results)])
    assert code == 2
    assert re.search(message, capsys.readouterr().err)
    assert not results.exists()


def test_misspelt_generator_params_are_refused_with_the_valid_names(tmp_path):
    from pyod_synth.bench.names import validate_names

    with pytest.raises(ValueError, match="'uniform' takes .*margin"):
        validate_names(grid([toy_dataset(tmp_path / "toy.npz")], generators=["uniform"],
                            generator_params={"uniform": {"margn": 0.1}}))
    with pytest.raises(ValueError, match="unknown generator 'unifrom'"):
        validate_names(grid([toy_dataset(tmp_path / "toy.npz")], generators=["uniform"],
                            generator_params={"unifrom": {"margin": 0.1}}))


def test_a_grid_with_failures_ends_with_a_summary_and_exit_1(tmp_path, capsys):
    from pyod_synth.cli import main

    one_class = tmp_path / "oc.npz"
    np.savez(one_class, X=np.random.default_rng(0).random((50, 2)), y=np.zeros(50, int))
    results = tmp_path / "bench.jsonl"
    command = ["bench", "--datasets", str(one_class), toy_dataset(tmp_path / "toy.npz"),
               "--detectors", "random_forest", "--generators", "none", "--seeds", "1",
               "--detector-params", json.dumps(CHEAP), "--results", str(results), "--quiet"]
    assert main(command) == 1
    err = capsys.readouterr().err
    assert "1 of 2 runs failed" in err and "ValueError (1): ValueError: the test split" in err
    (failed,) = [row for row in read_rows(results) if row["status"] == "error"]
    assert failed["key"] in err and "--allow-errors" in err
    # Rerun: nothing runs, the failure is still reported; --allow-errors keeps exit 0.
    assert main(command) == 1 and "1 of 2 runs failed" in capsys.readouterr().err
    assert main([*command, "--allow-errors"]) == 0


def test_describe_failures_is_empty_when_every_run_is_ok():
    assert orchestration.describe_failures([{"status": "ok", "key": "a"}]) == ""


def test_a_complete_last_row_without_newline_is_kept_not_recomputed(tmp_path):
    results = tmp_path / "bench.jsonl"
    runs = grid([toy_dataset(tmp_path / "toy.npz")], seeds=[1, 2]).runs()
    orchestration.run_bench(runs, results, jobs=1, progress=False)
    results.write_bytes(results.read_bytes().rstrip(b"\n"))
    summary = orchestration.run_bench(runs, results, jobs=1, progress=False)
    assert summary.ran == 0 and summary.skipped == 2
    orchestration.run_bench(grid([str(tmp_path / "toy.npz")], seeds=[1, 2, 3]).runs(), results,
                            jobs=1, progress=False)
    assert len(read_rows(results)) == 3  # the appended row went on a line of its own


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes"])
def test_the_autoload_flag_is_read_case_insensitively(monkeypatch, value):
    from pyod_synth import plugins

    for off in ("FALSE", "false", "No", "off", "0", ""):
        monkeypatch.setenv(plugins.DISABLE_AUTOLOAD_ENV, off)
        assert not plugins._env_flag(plugins.DISABLE_AUTOLOAD_ENV), off
    monkeypatch.setenv(plugins.DISABLE_AUTOLOAD_ENV, value)
    assert plugins._env_flag(plugins.DISABLE_AUTOLOAD_ENV)


def test_mixture_auto_n_samples_before_fit_is_not_fitted_error():
    from sklearn.exceptions import NotFittedError

    import pyod_synth

    with pytest.raises(NotFittedError):
        pyod_synth.get_generator("mixture").auto_n_samples()


@pytest.mark.parametrize("make_results", [
    lambda tmp: tmp,                                        # --results is a folder
    lambda tmp: (tmp / "file.txt").write_text("x") and tmp / "file.txt" / "bench.jsonl",
])
def test_a_bad_results_path_is_a_clear_error_not_a_traceback(tmp_path, capsys, make_results):
    from pyod_synth.cli import main

    results = make_results(tmp_path)
    code = main(["bench", "--datasets", toy_dataset(tmp_path / "toy.npz"), "--detectors",
                 "random_forest", "--generators", "none", "--seeds", "1", "--quiet",
                 "--results", str(results)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("pyod-synth: error:") and str(tmp_path) in err
    assert "Traceback" not in err


def test_a_huge_n_synthetic_is_an_error_row_with_the_size_and_the_grid_goes_on(tmp_path):
    results = tmp_path / "bench.jsonl"
    runs = grid([toy_dataset(tmp_path / "toy.npz")], generators=["uniform"],
                n_synthetic=["1.5e9", "1.0"]).runs()
    summary = orchestration.run_bench(runs, results, jobs=1, progress=False)
    rows = {row["n_synthetic"]: row for row in read_rows(results)}
    assert summary.errors == 1 and len(rows) == 2
    assert rows["1.0"]["status"] == "ok"
    huge = rows["1500000000.0"]
    assert huge["status"] == "error" and huge["aucroc"] is None
    assert re.search(r"22\.9 TiB .*above the limit of 4\.0 GiB.*PYOD_SYNTH_MAX_SYNTHETIC_BYTES",
                     huge["error"])


def test_an_existing_npy_dataset_is_refused_up_front_by_type_not_as_not_found(tmp_path, capsys):
    from pyod_synth.cli import main

    array = tmp_path / "data.npy"
    np.save(array, np.zeros((10, 2)))
    results = tmp_path / "bench.jsonl"
    code = main(["bench", "--datasets", str(array), "--detectors", "random_forest",
                 "--generators", "none", "--seeds", "1", "--results", str(results)])
    err = capsys.readouterr().err
    assert code == 2 and not results.exists()
    assert f"{array}: a .npy file is not a dataset file" in err and "np.savez" in err
    assert "unknown dataset" not in err


def test_a_damaged_npz_is_an_error_row_naming_the_file(tmp_path):
    damaged = tmp_path / "damaged.npz"
    damaged.write_bytes(open(toy_dataset(tmp_path / "toy.npz"), "rb").read()[:300])
    results = tmp_path / "bench.jsonl"
    runs = grid([str(damaged), str(tmp_path / "toy.npz")]).runs()
    summary = orchestration.run_bench(runs, results, jobs=1, progress=False)
    rows = {row["dataset"]: row for row in read_rows(results)}
    assert summary.errors == 1 and rows[str(tmp_path / "toy.npz")]["status"] == "ok"
    error = rows[str(damaged)]["error"]
    assert f"{damaged}: not a readable .npz file" in error and "BadZipFile" in error


def test_a_column_too_large_to_scale_is_an_error_row_not_an_ok_row_with_a_zeroed_column(
        tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 3))
    X[::2, 0], X[1::2, 0] = 1.7e308, -1.7e308
    huge = tmp_path / "huge.npz"
    np.savez(huge, X=X, y=(np.arange(300) % 10 == 0).astype(int))
    results = tmp_path / "bench.jsonl"
    runs = grid([str(huge)], generators=["none", "uniform"]).runs()
    summary = orchestration.run_bench(runs, results, jobs=1, progress=False)
    assert summary.errors == len(runs) == 2
    for row in read_rows(results):
        assert row["status"] == "error" and row["aucroc"] is None
        assert re.search(r"column\(s\) \[0\].*too large for MinMaxScaler.*Rescale", row["error"])
