"""Augmented: which detectors it accepts, the PyOD contract, seeds, bad input, detection quality."""

import re
import types
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pyod.models.iforest import IForest
from pyod.models.lof import LOF
from sklearn.base import BaseEstimator
from sklearn.ensemble import IsolationForest, RandomForestClassifier
from sklearn.exceptions import NotFittedError
from sklearn.metrics import roc_auc_score
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import pyod_synth
from pyod_synth import Augmented
from pyod_synth.generators.base import BaseGenerator
from pyod_synth.plugins import pm
from pyod_synth.tags import add_anomaly_tags


def rf(**params):
    return RandomForestClassifier(n_estimators=params.pop("n_estimators", 20), **params)


def make_problem(seed=0, d=4):
    """Gaussian normals, a few labeled anomalies in one shifted cluster, and a test set whose
    anomalies are unseen: far away, in directions opposite to the labeled cluster."""
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(size=(300, d)), rng.normal(3, 0.3, size=(6, d))])
    y = np.r_[np.zeros(300), np.ones(6)].astype(int)
    directions = rng.normal(size=(40, d))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    directions *= np.where(directions.sum(axis=1, keepdims=True) > 0, -1, 1)
    X_test = np.vstack([rng.normal(size=(200, d)), directions * rng.uniform(5, 7, size=(40, 1))])
    y_test = np.r_[np.zeros(200), np.ones(40)]
    return X, y, X_test, y_test


@pytest.fixture(scope="module")
def problem():
    return make_problem()


@pytest.fixture(scope="module")
def fitted(problem):
    X, y, _, _ = problem
    return Augmented(rf(n_estimators=50), contamination=0.1, random_state=0).fit(X, y)


# --- detection quality ------------------------------------------------------------------


def test_uniform_augmentation_finds_unseen_far_anomalies_the_plain_classifier_misses(problem):
    X, y, X_test, y_test = problem
    augmented = Augmented(rf(n_estimators=50), "uniform", random_state=0).fit(X, y)
    plain = Augmented(rf(n_estimators=50), "uniform", n_synthetic=0, random_state=0).fit(X, y)
    auc_augmented = roc_auc_score(y_test, augmented.decision_function(X_test))
    auc_plain = roc_auc_score(y_test, plain.decision_function(X_test))
    assert auc_augmented >= 0.9
    assert auc_augmented - auc_plain >= 0.1


def test_n_synthetic_zero_is_exactly_the_plain_classifier(problem):
    X, y, X_test, _ = problem
    det = Augmented(rf(random_state=5), n_synthetic=0).fit(X, y)
    plain = rf(random_state=5).fit(X, y)
    np.testing.assert_array_equal(det.decision_function(X_test), plain.predict_proba(X_test)[:, 1])
    assert det.generator_ is None and det.n_synthetic_ == 0


# --- the PyOD contract --------------------------------------------------------------------


def test_fitted_attributes_come_from_the_real_rows_only(fitted, problem):
    X, y, _, _ = problem
    assert fitted.decision_scores_.shape == (len(X),)
    assert fitted.labels_.shape == (len(X),)
    # the default mixture's count: uniform's (one per training row) + NNG-Mix's (5 per label)
    assert fitted.n_synthetic_ == len(X) + 5 * int(y.sum()) and fitted.n_features_in_ == 4
    np.testing.assert_array_equal(fitted.decision_scores_, fitted.decision_function(X))
    assert abs(fitted.labels_.mean() - 0.1) <= 0.03
    assert fitted.threshold_ == pytest.approx(np.percentile(fitted.decision_scores_, 90))


def test_predict_proba_and_confidence(fitted, problem):
    _, _, X_test, _ = problem
    proba = fitted.predict_proba(X_test)
    assert proba.shape == (len(X_test), 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert ((proba >= 0) & (proba <= 1)).all()
    assert fitted.predict_proba(X_test, method="unify").shape == (len(X_test), 2)
    labels = fitted.predict(X_test)
    assert set(np.unique(labels)) <= {0, 1}
    np.testing.assert_array_equal(labels, fitted.decision_function(X_test) > fitted.threshold_)
    confidence = fitted.predict_confidence(X_test)
    assert confidence.shape == (len(X_test),) and ((confidence >= 0) & (confidence <= 1)).all()


def test_all_unlabeled_y_still_gives_two_probability_columns(problem):
    """PyOD's _set_n_classes would make this one column; Augmented sets two itself."""
    X, _, X_test, _ = problem
    for y in (None, np.zeros(len(X))):
        det = Augmented(rf(), random_state=0).fit(X, y)
        assert det.predict_proba(X_test).shape == (len(X_test), 2)


def test_list_input_at_predict_time(fitted, problem):
    _, _, X_test, _ = problem
    rows = X_test[:3].tolist()
    np.testing.assert_array_equal(fitted.predict_proba(rows), fitted.predict_proba(X_test[:3]))


@pytest.mark.slow
def test_xgbod_quirks_do_not_reach_the_user(problem):
    pytest.importorskip("xgboost")
    from pyod.models.xgbod import XGBOD

    X, y, X_test, y_test = problem
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # XGBOD's own 'silent' parameter warning
        det = Augmented(XGBOD(n_estimators=20), random_state=0).fit(X, y)
        again = Augmented(XGBOD(n_estimators=20), random_state=0).fit(X, y)
    proba = det.predict_proba(X_test)  # XGBOD's own is 1-D
    assert proba.shape == (len(X_test), 2)
    assert np.isfinite(det.threshold_)  # XGBOD never sets one
    assert det.predict_confidence(X_test).shape == (len(X_test),)
    np.testing.assert_array_equal(det.decision_scores_, again.decision_scores_)
    assert roc_auc_score(y_test, det.decision_function(X_test)) > 0.8


@pytest.mark.slow
def test_pyod_devnet_with_nothing_labeled(problem, capsys):
    pytest.importorskip("torch")
    from pyod.models.devnet import DevNet

    X, _, X_test, _ = problem
    with pytest.warns(UserWarning, match="swapped order.*registered 'devnet'"):
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*tensor.*")  # DevNet's copy warning
            det = Augmented(DevNet(epochs=2, nb_batch=2, batch_size=64), random_state=0).fit(X)
    proba = det.predict_proba(X_test)
    capsys.readouterr()  # DevNet prints its training progress
    assert proba.shape == (len(X_test), 2)
    assert det.decision_scores_.shape == (len(X),) and np.isfinite(det.decision_scores_).all()


# --- which detectors are accepted ----------------------------------------------------------


class MeanShiftScorer(BaseEstimator):
    """Uses y when given but does not require it, and is no classifier: only its tags or
    its registration tell Augmented that it learns from labels."""

    def __init__(self, shift=0.0):
        self.shift = shift

    def fit(self, X, y=None):
        self.center_ = np.asarray(X)[np.asarray(y) == 0].mean(axis=0)
        return self

    def decision_function(self, X):
        return np.linalg.norm(np.asarray(X) - self.center_, axis=1) + self.shift


class DeclaredScorer(MeanShiftScorer):
    def __sklearn_tags__(self):
        return add_anomaly_tags(super().__sklearn_tags__(), learns_from_labels=True)


class DeclaredIgnorer(RandomForestClassifier):
    def __sklearn_tags__(self):
        return add_anomaly_tags(super().__sklearn_tags__(), learns_from_labels=False)


@pytest.fixture
def registered_scorer():
    plugin = types.ModuleType("test_registered_scorer")

    @pyod_synth.hookimpl
    def register_detectors(register):
        register("mean_shift", MeanShiftScorer)

    plugin.register_detectors = register_detectors
    pm.register(plugin, name="test_registered_scorer")
    try:
        yield
    finally:
        pm.unregister(name="test_registered_scorer")


@pytest.mark.parametrize(
    "detector",
    [IForest(), LOF(), IsolationForest(), MeanShiftScorer(), DeclaredIgnorer()],
    ids=lambda d: type(d).__name__,
)
def test_detectors_that_ignore_y_are_refused_with_alternatives(problem, detector):
    X, y, _, _ = problem
    expected = r"ignores y.*learned as normal.*XGBOD.*pyod-synth detectors"
    with pytest.raises(TypeError, match=expected):
        Augmented(detector).fit(X, y)


def test_pyod_lunar_is_refused(problem):
    pytest.importorskip("torch")
    from pyod.models.lunar import LUNAR

    X, y, _, _ = problem
    with pytest.raises(TypeError, match=r"LUNAR ignores y"):
        Augmented(LUNAR()).fit(X, y)


def test_declared_label_learner_is_accepted(problem):
    X, y, X_test, _ = problem
    det = Augmented(DeclaredScorer(), random_state=0).fit(X, y)
    assert det.decision_function(X_test).shape == (len(X_test),)


def test_a_registered_name_is_judged_by_its_registration(problem, registered_scorer):
    # The plugin registered it as a label learner (the default of register_detectors)...
    X, y, _, _ = problem
    det = Augmented("mean_shift", random_state=0).fit(X, y)
    assert isinstance(det.detector_, MeanShiftScorer)
    # ...while an instance is judged by its tags: without any, by its fit signature.
    with pytest.raises(TypeError, match=r"MeanShiftScorer ignores y.*learns_from_labels=True"):
        Augmented(MeanShiftScorer(shift=1.0)).fit(X, y)
    assert Augmented(DeclaredScorer(shift=1.0), random_state=0).fit(X, y).detector_.shift == 1.0


def test_unsupervised_registered_detectors_are_refused_by_name(problem):
    X, y, _, _ = problem
    for name in pyod_synth.list_detectors(learns_from_labels=False):
        with pytest.raises(TypeError, match="ignores y"):
            Augmented(name).fit(X, y)


def test_classifier_in_a_pipeline_is_accepted(problem):
    X, y, _, _ = problem
    pipe = make_pipeline(StandardScaler(), rf())
    det = Augmented(pipe, random_state=0).fit(X, y)
    # the nested random_state was seeded, the user's pipeline left untouched
    assert det.detector_.steps[-1][1].random_state is not None
    assert pipe.steps[-1][1].random_state is None and not hasattr(pipe, "classes_")


def test_detector_by_registered_name(problem):
    X, y, _, _ = problem
    det = Augmented("random_forest", random_state=0).fit(X, y)
    assert isinstance(det.detector_, RandomForestClassifier)


def test_unknown_detector_name_lists_registered_ones(problem):
    X, y, _, _ = problem
    with pytest.raises(ValueError, match=r"unknown detector 'nope'.*random_forest"):
        Augmented("nope").fit(X, y)


@pytest.mark.parametrize(
    ("detector", "error", "match"),
    [
        (RandomForestClassifier, TypeError, r"not the class RandomForestClassifier"),
        (42, TypeError, r"object with fit\(X, y\)"),
    ],
)
def test_bad_detector_objects(problem, detector, error, match):
    X, y, _, _ = problem
    with pytest.raises(error, match=match):
        Augmented(detector).fit(X, y)


def test_user_objects_are_never_fitted_in_place(problem):
    X, y, _, _ = problem
    clf, gen = rf(), pyod_synth.get_generator("uniform")
    det = Augmented(clf, gen, random_state=0).fit(X, y)
    assert not hasattr(clf, "classes_") and not hasattr(gen, "low_")
    assert clf.random_state is None  # the seed went to the clone only
    assert det.detector_ is not clf and det.generator_ is not gen


# --- random_state ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make_detector",
    [lambda: rf(n_estimators=10), lambda: MLPClassifier(hidden_layer_sizes=(8,), max_iter=30)],
    ids=["random_forest", "mlp"],
)
def test_same_random_state_same_scores(problem, make_detector):
    X, y, X_test, _ = problem
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # MLP's ConvergenceWarning at 30 iterations
        runs = [Augmented(make_detector(), random_state=s).fit(X, y) for s in (1, 1, 2)]
    first, same, other = (run.decision_function(X_test) for run in runs)
    np.testing.assert_array_equal(first, same)
    np.testing.assert_array_equal(runs[0].decision_scores_, runs[1].decision_scores_)
    assert not np.array_equal(first, other)


def test_user_set_detector_seed_is_kept(problem):
    X, y, _, _ = problem
    assert Augmented(rf(random_state=11), random_state=0).fit(X, y).detector_.random_state == 11
    assert Augmented(rf(), random_state=None).fit(X, y).detector_.random_state is None


def test_global_numpy_rng_untouched(problem):
    X, y, X_test, _ = problem
    before = np.random.get_state()
    det = Augmented(rf(), random_state=0).fit(X, y)
    det.predict_proba(X_test)
    after = np.random.get_state()
    assert before[0] == after[0] and np.array_equal(before[1], after[1]) and before[2:] == after[2:]


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize("contamination", [0, 0.0, 0.6, -0.1, "a", True, None])
def test_contamination_is_validated_in_fit_not_init(problem, contamination):
    X, y, _, _ = problem
    det = Augmented(rf(), contamination=contamination)  # storing never raises
    assert det.contamination is contamination
    with pytest.raises(ValueError, match=r"contamination must be a float in \(0, 0.5\]"):
        det.fit(X, y)


def test_wrong_number_of_features_at_predict_time(fitted):
    with pytest.raises(ValueError, match=r"X has 3 features, but Augmented is expecting 4"):
        fitted.decision_function(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"X has 3 features"):
        fitted.predict(np.zeros((2, 3)))


@pytest.mark.parametrize(
    ("X", "match"),
    [([[np.nan] * 4], "NaN"), ([[np.inf] * 4], "infinity"), ([0.0, 1.0, 2.0, 3.0], "reshape")],
)
def test_bad_test_data(fitted, X, match):
    with pytest.raises(ValueError, match=match):
        fitted.decision_function(X)


def test_not_fitted():
    with pytest.raises(NotFittedError):
        Augmented(rf()).decision_function(np.zeros((2, 2)))


@pytest.mark.parametrize(
    ("y", "match"),
    [
        ([0, 1], "y has 2 labels but X has 306 rows"),
        (np.full(306, 2), "only contain 0 .* and 1"),
        (np.full(306, -1), "only contain 0 .* and 1"),
    ],
)
def test_bad_labels(problem, y, match):
    X, _, _, _ = problem
    with pytest.raises(ValueError, match=match):
        Augmented(rf()).fit(X, y)


@pytest.mark.parametrize(
    ("X", "match"),
    [(np.empty((0, 4)), "0 sample"), ([[1.0, np.nan]], "NaN"), ([1.0, 2.0], "reshape")],
)
def test_bad_training_data(X, match):
    with pytest.raises(ValueError, match=match):
        Augmented(rf()).fit(X)


def test_one_class_training_set_is_refused(problem):
    X, _, _, _ = problem
    with pytest.raises(ValueError, match=r"one class only.*n_synthetic > 0"):
        Augmented(rf(), n_synthetic=0).fit(X)
    with pytest.raises(ValueError, match=r"one class only"):
        Augmented(rf()).fit(X, np.ones(len(X)))


def test_detectors_that_need_no_anomalies_train_on_unlabeled_rows(problem):
    # DeepSAD without labels is Deep SVDD; LUNAR draws its own negatives. Both declare
    # requires_anomalies = False, so the one-class refusal is for classifiers only.
    X, y, X_test, y_test = problem
    deepsad = pyod_synth.get_detector("deepsad", pretrain_epochs=5, epochs=5)
    lunar = pyod_synth.get_detector("lunar", n_epochs=20)
    for detector in (deepsad, lunar):
        model = Augmented(detector, n_synthetic=0, random_state=0).fit(X)
        assert model.n_synthetic_ == 0
        assert roc_auc_score(y_test, model.decision_function(X_test)) > 0.7
    # LUNAR with proportion=0 has no negatives at all: its own error, not the classifier's.
    no_negatives = pyod_synth.get_detector("lunar", proportion=0)
    with pytest.raises(ValueError, match="LUNAR has no negatives to train on"):
        Augmented(no_negatives, n_synthetic=0).fit(X)


class NeedsAnomalies(BaseGenerator):
    requires_anomalies = True

    def _fit(self, X, is_anomaly):
        self.anomalies_ = X[is_anomaly]

    def _sample(self, n_samples, rng):
        return self.anomalies_[rng.integers(0, len(self.anomalies_), size=n_samples)]


def test_generator_needing_anomalies_without_labels_names_one_that_works(problem):
    X, _, _, _ = problem
    with pytest.raises(ValueError, match=r"needs at least one labeled anomaly.*'uniform'"):
        Augmented(rf(), NeedsAnomalies()).fit(X)


def test_single_labeled_anomaly_works(problem):
    X, _, _, _ = problem
    y = np.zeros(len(X))
    y[-1] = 1
    det = Augmented(rf(), NeedsAnomalies(), n_synthetic="5x", random_state=0).fit(X, y)
    assert det.n_synthetic_ == 5
    assert det.decision_function(X[-1:])[0] == det.decision_scores_.max()


def test_unknown_generator_name(problem):
    X, y, _, _ = problem
    with pytest.raises(ValueError, match=r"unknown generator 'nope'.*uniform"):
        Augmented(rf(), "nope").fit(X, y)


def test_invalid_n_synthetic_lists_valid_forms(problem):
    X, y, _, _ = problem
    with pytest.raises(ValueError, match=r'n_synthetic must be "auto".*"<m>x"'):
        Augmented(rf(), n_synthetic="lots").fit(X, y)


def test_constant_features_and_tiny_data():
    X = np.c_[np.arange(5.0), np.zeros(5)]
    det = Augmented(rf(), random_state=0).fit(X, [0, 0, 0, 0, 1])
    assert det.decision_scores_.shape == (5,)
    assert det.predict_proba([[2.0, 0.0]]).shape == (1, 2)
    one = Augmented(rf(), random_state=0).fit([[1.0, 2.0]])
    assert one.decision_scores_.shape == (1,)


def test_dataframe_feature_names_are_checked(problem):
    pd = pytest.importorskip("pandas")
    X, y, _, _ = problem
    frame = pd.DataFrame(X, columns=list("abcd"))
    det = Augmented(rf(), random_state=0).fit(frame, y)
    assert list(det.feature_names_in_) == list("abcd")
    with pytest.raises(ValueError, match="feature names"):
        det.decision_function(frame.rename(columns={"a": "z"}))
    with warnings.catch_warnings():  # the frame keeps its names all the way down
        warnings.simplefilter("error")
        assert det.predict_proba(frame).shape == (len(frame), 2)


def test_the_readme_examples_run():
    pytest.importorskip("imblearn")
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = re.search(r"<!-- section: detectors -->(.*?)<!-- section:", readme, re.S).group(1)
    code = "\n".join(re.findall(r"```python\n(.*?)```", section, re.S))
    namespace = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["scores"].shape == (5,) and set(namespace["labels"]) <= {0, 1}
    assert namespace["X_aug"].shape == (306 + 153, 4)
    assert namespace["search"].best_score_ > 0.9
    assert namespace["proba"].shape == (306,)
    blend = namespace["blend"]
    assert blend.weights_.sum() == pytest.approx(1.0) and blend.validation_auc_ is not None
    assert np.all(namespace["blend_scores"] > np.median(blend.decision_scores_))


def test_catboost_is_seeded_by_random_state():
    # CatBoost's get_params omits parameters never given, random_state included: it was
    # left unseeded, so random_state changed nothing.
    pytest.importorskip("catboost")
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(200, 3)), rng.normal(3, 1, size=(8, 3))])
    y = np.r_[np.zeros(200), np.ones(8)]

    def scores(seed):
        det = Augmented("catboost", n_synthetic=0, random_state=seed)  # no draw: only CatBoost
        det.set_params(detector__iterations=30, detector__rsm=0.5)
        return det.fit(X, y).decision_scores_

    assert np.array_equal(scores(0), scores(0))
    assert not np.array_equal(scores(0), scores(1))


def test_a_scaling_pipeline_is_judged_and_scored_by_its_last_step():
    # Neural detectors need scaled inputs; a Pipeline is how a user adds the scaling. Before
    # pipelines were read through their last step, Augmented refused this one ("Pipeline
    # ignores y") and would have scored a PyOD last step with its clipped predict_proba.
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import MinMaxScaler

    from pyod_synth.detector_adapter import computes_in_float32
    from pyod_synth.detectors.lau import LauClassifier
    from pyod_synth.tags import get_anomaly_tags

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"bytes": rng.lognormal(8, 1, 300) * 1e3,
                       "proto": pd.Categorical(rng.choice(["tcp", "udp"], 300))})
    y = np.zeros(300, dtype=int)
    lau = LauClassifier(hidden_sizes=(16,), epochs=5, random_state=0)
    pipe = make_pipeline(MinMaxScaler(), lau)
    assert get_anomaly_tags(pipe) == get_anomaly_tags(lau)
    assert computes_in_float32(pipe)
    det = Augmented(pipe, "uniform", n_synthetic=1.0, random_state=0).fit(df, y)
    scores = det.decision_function(df)
    encoded = det.detector_[:-1].transform(det.feature_encoder_.transform(df))
    np.testing.assert_allclose(scores, det.detector_[-1].decision_function(encoded))
    assert scores.shape == (300,) and np.isfinite(scores).all()


def test_errors_about_a_pipeline_name_its_last_step():
    from sklearn.ensemble import IsolationForest
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    with pytest.raises(TypeError, match=r"^IsolationForest \(the last step of a Pipeline\) "
                                        "ignores y"):
        Augmented(make_pipeline(StandardScaler(), IsolationForest()), "uniform").fit(
            np.zeros((20, 2)), np.r_[np.zeros(18), np.ones(2)])
