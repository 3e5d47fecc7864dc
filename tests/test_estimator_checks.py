"""pyod_synth.estimator_checks: every registered generator and detector passes (or fails
only the checks listed with a reason), and each check catches the defect it is written for."""

import re

import numpy as np
import pytest
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

import pyod_synth
from pyod_synth import estimator_checks
from pyod_synth.augmented import Augmented
from pyod_synth.detectors.factories import dependency_available
from pyod_synth.estimator_checks import (
    check_detector,
    check_generator,
    estimator_checks_generator,
    parametrize_with_checks,
)
from pyod_synth.generators import BaseGenerator
from pyod_synth.tags import add_anomaly_tags
from pyod_synth.validation import check_training_data, check_X


class Gaussian(BaseGenerator):
    """A correct generator; the broken ones below each change one thing."""

    def __init__(self, scale=2.0):
        self.scale = scale

    def _fit(self, X, is_anomaly):
        self.mean_, self.std_ = X.mean(axis=0), X.std(axis=0)

    def _sample(self, n_samples, rng):
        return rng.normal(self.mean_, self.scale * self.std_, size=(n_samples, self.mean_.size))


class NotAnEstimator:
    requires_anomalies = False

    def fit(self, X, y=None):
        return self

    def sample(self, n_samples, random_state=None):
        return np.zeros((n_samples, 3))

    def auto_n_samples(self):
        return 1


class FlagNotBool(Gaussian):
    requires_anomalies = 1


class DerivedParamInInit(Gaussian):
    def __init__(self, scale=2.0):
        self.scale = scale * 1.0  # a new float object: clone() cannot round-trip it


class ExtraAttributeInInit(Gaussian):
    def __init__(self, scale=2.0):
        self.scale = scale
        self.variance = scale**2


class FitReturnsNone(Gaussian):
    def fit(self, X, y=None):
        super().fit(X, y)


class AutoCountNotInt(Gaussian):
    def auto_n_samples(self):
        return float(self.n_samples_fit_)


class WrongShape(Gaussian):
    def sample(self, n_samples, random_state=None):
        return super().sample(n_samples, random_state)[:, :-1]


class NaNOutput(Gaussian):
    def sample(self, n_samples, random_state=None):
        out = super().sample(n_samples, random_state)
        out[:1] = np.nan
        return out


class IntegerOutput(Gaussian):
    def sample(self, n_samples, random_state=None):
        return np.rint(super().sample(n_samples, random_state)).astype(int)


class ZeroRowsFlat(Gaussian):
    def sample(self, n_samples, random_state=None):
        if n_samples == 0:
            return np.empty(0)
        return super().sample(n_samples, random_state)


class IgnoresSeedUsesEntropy(Gaussian):
    def _sample(self, n_samples, rng):
        return super()._sample(n_samples, np.random.default_rng())


class IgnoresSeedFixed(Gaussian):
    def _sample(self, n_samples, rng):
        return super()._sample(n_samples, np.random.default_rng(42))


class MutatesX(Gaussian):
    def fit(self, X, y=None, **kwargs):
        X -= X.mean(axis=0)  # in place on the caller's float64 array
        return super().fit(X, y, **kwargs)


class SamplesEncodedNumbers(Gaussian):
    """Returns the encoded floats: one-hot columns instead of the categorical column."""

    def sample(self, n_samples, random_state=None):
        return self._sample(n_samples, np.random.default_rng(random_state))


class SamplesBeforeFit(Gaussian):
    def sample(self, n_samples, random_state=None):
        if not hasattr(self, "mean_"):
            return np.zeros((n_samples, 3))
        return super().sample(n_samples, random_state)


class ClaimsLabelsButFillsThemIn(Gaussian):
    requires_anomalies = True

    def fit(self, X, y=None):
        if y is None or not np.any(y):
            y = np.ones(len(X), dtype=int)
        return super().fit(X, y)


class NeedsLabelsButDoesNotSay(Gaussian):
    def _fit(self, X, is_anomaly):
        if not is_anomaly.any():
            raise ValueError("no labeled anomaly")
        super()._fit(X, is_anomaly)


class AcceptsNaN(Gaussian):
    def fit(self, X, y=None):
        return super().fit(np.nan_to_num(np.asarray(X, dtype=float), posinf=0, neginf=0), y)


class VagueNaNError(Gaussian):
    def fit(self, X, y=None):
        if not np.isfinite(np.asarray(X, dtype=float)).all():
            raise ValueError("bad input")
        return super().fit(X, y)


class Accepts1D(Gaussian):
    def fit(self, X, y=None):
        X = np.asarray(X, dtype=float)
        return super().fit(X[:, None] if X.ndim == 1 else X, y)


class AcceptsAnyLabels(Gaussian):
    def fit(self, X, y=None):
        return super().fit(X, None if y is None else (np.asarray(y) > 0).astype(int))


class TruncatesNSamples(Gaussian):
    def sample(self, n_samples, random_state=None):
        return super().sample(int(n_samples), random_state)


class LambdaInFittedState(Gaussian):
    def _fit(self, X, is_anomaly):
        super()._fit(X, is_anomaly)
        self.shift_ = lambda rows: rows


class ReadsGlobalRNG(Gaussian):
    def _sample(self, n_samples, rng):
        return super()._sample(n_samples, rng) + 1e-9 * np.random.random()


BROKEN = [
    ("check_estimator_api", NotAnEstimator, "scikit-learn estimator"),
    ("check_estimator_api", FlagNotBool, "requires_anomalies tag must be True or False"),
    ("check_init_stores_params", DerivedParamInInit, "changes parameter 'scale'"),
    ("check_init_stores_params", ExtraAttributeInInit, r"sets \['variance'\]"),
    ("check_fit_returns_self", FitReturnsNone, "return self"),
    ("check_auto_n_samples", AutoCountNotInt, "positive int"),
    ("check_sample_output", WrongShape, r"shape \(25, 2\)"),
    ("check_sample_output", NaNOutput, "NaN or inf"),
    ("check_sample_output", IntegerOutput, "must return floats"),
    ("check_sample_zero_rows", ZeroRowsFlat, r"expected an array of shape \(0, 3\)"),
    ("check_deterministic", IgnoresSeedUsesEntropy, "fit must be deterministic"),
    ("check_deterministic", IgnoresSeedFixed, "must depend on random_state"),
    ("check_no_input_mutation", MutatesX, "modified the caller's X"),
    ("check_not_fitted", SamplesBeforeFit, "instead of raising NotFittedError"),
    ("check_requires_anomalies", ClaimsLabelsButFillsThemIn, "was accepted silently"),
    ("check_requires_anomalies", NeedsLabelsButDoesNotSay, "declare requires_anomalies=True"),
    ("check_rejects_non_finite_X", AcceptsNaN, "fit with nan in X was accepted"),
    ("check_rejects_non_finite_X", VagueNaNError, "does not say what was wrong"),
    ("check_rejects_bad_X_shape", Accepts1D, "fit with a 1-D X was accepted"),
    ("check_rejects_bad_y", AcceptsAnyLabels, "label 2 in y"),
    ("check_rejects_bad_n_samples", TruncatesNSamples, r"sample\(n_samples=2.5\)"),
    ("check_mixed_type_samples", SamplesEncodedNumbers, "must return a DataFrame"),
    ("check_pickle_round_trip", LambdaInFittedState, "does not pickle"),
    ("check_global_rng_untouched", ReadsGlobalRNG, "global random state changed"),
]



CHECK_NAMES = [check.__name__ for _, check in estimator_checks_generator(Gaussian())]


def test_every_check_has_a_broken_generator():
    assert sorted({name for name, _, _ in BROKEN}) == sorted(CHECK_NAMES)


def test_the_checks_cover_the_plugin_contract():
    assert CHECK_NAMES == [
        "check_estimator_api",
        "check_init_stores_params",
        "check_fit_returns_self",
        "check_auto_n_samples",
        "check_sample_output",
        "check_sample_zero_rows",
        "check_deterministic",
        "check_no_input_mutation",
        "check_not_fitted",
        "check_requires_anomalies",
        "check_rejects_non_finite_X",
        "check_rejects_bad_X_shape",
        "check_rejects_bad_y",
        "check_rejects_bad_n_samples",
        "check_mixed_type_samples",
        "check_pickle_round_trip",
        "check_global_rng_untouched",
    ]


def test_the_reference_generator_passes():
    check_generator(Gaussian(scale=3.0))


def test_check_generator_raises_at_the_first_failed_check():
    with pytest.raises(AssertionError, match="^check_fit_returns_self failed"):
        check_generator(FitReturnsNone())


@pytest.mark.parametrize("fit_first", [False, True])
def test_the_callers_instance_is_left_alone(fit_first):
    gen = Gaussian(scale=3.0)
    if fit_first:
        X = np.random.default_rng(0).normal(size=(30, 5))  # not the checks' 3 features
        gen.fit(X)
    before = dict(vars(gen))
    check_generator(gen)
    assert vars(gen).keys() == before.keys()
    assert all(vars(gen)[k] is v for k, v in before.items())


def test_a_class_instead_of_an_instance_is_a_type_error():
    with pytest.raises(TypeError, match=r"instance, e.g. Gaussian\(\)"):
        check_generator(Gaussian)


# --------------------------------------------------------------------------- detectors


class Centroids(BaseEstimator):
    """A correct label-learning detector: closer to the labeled anomalies' mean than to the
    unlabeled rows' mean = more anomalous. The broken ones below each change one thing."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        return add_anomaly_tags(tags, learns_from_labels=True, requires_anomalies=True)

    def __init__(self, random_state=None):
        self.random_state = random_state

    def fit(self, X, y):
        X, is_anomaly = check_training_data(X, y)
        if not is_anomaly.any():
            raise ValueError("Centroids needs labeled anomalies (y == 1).")
        self.normal_, self.anomaly_ = X[~is_anomaly].mean(axis=0), X[is_anomaly].mean(axis=0)
        return self

    def decision_function(self, X):
        check_is_fitted(self)
        X = check_X(X)
        return self._distance(X, self.normal_) - self._distance(X, self.anomaly_)

    @staticmethod
    def _distance(X, centre):
        return np.linalg.norm(X - centre, axis=1)


class IgnoresLabelsUndeclared(Centroids):
    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        return add_anomaly_tags(tags, learns_from_labels=False, requires_anomalies=True)



class NoScores(Centroids):
    decision_function = None


class NaNScores(Centroids):
    def decision_function(self, X):
        scores = super().decision_function(X)
        scores[0] = np.nan
        return scores


class SignFlipped(Centroids):
    def decision_function(self, X):
        return -super().decision_function(X)


class IgnoresLabels(Centroids):
    """Distance from the mean of every row: ranks outliers first, whatever y says."""

    def decision_function(self, X):
        check_is_fitted(self)
        return self._distance(check_X(X), (self.normal_ * 9 + self.anomaly_) / 10)


class RandomTies(Centroids):
    def decision_function(self, X):
        noise = np.random.default_rng().normal(scale=1e-6, size=len(X))
        return super().decision_function(X) + noise


class DropsLastColumnOfFrames(Centroids):
    def fit(self, X, y):
        return super().fit(X.iloc[:, :-1] if hasattr(X, "iloc") else X, y)

    def decision_function(self, X):
        return super().decision_function(X.iloc[:, :-1] if hasattr(X, "iloc") else X)


class ClaimsLabelsButFitsWithout(Centroids):
    def fit(self, X, y):
        y = np.asarray(y) if y is not None else np.zeros(len(X))
        return super().fit(X, y if y.any() else np.r_[np.ones(1), np.zeros(len(X) - 1)])


class MutatesXInScoring(Centroids):
    def decision_function(self, X):
        scores = super().decision_function(X)
        if isinstance(X, np.ndarray):
            X[-1] = 0.0  # after scoring it: only a later reader of X sees the damage
        return scores


class ScoresWithoutTheEncoder(Augmented):
    """Encodes categorical columns in fit, but reads scored rows as plain numbers."""

    def __init__(self, detector="random_forest", generator="uniform", n_synthetic="auto",
                 contamination=0.1, random_state=None, feature_types=None):
        super().__init__(detector, generator, n_synthetic, contamination, random_state,
                         feature_types)

    def _check_test_data(self, X):
        check_is_fitted(self)
        return check_X(X)


BROKEN_DETECTORS = [
    ("check_detector_api", IgnoresLabelsUndeclared, "learns_from_labels=True"),
    ("check_detector_api", NoScores, "neither decision_function nor predict_proba"),
    ("check_scores_output", NaNScores, "finite floats"),
    ("check_ranks_obvious_anomalies", SignFlipped, r"AUROC is 0\.\d+ \(< 0\.9\)"),
    ("check_learns_from_labels", IgnoresLabels, "fit must learn from y"),
    ("check_same_random_state_same_scores", RandomTies, "different scores"),
    ("check_dataframe_input", DropsLastColumnOfFrames, "with a DataFrame gave other scores"),
    ("check_requires_anomalies", ClaimsLabelsButFitsWithout, "was accepted silently"),
    ("check_no_input_mutation", MutatesXInScoring, "modified the caller's X"),
    ("check_mixed_type_input", ScoresWithoutTheEncoder, "it raised ValueError"),
]
DETECTOR_CHECK_NAMES = [check.__name__ for _, check in estimator_checks_generator(Centroids())]


@pytest.mark.parametrize(
    "check_name, broken, reason",
    BROKEN + BROKEN_DETECTORS,
    ids=[f"{c}-{b.__name__}" for c, b, _ in BROKEN + BROKEN_DETECTORS],
)
def test_each_check_fails_on_its_broken_object(check_name, broken, reason):
    with pytest.raises(
        AssertionError, match=f"^{check_name} failed for {broken.__name__}: "
    ) as info:
        getattr(estimator_checks, check_name)(broken())
    assert info.match(reason)


def test_check_detector_raises_at_the_first_failed_check():
    with pytest.raises(AssertionError, match="^check_ranks_obvious_anomalies failed"):
        check_detector(SignFlipped())


def test_every_detector_only_check_has_a_broken_detector():
    generator_checks = set(CHECK_NAMES)
    own = {name for name in DETECTOR_CHECK_NAMES if name not in generator_checks}
    assert own <= {name for name, _, _ in BROKEN_DETECTORS}


def test_the_reference_detector_passes_every_check():
    assert DETECTOR_CHECK_NAMES == [
        "check_detector_api",
        "check_init_stores_params",
        "check_fit_returns_self",
        "check_scores_output",
        "check_ranks_obvious_anomalies",
        "check_learns_from_labels",
        "check_same_random_state_same_scores",
        "check_no_input_mutation",
        "check_not_fitted",
        "check_requires_anomalies",
        "check_rejects_non_finite_X",
        "check_rejects_bad_X_shape",
        "check_rejects_bad_y",
        "check_dataframe_input",
        "check_mixed_type_input",
        "check_pickle_round_trip",
        "check_global_rng_untouched",
    ]
    check_detector(Centroids())


def test_the_module_docstring_lists_every_check_of_each_kind():
    doc = " ".join(estimator_checks.__doc__.split())
    for kind, names in (("generator", CHECK_NAMES), ("detector", DETECTOR_CHECK_NAMES)):
        listed = re.search(rf"Checks of a[^(]* {kind} \(``check_{kind}``\) (.*?)\.", doc)
        assert listed, f"the module docstring has no list of {kind} checks"
        assert re.findall(r"check_\w+", listed.group(1)) == names


class AllowsNaN(Centroids):
    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags


class UndeclaredNeed(Centroids):
    def __sklearn_tags__(self):
        return BaseEstimator.__sklearn_tags__(self)  # no anomaly tags: nothing declared


def test_checks_that_do_not_apply_are_not_yielded():
    names = [check.__name__ for _, check in estimator_checks_generator(AllowsNaN())]
    assert "check_rejects_non_finite_X" not in names
    names = [check.__name__ for _, check in estimator_checks_generator(UndeclaredNeed())]
    assert "check_requires_anomalies" not in names


def test_expected_failed_checks_are_not_run_by_check_detector():
    check_detector(SignFlipped(), expected_failed_checks={
        "check_ranks_obvious_anomalies": "scores are distances to the anomalies",
        "check_learns_from_labels": "same reason",
    })


def test_an_unknown_expected_failure_is_a_clear_error():
    with pytest.raises(ValueError, match=r"\['check_typo'\], which are not detector checks"):
        check_detector(Centroids(), expected_failed_checks={"check_typo": "?"})


# --------------------------------------------------------------------------- parametrize


def _parameter_sets(decorator):
    argnames, params = decorator.mark.args
    assert argnames == "estimator, check"
    return params


def test_parametrize_gives_one_readable_test_per_object_and_check():
    params = _parameter_sets(parametrize_with_checks([Gaussian(scale=3.0), Centroids()]))
    ids = [p.id for p in params]
    assert ids[:2] == ["Gaussian(scale=3.0)-check_estimator_api",
                       "Gaussian(scale=3.0)-check_init_stores_params"]
    assert ids[-1] == "Centroids()-check_global_rng_untouched"
    assert len(ids) == len(CHECK_NAMES) + len(DETECTOR_CHECK_NAMES)
    assert not any(p.marks for p in params)


@pytest.mark.parametrize("as_callable", [False, True])
def test_expected_failures_become_strict_xfail_marks(as_callable):
    expected = {"check_ranks_obvious_anomalies": "sign flipped on purpose"}
    params = _parameter_sets(parametrize_with_checks(
        [SignFlipped()],
        expected_failed_checks=(lambda obj: expected) if as_callable else expected,
    ))
    marked = {p.id: p.marks for p in params if p.marks}
    (mark,) = marked.pop("SignFlipped()-check_ranks_obvious_anomalies")
    assert not marked
    assert mark.name == "xfail" and mark.kwargs["reason"] == "sign flipped on purpose"
    assert mark.kwargs["strict"] is True


def test_parametrize_refuses_a_class():
    with pytest.raises(TypeError, match=r"instance, e.g. Centroids\(\)"):
        parametrize_with_checks([Centroids])


@parametrize_with_checks(
    [Gaussian(), Centroids(), SignFlipped()],
    expected_failed_checks=lambda obj: (
        dict.fromkeys(
            ["check_ranks_obvious_anomalies", "check_learns_from_labels"], "sign flipped"
        )
        if isinstance(obj, SignFlipped) else {}
    ),
)
def test_parametrize_with_checks_as_a_plugin_author_uses_it(estimator, check):
    check(estimator)


# --------------------------------------------------------------------------- registered


@parametrize_with_checks([pyod_synth.get_generator(name) for name in pyod_synth.list_generators()])
def test_every_registered_generator_passes(estimator, check):
    check(estimator)


# Small, fast configurations: the checks test the contract, not the default's quality.
FAST_DETECTOR_PARAMS = {
    "lau": {"hidden_sizes": (32, 32), "batch_size": 32, "epochs": 100, "lr": 3e-3},
    "deepsad": {"pretrain_epochs": 2, "epochs": 5, "batch_size": 64},
    "lunar": {"n_epochs": 5},
    "devnet": {"epochs": 5, "n_batches": 10, "batch_size": 128},
    "mlp": {"hidden_layer_sizes": (20,)},
    "random_forest": {"n_estimators": 10, "n_jobs": 1},
    "xgboost": {"n_estimators": 10, "n_jobs": 1},
    "lightgbm": {"n_estimators": 10, "n_jobs": 1},
    "catboost": {"iterations": 10, "thread_count": 1},
    "blend": {"members": [{"detector": "logistic_regression", "generator": "uniform"}, "hbos"]},
    # default's scaling, fusion and without_labels, with fast members of the same kinds.
    "default": {"members": ["hbos", {"detector": "logistic_regression", "n_synthetic": 0},
                            {"detector": "logistic_regression", "generator": "uniform"}]},
}
_CLASSIFIER_LABELS = "a scikit-learn classifier takes any label as one more class"
_LIBRARY_INIT = "the library's own __init__ (not pyod-synth's to change)"
EXPECTED_DETECTOR_FAILURES = {
    "random_forest": {"check_init_stores_params": _LIBRARY_INIT + " sets estimator_params",
                      "check_rejects_bad_y": _CLASSIFIER_LABELS},
    "mlp": {"check_init_stores_params": _LIBRARY_INIT + " sets loss",
            "check_rejects_bad_y": _CLASSIFIER_LABELS},
    "logistic_regression": {"check_rejects_bad_y": _CLASSIFIER_LABELS},
    "xgboost": {"check_init_stores_params": _LIBRARY_INIT + " takes **kwargs",
                "check_rejects_bad_X_shape": "XGBoost fits an empty X",
                "check_rejects_bad_y": _CLASSIFIER_LABELS},
    "lightgbm": {"check_init_stores_params": _LIBRARY_INIT + " takes **kwargs",
                 "check_rejects_bad_y": _CLASSIFIER_LABELS},
    "catboost": {"check_init_stores_params": _LIBRARY_INIT + " keeps parameters in a dict",
                 "check_not_fitted": "CatBoost raises its own CatBoostError",
                 "check_rejects_bad_X_shape": "CatBoost fits a 1-D X",
                 "check_rejects_bad_y": "CatBoost raises CatBoostError, not ValueError"},
    "xgbod": {"check_init_stores_params": "PyOD's XGBOD.__init__ takes **kwargs",
              "check_global_rng_untouched": (
                  "PyOD's XGBOD fits the IForest of its estimator_list without a "
                  "random_state, which draws from NumPy's global generator")},
}


def _registered_detectors():
    detectors = {}
    for name in pyod_synth.list_detectors():
        params = dict(FAST_DETECTOR_PARAMS.get(name, {}))
        if name == "xgbod":
            from pyod.models.iforest import IForest
            from pyod.models.knn import KNN

            params = {"estimator_list": [KNN(), IForest(n_estimators=10)], "n_estimators": 10}
        try:
            detectors[name] = pyod_synth.get_detector(name, **params)
        except ImportError:  # an optional extra that is not installed
            continue
    return detectors


_REGISTERED = _registered_detectors()  # name -> instance
_NAME_OF = {id(detector): name for name, detector in _REGISTERED.items()}


def _expected_detector_failures(detector):
    return EXPECTED_DETECTOR_FAILURES.get(_NAME_OF[id(detector)], {})


@pytest.fixture(scope="module", autouse=True)
def _one_torch_thread():
    # Two cores shared by the test workers: torch's thread pool would oversubscribe them.
    if not dependency_available("torch"):
        yield
        return
    import torch
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


@parametrize_with_checks(
    list(_REGISTERED.values()), expected_failed_checks=_expected_detector_failures
)
def test_every_registered_detector_passes(estimator, check):
    check(estimator)
