"""pyod_synth.testing.check_generator: passes for every registered generator, and each
check catches the defect it is written for."""

import numpy as np
import pytest

import pyod_synth
from pyod_synth.generators import BaseGenerator
from pyod_synth.testing import check_generator, iter_checks


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
    def _fit(self, X, is_anomaly):
        X -= X.mean(axis=0)  # in place on the caller's float64 array
        super()._fit(X, is_anomaly)


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
    ("check_estimator_api", FlagNotBool, "requires_anomalies must be True or False"),
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
    ("check_requires_anomalies", NeedsLabelsButDoesNotSay, "set requires_anomalies = True"),
    ("check_rejects_non_finite_X", AcceptsNaN, "fit with nan in X was accepted"),
    ("check_rejects_bad_X_shape", Accepts1D, "fit with a 1-D X was accepted"),
    ("check_rejects_bad_y", AcceptsAnyLabels, "label 2 in y"),
    ("check_rejects_bad_n_samples", TruncatesNSamples, r"sample\(n_samples=2.5\)"),
    ("check_pickle_round_trip", LambdaInFittedState, "does not pickle"),
    ("check_global_rng_untouched", ReadsGlobalRNG, "global random state changed"),
]

CHECK_NAMES = [name for name, _ in iter_checks(Gaussian())]


@pytest.mark.parametrize(
    "check_name, broken, reason", BROKEN, ids=[f"{c}-{b.__name__}" for c, b, _ in BROKEN]
)
def test_each_check_fails_on_its_broken_generator(check_name, broken, reason):
    check = dict(iter_checks(broken()))[check_name]
    with pytest.raises(
        AssertionError, match=f"^{check_name} failed for {broken.__name__}: "
    ) as info:
        check()
    assert info.match(reason)


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


@pytest.mark.parametrize("check_name", CHECK_NAMES)
@pytest.mark.parametrize("generator_name", pyod_synth.list_generators())
def test_every_registered_generator_passes(generator_name, check_name):
    dict(iter_checks(pyod_synth.get_generator(generator_name)))[check_name]()
