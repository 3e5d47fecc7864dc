"""The user's path: fit -> score on a table of one's own, sample and plot a generator."""

import json
import os
import re
import struct
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO

from pyod_synth.cli import main

pd = pytest.importorskip("pandas")
pytest.importorskip("skops")

N_ROWS, N_ANOMALIES = 240, 12


def _frame(seed=0, categorical=False):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(N_ROWS, 3))
    X[:N_ANOMALIES] += 6.0  # far from the normal rows: a detector must rank them first
    frame = pd.DataFrame(X, columns=["a", "b", "c"])
    if categorical:
        frame["color"] = rng.choice(["red", "green", "blue"], size=N_ROWS)
    frame.insert(0, "row_id", np.arange(N_ROWS) + 1000)
    frame["label"] = (np.arange(N_ROWS) < N_ANOMALIES).astype(int)
    return frame


def _write(frame, path):
    if path.suffix == ".parquet":
        pytest.importorskip("pyarrow")
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False)
    return path


FIT = ["--detector", "random_forest", "--generator", "uniform", "--label-column", "label",
       "--id-column", "row_id", "--params", '{"n_estimators": 30}', "--random-state", "0"]


def _round_trip(tmp_path, suffix, categorical=False):
    train = _write(_frame(0, categorical), tmp_path / f"train{suffix}")
    new = _frame(1, categorical).drop(columns="label").sample(frac=1.0, random_state=0)
    new_path = _write(new, tmp_path / f"new{suffix}")
    model, scores = tmp_path / "model.skops", tmp_path / "scores.csv"
    assert main(["fit", str(train), *FIT, "--out", str(model)]) == 0
    assert main(["score", str(model), str(new_path), "--out", str(scores)]) == 0
    return new, pd.read_csv(scores)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_fit_then_score_gives_one_row_per_input_row(tmp_path, suffix):
    new, scores = _round_trip(tmp_path, suffix)
    assert list(scores.columns) == ["row_id", "score", "label", "probability"]
    assert scores["row_id"].tolist() == new["row_id"].tolist()  # input order, ids kept
    assert set(scores["label"]) <= {0, 1} and scores["probability"].between(0, 1).all()
    is_planted = scores["row_id"] < 1000 + N_ANOMALIES
    assert scores.loc[is_planted, "score"].min() > scores.loc[~is_planted, "score"].median()
    # The saved model scores exactly as the same model fitted in memory.
    from pyod_synth import Augmented

    train = _frame(0)
    twin = Augmented("random_forest", "uniform", random_state=0)
    twin.set_params(detector__n_estimators=30)
    twin.fit(train[["a", "b", "c"]], train["label"].to_numpy())
    np.testing.assert_allclose(scores["score"], twin.decision_function(new[["a", "b", "c"]]))
    assert (scores["label"] == twin.predict(new[["a", "b", "c"]])).all()


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_fit_then_score_with_a_categorical_column(tmp_path, suffix):
    new, scores = _round_trip(tmp_path, suffix, categorical=True)
    assert len(scores) == len(new) and scores["row_id"].tolist() == new["row_id"].tolist()
    assert scores["probability"].between(0, 1).all()


def test_the_model_file_holds_versions_and_columns(tmp_path):
    from pyod_synth.model_io import library_versions, load_model

    train = _write(_frame(0), tmp_path / "train.csv")
    main(["fit", str(train), *FIT, "--out", str(tmp_path / "m.skops")])
    model, meta = load_model(tmp_path / "m.skops")
    assert meta["versions"] == library_versions()
    assert set(meta["versions"]) == {"pyod_synth", "sklearn", "pyod", "numpy", "python"}
    assert meta["schema"]["columns"] == ["a", "b", "c"]
    assert meta["schema"]["dtypes"] == ["float64"] * 3
    assert meta["id_column"] == "row_id" and meta["label_column"] == "label"
    assert model.n_features_in_ == 3


def test_scoring_wrong_columns_names_each_problem(tmp_path, capsys):
    train = _write(_frame(0), tmp_path / "train.csv")
    main(["fit", str(train), *FIT, "--out", str(tmp_path / "m.skops")])
    bad = _frame(1).drop(columns=["label", "c"]).assign(d=1.0, b="text")
    _write(bad, tmp_path / "bad.csv")
    out = tmp_path / "scores.csv"
    assert main(["score", str(tmp_path / "m.skops"), str(tmp_path / "bad.csv"),
                 "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "missing columns ['c']" in err and "extra columns ['d']" in err
    assert "'b' is categorical but was numeric" in err
    assert not out.exists()  # nothing half-written


def test_loading_a_model_from_another_version_warns(tmp_path, monkeypatch):
    from pyod_synth import model_io

    real = model_io.library_versions()
    monkeypatch.setattr(model_io, "library_versions", lambda: {**real, "pyod_synth": "0.0.1"})
    model_io.save_model(np.arange(3), tmp_path / "old.skops")
    monkeypatch.undo()
    with pytest.warns(model_io.ModelVersionWarning, match=r"pyod_synth 0\.0\.1 \(now"):
        model_io.load_model(tmp_path / "old.skops")
    model_io.save_model(np.arange(3), tmp_path / "new.skops")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model_io.load_model(tmp_path / "new.skops")


class Untrusted:
    """A type outside the trusted packages: skops will not rebuild it unasked."""

    def __init__(self, value=1):
        self.value = value


def test_a_model_skops_cannot_take_falls_back_to_joblib_loudly(tmp_path):
    from pyod_synth.model_io import UnsafeModelFormatWarning, load_model, save_model

    with pytest.warns(UnsafeModelFormatWarning, match="allow_pickle=True"):
        assert save_model(Untrusted(7), tmp_path / "m.bin") == "joblib"
    model, _ = load_model(tmp_path / "m.bin", allow_pickle=True)
    assert model.value == 7


class _Tripwire:
    """Unpickling it creates the file ``path``: proof that code from the file ran."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (Path.touch, (Path(self.path),))


def test_a_joblib_model_is_refused_unless_pickle_is_allowed_and_runs_nothing(tmp_path):
    import joblib

    from pyod_synth.model_io import UnsafeModelFormatError, load_model

    ran = tmp_path / "code_ran"
    path = tmp_path / "m.bin"
    joblib.dump({"model": _Tripwire(ran), "metadata": {}}, path)
    with pytest.raises(UnsafeModelFormatError, match="allow_pickle=True") as info:
        load_model(path)
    assert str(path) in str(info.value) and "--allow-pickle" in str(info.value)
    assert not ran.exists()
    load_model(path, allow_pickle=True)
    assert ran.exists()


def test_score_loads_a_joblib_model_only_with_allow_pickle(tmp_path, capsys, monkeypatch):
    from pyod_synth import model_io

    # As for a torch detector: skops cannot hold the model, so fit saves it with joblib.
    monkeypatch.setattr(model_io, "_skops_bytes", lambda payload: None)
    train = _write(_frame(0), tmp_path / "train.csv")
    model = tmp_path / "m.joblib"
    with pytest.warns(model_io.UnsafeModelFormatWarning):
        assert main(["fit", str(train), *FIT, "--out", str(model)]) == 0
    out = tmp_path / "scores.csv"
    assert main(["score", str(model), str(train), "--out", str(out)]) == 2
    assert "--allow-pickle" in capsys.readouterr().err and not out.exists()
    assert main(["score", str(model), str(train), "--out", str(out), "--allow-pickle"]) == 0
    assert out.exists()


def test_a_skops_file_with_an_untrusted_type_is_refused_unless_trusted(tmp_path):
    import skops.io as sio

    from pyod_synth.model_io import load_model

    path = tmp_path / "m.skops"
    sio.dump({"model": Untrusted(3), "metadata": {}}, path)
    name = f"{Untrusted.__module__}.Untrusted"
    with pytest.raises(ValueError, match="trusted=") as info:
        load_model(path)
    assert name in str(info.value)
    assert load_model(path, trusted=[name])[0].value == 3


def test_sample_writes_n_rows_with_the_input_columns(tmp_path):
    train = _write(_frame(0), tmp_path / "train.csv")
    out = tmp_path / "synthetic.csv"
    assert main(["sample", "uniform", str(train), "--label-column", "label", "--id-column",
                 "row_id", "-n", "17", "--random-state", "0", "--out", str(out)]) == 0
    rows = pd.read_csv(out)
    assert list(rows.columns) == list(_frame(0).columns) and len(rows) == 17
    assert (rows["label"] == 1).all() and rows["row_id"].isna().all()  # no real row's id
    features = rows[["a", "b", "c"]].to_numpy()
    assert np.isfinite(features).all() and not rows.duplicated().any()


def test_sample_keeps_an_npz_float32_table_float32(tmp_path):
    X = np.random.default_rng(0).normal(size=(80, 4)).astype(np.float32)
    np.savez(tmp_path / "train.npz", X=X, y=np.zeros(80, int))
    assert main(["sample", "uniform", str(tmp_path / "train.npz"), "-n", "9",
                 "--out", str(tmp_path / "s.npz")]) == 0
    with np.load(tmp_path / "s.npz") as data:
        assert data["X"].shape == (9, 4) and data["X"].dtype == np.float32


def _png_size(path):
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])  # IHDR width, height


def test_plot_writes_a_png_of_the_three_series(tmp_path):
    train = _write(_frame(0), tmp_path / "train.csv")
    out = tmp_path / "fig.png"
    assert main(["plot", "uniform", str(train), "--label-column", "label", "--id-column",
                 "row_id", "-n", "50", "--random-state", "0", "--out", str(out)]) == 0
    assert _png_size(out) == (1200, 500)  # figsize (12, 5) at 100 dpi
    from pyod_synth.plotting import plot_generator

    frame = _frame(0)
    fig = plot_generator("uniform", frame.drop(columns=["label", "row_id"]), frame["label"],
                         n_samples=50, n_features=3, random_state=0)
    scatter = fig.axes[0].collections
    assert [len(c.get_offsets()) for c in scatter] == [N_ROWS - N_ANOMALIES, N_ANOMALIES, 50]
    assert [c.get_label().split(" (")[0] for c in scatter] == [
        "real normal", "labeled anomalies", "synthetic"]
    histograms = fig.axes[1:]
    assert [ax.get_title() for ax in histograms] == ["a", "b", "c"]
    # Two density histograms per feature: real and synthetic, 30 bars each.
    assert all(len(ax.patches) == 60 for ax in histograms)


@pytest.mark.parametrize("projection", ["pca", "tsne"])
def test_plot_projections_place_every_row(projection):
    from pyod_synth.plotting import plot_projection

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(60, 4)), (np.arange(60) < 5).astype(int)
    fig = plot_projection(X, y, rng.uniform(-3, 3, size=(20, 4)), projection=projection,
                          random_state=0)
    points = [c.get_offsets() for c in fig.axes[0].collections]
    assert [len(p) for p in points] == [55, 5, 20]
    assert all(np.isfinite(p).all() for p in points)


def test_plot_refuses_an_unknown_projection():
    from pyod_synth.plotting import plot_projection

    with pytest.raises(ValueError, match="projection must be one of"):
        plot_projection(np.eye(3), None, np.eye(3), projection="mds")


def test_building_the_parser_loads_no_plotting_or_model_format():
    code = ("import json, sys; from pyod_synth.cli import build_parser; build_parser(); "
            "print(json.dumps([m for m in ('matplotlib', 'skops') if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=300)
    assert json.loads(out.stdout) == []


def test_python_dash_m_runs_the_command():
    out = subprocess.run([sys.executable, "-m", "pyod_synth", "generators", "--json"],
                         capture_output=True, text=True, check=True, timeout=300, cwd=REPO)
    names = [row["name"] for row in json.loads(out.stdout)]
    assert "uniform" in names and "mixture" in names
    bad = subprocess.run([sys.executable, "-m", "pyod_synth", "score", "nowhere.skops",
                          "x.csv", "--out", "s.csv"], capture_output=True, text=True,
                         timeout=300, cwd=REPO)
    assert bad.returncode == 2 and "No such model file: nowhere.skops" in bad.stderr


@pytest.mark.slow
def test_the_readme_commands_run_on_a_csv(tmp_path):
    readme = (REPO / "README.md").read_text()
    section = readme.split("<!-- section: your-data -->", 1)[1].split("<!-- section:", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    _frame(0).rename(columns={"row_id": "id"}).to_csv(tmp_path / "train.csv", index=False)
    new = _frame(1).rename(columns={"row_id": "id"}).drop(columns="label")
    new.to_csv(tmp_path / "new.csv", index=False)
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # this tree's code, not an installed one
    subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=tmp_path, env=env,
                   check=True, timeout=900, capture_output=True)
    synthetic = pd.read_csv(tmp_path / "synthetic.csv")
    assert list(synthetic.columns) == ["id", "a", "b", "c", "label"] and len(synthetic) == 200
    assert _png_size(tmp_path / "mixture.png") == (1200, 500)
    scores = pd.read_csv(tmp_path / "scores.csv")
    assert scores["id"].tolist() == new["id"].tolist()
    assert scores.loc[scores["id"] < 1000 + N_ANOMALIES, "label"].mean() == 1.0
