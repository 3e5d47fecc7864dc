"""scikit-learn compatibility of Augmented, ScoreBlend and SyntheticAnomalySampler: params,
clone, search, pickle, and scikit-learn's own estimator checks."""

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.utils.estimator_checks import parametrize_with_checks

from pyod_synth import Augmented, ScoreBlend, SyntheticAnomalySampler
from pyod_synth.generators.uniform import UniformGenerator

# scikit-learn's checks that Augmented fails by design; every other check must pass.
_LABELS_ONE_TWO = (
    "feeds binary labels {1, 2}; pyod-synth's y is 0 = unlabeled, 1 = labeled anomaly, and "
    "other values are refused rather than guessing which one means 'anomaly'"
)
_SHARED_EXPECTED_FAILURES = {
    "check_estimators_dtypes": _LABELS_ONE_TWO,
    "check_fit2d_1feature": _LABELS_ONE_TWO,
}
AUGMENTED_EXPECTED_FAILURES = {
    **_SHARED_EXPECTED_FAILURES,
    "check_classifier_data_not_an_array": _LABELS_ONE_TWO,
    "check_outliers_fit_predict": (
        "PyOD convention: predict returns 0 (inlier) / 1 (outlier), scikit-learn expects "
        "+1 / -1"
    ),
    "check_outliers_train": (
        "PyOD convention: 0/1 predictions and higher decision_function = more anomalous, "
        "scikit-learn expects +1/-1 and negative scores for outliers"
    ),
}
SAMPLER_EXPECTED_FAILURES = dict(_SHARED_EXPECTED_FAILURES)


def _expected_failed_checks(estimator):
    if isinstance(estimator, (Augmented, ScoreBlend)):  # PyOD detectors, same conventions
        return AUGMENTED_EXPECTED_FAILURES
    return SAMPLER_EXPECTED_FAILURES


@parametrize_with_checks(
    [
        Augmented(RandomForestClassifier(n_estimators=5), random_state=0),
        ScoreBlend(
            [{"detector": RandomForestClassifier(n_estimators=5), "generator": "uniform"},
             "iforest"],
            random_state=0,
        ),
        SyntheticAnomalySampler(random_state=0),
    ],
    expected_failed_checks=_expected_failed_checks,
    xfail_strict=True,  # an expected failure that starts passing must be removed from the list
)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def make_data(seed=0, n=120, n_anomalies=12):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(size=(n - n_anomalies, 3)), rng.normal(4, 1, size=(n_anomalies, 3))])
    return X, np.r_[np.zeros(n - n_anomalies), np.ones(n_anomalies)].astype(int)


def nested():
    return Augmented(
        RandomForestClassifier(n_estimators=5),
        UniformGenerator(margin=0.1),
        n_synthetic="2x",
        contamination=0.2,
        random_state=3,
    )


def test_get_params_round_trips_the_constructor_arguments():
    det = nested()
    params = det.get_params(deep=False)
    assert set(params) == {
        "detector", "generator", "n_synthetic", "contamination", "random_state", "feature_types"
    }
    assert params["n_synthetic"] == "2x" and params["contamination"] == 0.2
    assert params["random_state"] == 3 and params["generator"].margin == 0.1
    assert SyntheticAnomalySampler(n_synthetic=0.5).get_params() == {
        "generator": "mixture", "n_synthetic": 0.5, "random_state": None, "feature_types": None
    }


def test_nested_params_for_object_detector_and_generator():
    det = nested()
    deep = det.get_params(deep=True)
    assert deep["detector__n_estimators"] == 5 and deep["generator__margin"] == 0.1
    det.set_params(detector__n_estimators=7, generator__margin=0.3, n_synthetic=10)
    assert det.detector.n_estimators == 7 and det.generator.margin == 0.3
    sampler = SyntheticAnomalySampler(UniformGenerator()).set_params(generator__margin=0.2)
    assert sampler.generator.margin == 0.2


def test_string_detector_and_generator_have_no_nested_params():
    deep = Augmented("random_forest").get_params(deep=True)
    assert not any("__" in key for key in deep)


def test_clone_copies_params_and_drops_fitted_state():
    X, y = make_data()
    det = nested().fit(X, y)
    copy = clone(det)
    assert copy.get_params(deep=False)["n_synthetic"] == "2x"
    assert copy.detector is not det.detector and copy.generator is not det.generator
    assert copy.generator.margin == 0.1 and copy.detector.n_estimators == 5
    assert not hasattr(copy, "detector_") and not hasattr(copy, "decision_scores_")


def test_grid_search_over_nested_params_with_roc_auc():
    X, y = make_data()
    search = GridSearchCV(
        nested(),
        {"generator__margin": [0.0, 0.2], "detector__n_estimators": [5, 10]},
        scoring="roc_auc",
        cv=StratifiedKFold(3, shuffle=True, random_state=0),
    ).fit(X, y)
    scores = search.cv_results_["mean_test_score"]
    assert len(scores) == 4 and np.isfinite(scores).all()
    # labeled anomalies in a separate cluster: every candidate ranks them well
    assert scores.min() > 0.9
    assert set(search.best_params_) == {"generator__margin", "detector__n_estimators"}
    best_n_estimators = search.best_params_["detector__n_estimators"]
    assert search.best_estimator_.detector_.n_estimators == best_n_estimators


def test_pickle_round_trip_gives_identical_scores():
    X, y = make_data()
    det = nested().fit(X, y)
    restored = pickle.loads(pickle.dumps(det))
    X_new = make_data(seed=1)[0]
    np.testing.assert_array_equal(restored.decision_function(X_new), det.decision_function(X_new))
    np.testing.assert_array_equal(restored.predict_proba(X_new), det.predict_proba(X_new))
    np.testing.assert_array_equal(restored.decision_scores_, det.decision_scores_)


def test_pickle_round_trip_of_a_fitted_sampler():
    X, y = make_data()
    sampler = SyntheticAnomalySampler("uniform", random_state=0).fit(X, y)
    restored = pickle.loads(pickle.dumps(sampler))
    np.testing.assert_array_equal(restored.generator_.low_, sampler.generator_.low_)


@pytest.mark.parametrize("estimator", [nested(), SyntheticAnomalySampler()], ids=type)
def test_fit_does_not_change_params(estimator):
    X, y = make_data()
    before = {k: v for k, v in estimator.get_params(deep=True).items() if not hasattr(v, "fit")}
    estimator.fit(X, y)
    after = {k: v for k, v in estimator.get_params(deep=True).items() if not hasattr(v, "fit")}
    assert after == before


def test_nested_params_of_a_detector_and_generator_given_by_name():
    det = Augmented("random_forest", "uniform").set_params(
        detector__n_estimators=5, generator__margin=0.2
    )
    assert isinstance(det.detector, RandomForestClassifier) and det.detector.n_estimators == 5
    assert isinstance(det.generator, UniformGenerator) and det.generator.margin == 0.2
    assert Augmented("random_forest").set_params(n_synthetic=3).detector == "random_forest"


def test_grid_search_over_nested_params_of_names():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(90, 3)), rng.normal(4, 0.5, size=(12, 3))])
    y = np.r_[np.zeros(90), np.ones(12)].astype(int)
    search = GridSearchCV(
        Augmented("random_forest", "uniform", random_state=0),
        {"detector__n_estimators": [3, 6], "generator__margin": [0.0, 0.1]},
        scoring="roc_auc",
        cv=StratifiedKFold(3),
    ).fit(X, y)
    assert search.best_estimator_.detector_.n_estimators in (3, 6)
    assert len(search.cv_results_["params"]) == 4


def test_sampler_keeps_dataframe_series_and_float32():
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(40, 2)).astype(np.float32), columns=["a", "b"])
    y = pd.Series(np.r_[np.ones(4), np.zeros(36)].astype(int), name="label")
    X_aug, y_aug = SyntheticAnomalySampler("uniform", n_synthetic=10, random_state=0).fit_resample(
        X, y
    )
    assert isinstance(X_aug, pd.DataFrame) and list(X_aug.columns) == ["a", "b"]
    assert (X_aug.dtypes == np.float32).all() and X_aug.shape == (50, 2)
    assert isinstance(y_aug, pd.Series) and y_aug.name == "label" and int(y_aug.sum()) == 14
    np.testing.assert_array_equal(X_aug.to_numpy()[:40], X.to_numpy())
    X_np, _ = SyntheticAnomalySampler("uniform", n_synthetic=5).fit_resample(X.to_numpy())
    assert X_np.dtype == np.float32 and isinstance(X_np, np.ndarray)
