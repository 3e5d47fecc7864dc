"""The detector registry, its lazy factories, and the scikit-learn-API / XGBOD detectors."""

import json
import subprocess
import sys
import warnings

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

import pyod_synth
from pyod_synth.cli import main
from pyod_synth.default_plugins.detectors import BUILTIN_DETECTORS
from pyod_synth.detectors.factories import LazyFactory, dependency_available
from pyod_synth.registry import detector_registrations
from pyod_synth.tags import AnomalyTags, get_anomaly_tags

# Every registered detector that learns from labels (built-ins and installed plugins).
LABEL_LEARNERS = pyod_synth.list_detectors()


def optional_dependency(name):
    """(module, extra) a registered detector declares it needs, or None."""
    factory = detector_registrations()[name].factory
    requires = getattr(factory, "requires", None)
    return None if requires is None else (requires, getattr(factory, "extra", None) or requires)


OPTIONAL = {
    name: dependency
    for name in pyod_synth.list_detectors(learns_from_labels=None)
    if (dependency := optional_dependency(name)) is not None
}

SKLEARN_API = ["mlp", "random_forest", "logistic_regression", "xgboost", "lightgbm", "catboost"]


def skip_without(name):
    module, _ = OPTIONAL.get(name, (None, None))
    if module is not None and not dependency_available(module):
        pytest.skip(f"{module} not installed")


# --- registry --------------------------------------------------------------------------


def test_every_builtin_detector_is_registered_as_a_label_learner():
    registrations = detector_registrations()
    for name in BUILTIN_DETECTORS:
        assert registrations[name].plugin == "pyod_synth.default_plugins.detectors"
        assert registrations[name].learns_from_labels and name in LABEL_LEARNERS


def test_the_builtins_declare_their_optional_dependencies():
    # What the extras in pyproject.toml install; a detector that forgot its dependency
    # would fail with a bare ModuleNotFoundError instead of naming the extra.
    expected = {"xgbod": "xgboost", "xgboost": "xgboost", "lightgbm": "lightgbm",
                "catboost": "catboost", "default": "catboost", "devnet": "torch",
                "lau": "torch", "deepsad": "torch", "lunar": "torch"}
    assert {name: OPTIONAL[name] for name in expected} == {
        name: (extra, extra) for name, extra in expected.items()}
    assert {"mlp", "random_forest", "logistic_regression"}.isdisjoint(OPTIONAL)


@pytest.mark.parametrize("name", LABEL_LEARNERS)
def test_factory_builds_a_new_unfitted_detector(name):
    skip_without(name)
    first, second = pyod_synth.get_detector(name), pyod_synth.get_detector(name)
    assert first is not second
    assert hasattr(first, "fit") and hasattr(first, "get_params")
    assert not hasattr(first, "decision_scores_")


@pytest.mark.parametrize("name", LABEL_LEARNERS)
def test_caller_parameters_reach_the_detector(name):
    skip_without(name)
    detector = pyod_synth.get_detector(name, random_state=7)
    assert detector.get_params()["random_state"] == 7


def test_registered_defaults_follow_adbench_and_keep_the_cwd_clean():
    skip_without("catboost")
    skip_without("lightgbm")
    catboost = pyod_synth.get_detector("catboost").get_params()
    assert catboost["verbose"] == 0 and catboost["allow_writing_files"] is False
    assert pyod_synth.get_detector("lightgbm").get_params()["verbose"] == -1
    assert pyod_synth.get_detector("lightgbm", verbose=1).get_params()["verbose"] == 1
    assert pyod_synth.get_detector("deepsad").get_params()["lr"] == 1e-4


@pytest.mark.parametrize("name", sorted(OPTIONAL))
def test_missing_extra_raises_import_error_naming_it(name, monkeypatch):
    module, extra = OPTIONAL[name]
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(ImportError, match=rf'pip install "pyod-synth\[{extra}\]"'):
        pyod_synth.get_detector(name)


def test_listing_survives_a_missing_extra(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "catboost", None)
    monkeypatch.setitem(sys.modules, "torch", None)
    assert main(["detectors", "--json"]) == 0
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert "pyod-synth[catboost]" in rows["catboost"]["error"]
    assert "pyod-synth[torch]" in rows["lau"]["error"]
    assert rows["random_forest"]["params"]["n_estimators"] == 100


def test_listing_detectors_does_not_import_torch():
    code = (
        "import sys, io, contextlib\n"
        "from pyod_synth.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['detectors']) == 0\n"
        "print('torch' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_lazy_factory_merges_defaults_and_never_imports_a_missing_dependency(monkeypatch):
    factory = LazyFactory(
        "sklearn.ensemble", "RandomForestClassifier", defaults={"n_estimators": 5}
    )
    assert factory().n_estimators == 5
    assert factory(n_estimators=9).n_estimators == 9
    blocked = LazyFactory("sklearn.ensemble", "RandomForestClassifier", "not_a_pkg_xyz", "nope")
    with pytest.raises(ImportError, match=r"pyod-synth\[nope\]") as info:
        blocked()
    assert info.value.name == "not_a_pkg_xyz"


# --- scikit-learn-API classifiers --------------------------------------------------------


@pytest.mark.parametrize("name", SKLEARN_API)
def test_supervised_classifier_ranks_anomalies_first(name, tmp_path, monkeypatch, easy_problem):
    skip_without(name)
    monkeypatch.chdir(tmp_path)  # CatBoost must not write catboost_info/ here
    X, y, X_test, y_test = easy_problem
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # MLP/LR convergence chatter on tiny data
        model = pyod_synth.get_detector(name, random_state=0).fit(X, y)
    scores = model.predict_proba(X_test)[:, 1]
    assert np.isfinite(scores).all()
    assert roc_auc_score(y_test, scores) > 0.9
    assert list(tmp_path.iterdir()) == []


# --- XGBOD -------------------------------------------------------------------------------


@pytest.fixture
def xgbod():
    skip_without("xgbod")
    return pyod_synth.get_detector("xgbod", n_estimators=20)


def test_xgbod_has_the_pyod_contract_and_ranks_anomalies_first(xgbod, easy_problem):
    X, y, X_test, y_test = easy_problem
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "silent" / "y should not be presented" noise
        xgbod.fit(X, y)
    assert get_anomaly_tags(xgbod) == AnomalyTags(learns_from_labels=True, requires_anomalies=True)
    assert xgbod.threshold_ == 0.5
    np.testing.assert_array_equal(xgbod.labels_, (xgbod.decision_scores_ > 0.5).astype(int))
    scores = xgbod.decision_function(X_test)
    assert roc_auc_score(y_test, scores) > 0.9
    proba = xgbod.predict_proba(X_test)
    assert proba.shape == (len(X_test), 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(xgbod.predict(X_test), (scores > 0.5).astype(int))


def test_xgbod_rejects_bad_input_clearly(xgbod, easy_problem):
    X, y, _, _ = easy_problem
    X_nan = X.copy()
    X_nan[3, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        xgbod.fit(X_nan, y)
    with pytest.raises(ValueError, match="no row labeled 1"):
        xgbod.fit(X, np.zeros_like(y))
    with pytest.raises(ValueError, match="only contain 0"):
        xgbod.fit(X, y * 2)
    xgbod.fit(X, y)
    with pytest.raises(ValueError, match="3 features, but XGBOD was fitted with 4"):
        xgbod.decision_function(X[:, :3])
