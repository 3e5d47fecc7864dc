"""make_model's class inside the REAL adbench RunPipeline, and its contract without adbench."""

import contextlib
import importlib.metadata
import importlib.util
import io
import sys
from pathlib import Path

import numpy as np
import pytest
from adbench_support import INSTALL_HINT, real_adbench
from conftest import adbench_dir
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score

from pyod_synth.adbench import NLA_GRID, RLA_GRID, SEEDS, AugmentedADBenchModel, make_model, split
from pyod_synth.datasets import load_dataset

DATASET = "6_cardio"
LA_VALUES = [0.0, 0.05, 1.0]


@pytest.fixture(scope="module")
def pipeline_module(tmp_path_factory):
    """adbench.run imported from a private copy, with what parallel='supervise' imports."""
    root = adbench_dir()
    if root is None:
        pytest.skip("ADBench data not found; set PYOD_SYNTH_ADBENCH_DIR")
    for module in ("lightgbm", "xgboost", "catboost", "rtdl", "delu"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"RunPipeline(parallel='supervise') imports {module}; {INSTALL_HINT}")
    with real_adbench(tmp_path_factory.mktemp("adbench"), root) as package:
        import adbench.run

        yield package, adbench.run


def _quiet_run(pipeline, **kwargs):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return pipeline.run(**kwargs)


def _site_packages_results() -> set:
    """Files in the installed package's result/ (find_spec would see the private copy)."""
    folder = Path(importlib.metadata.distribution("adbench").locate_file("adbench")) / "result"
    return set(folder.iterdir()) if folder.is_dir() else set()


@pytest.mark.slow
def test_runpipeline_scores_an_augmented_model_at_every_la(pipeline_module):
    package, run = pipeline_module
    X, y = load_dataset(DATASET, adbench_dir())
    Model = make_model(detector="random_forest", generator="uniform")
    before = _site_packages_results()

    pipeline = run.RunPipeline(suffix="pyod_synth_test", parallel="supervise")
    pipeline.seed_list = [1]  # Python ints: ADBench's NumPy seeds fail on Python >= 3.11
    pipeline.rla_list = LA_VALUES
    results = _quiet_run(pipeline, dataset={"X": X, "y": y}, clf=Model)

    assert [r[0] for r in results] == [(None, la, 1) for la in LA_VALUES]
    assert all(r[1] == "Customized" for r in results)
    for (_, la, seed), _, metrics, time_fit, _ in results:
        # A fit error would have become NaN: every la works, la = 0 (no label) included.
        assert 0.0 <= metrics["aucroc"] <= 1.0, (la, metrics)
        assert 0.0 <= metrics["aucpr"] <= 1.0, (la, metrics)
        assert time_fit is not None
        # The same data and model outside RunPipeline give the same score, bit for bit:
        # split() is ADBench's protocol and the class follows RunPipeline's contract.
        data = split(X, y, seed=seed, la=la)
        clf = Model(seed=seed, model_name="Customized").fit(X_train=data["X_train"],
                                                              y_train=data["y_train"])
        assert roc_auc_score(data["y_test"], clf.predict_score(data["X_test"])) == \
            metrics["aucroc"]
    # Labels help: on cardio the fully labeled run ranks anomalies almost perfectly.
    assert results[-1][2]["aucroc"] > 0.95

    suffix = "pyod_synth_test_type(None)_noise(None)_supervise"
    written = Path(package.__file__).parent / "result"
    assert (written / f"AUCROC_{suffix}.csv").is_file()  # in the private copy...
    assert _site_packages_results() == before  # ...never in site-packages


def test_runpipeline_grids_are_the_exported_constants(pipeline_module):
    _, run = pipeline_module
    pipeline = run.RunPipeline(suffix="grid", parallel="supervise")
    assert tuple(pipeline.rla_list) == RLA_GRID
    assert tuple(pipeline.nla_list) == NLA_GRID
    assert tuple(int(seed) for seed in pipeline.seed_list) == SEEDS


@pytest.mark.skipif(sys.version_info < (3, 11), reason="the seed bug needs Python >= 3.11")
def test_default_numpy_seeds_silently_skip_everything_on_python_311(pipeline_module):
    """Why README's recipe sets seed_list: without it, run() returns no result at all."""
    _, run = pipeline_module
    X, y = load_dataset("sk_wine")
    pipeline = run.RunPipeline(suffix="seed_bug", parallel="supervise")
    pipeline.rla_list = [1.0]
    assert _quiet_run(pipeline, dataset={"X": X, "y": y}, clf=make_model("random_forest")) == []


# ----------------------------------------------------------------------------------------
# The RunPipeline contract without adbench (a mimic of RunPipeline.model_fit)
# ----------------------------------------------------------------------------------------


def _fit_like_runpipeline(Model, data, seed):
    clf = Model(seed=np.int64(seed), model_name="Customized")  # keywords, NumPy seed
    clf = clf.fit(X_train=data["X_train"], y_train=data["y_train"])  # return value kept
    return clf, clf.predict_score(data["X_test"])


@pytest.fixture(scope="module")
def wine_splits():
    X, y = load_dataset("sk_wine")
    return {la: split(X, y, seed=1, la=la) for la in (0.0, 0.5)}


@pytest.mark.parametrize("la", [0.0, 0.5])
def test_model_follows_the_runpipeline_contract(wine_splits, la):
    data = wine_splits[la]
    assert (data["y_train"].sum() > 0) == (la > 0)  # la = 0: y_train is all zeros
    Model = make_model(RandomForestClassifier(n_estimators=30), "uniform")
    clf, score = _fit_like_runpipeline(Model, data, seed=1)
    assert isinstance(clf, Model) and isinstance(clf, AugmentedADBenchModel)
    assert score.shape == (len(data["y_test"]),) and np.isfinite(score).all()
    assert clf.model_.random_state == 1 and clf.model_.n_synthetic_ > 0
    assert roc_auc_score(data["y_test"], score) > 0.5  # better than chance even unlabeled
    _, again = _fit_like_runpipeline(Model, data, seed=1)
    _, other = _fit_like_runpipeline(Model, data, seed=2)
    assert np.array_equal(score, again) and not np.array_equal(score, other)


def test_make_model_forwards_parameters_and_keeps_classes_apart(wine_splits):
    detector = RandomForestClassifier(n_estimators=10)
    Few = make_model(detector, "uniform", n_synthetic=7, contamination=0.2)
    Default = make_model("random_forest", "uniform")
    assert Few.params == {"n_synthetic": 7, "contamination": 0.2} and Default.params == {}
    clf, _ = _fit_like_runpipeline(Few, wine_splits[0.5], seed=3)
    assert clf.model_.n_synthetic_ == 7 and clf.model_.contamination == 0.2
    assert not hasattr(detector, "estimators_")  # the user's estimator is cloned, not fitted
    assert Few.__name__ == "Augmented_RandomForestClassifier_uniform"
    assert Default.__name__ == "Augmented_random_forest_uniform"


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        (("no_such_detector",), {}, "unknown detector 'no_such_detector'.*mlp"),
        (("mlp", "no_such_generator"), {}, "unknown generator 'no_such_generator'.*uniform"),
        (("mlp",), {"random_state": 0}, "random_state is set from ADBench's seed"),
    ],
)
def test_make_model_rejects_what_runpipeline_would_hide_as_nan(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_model(*args, **kwargs)
