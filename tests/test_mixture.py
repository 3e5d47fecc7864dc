import numpy as np
import pytest
from scipy import stats

from pyod_synth.generators.base import BaseGenerator
from pyod_synth.generators.mixture import MixtureGenerator
from pyod_synth.generators.uniform import UniformGenerator


class ConstantGenerator(BaseGenerator):
    """Emits one fixed row: makes each component's samples recognisable."""

    def __init__(self, value=0.0, needs_labels=False):
        self.value = value
        self.needs_labels = needs_labels

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.anomaly_tags.requires_anomalies = self.needs_labels
        return tags

    def _fit(self, X, is_anomaly):
        self.width_ = X.shape[1]

    def _sample(self, n_samples, rng):
        return np.full((n_samples, self.width_), float(self.value))

    def auto_n_samples(self):
        return 10 if self.needs_labels else 30


def test_weights_split_the_samples_between_components(few_anomalies):
    X, y = few_anomalies
    gen = MixtureGenerator(
        components=(ConstantGenerator(-5.0), ConstantGenerator(5.0)), weights=(0.2, 0.8)
    ).fit(X, y)
    S = gen.sample(2000, random_state=0)
    n_high = int((S[:, 0] == 5.0).sum())
    assert n_high + int((S[:, 0] == -5.0).sum()) == 2000
    assert stats.binomtest(n_high, 2000, 0.8).pvalue > 0.01
    # shuffled: the components are interleaved, not in blocks
    assert 0 < int((S[:1000, 0] == 5.0).sum()) < 1000


def test_default_shares_are_equal_and_counts_follow_own_defaults(few_anomalies):
    X, y = few_anomalies
    components = (ConstantGenerator(1.0), ConstantGenerator(2.0, needs_labels=True))
    gen = MixtureGenerator(components=components).fit(X, y)
    assert gen.auto_n_samples() == 40
    np.testing.assert_allclose(gen.weights_, [0.5, 0.5])
    by_count = MixtureGenerator(components=components, weights="counts").fit(X, y)
    assert by_count.auto_n_samples() == 40
    np.testing.assert_allclose(by_count.weights_, [0.75, 0.25])


def test_components_that_need_labels_drop_out_without_labels(few_anomalies):
    X, _ = few_anomalies
    gen = MixtureGenerator(
        components=(ConstantGenerator(1.0), ConstantGenerator(2.0, needs_labels=True))
    ).fit(X)
    assert gen.active_components_ == [0]
    assert (gen.sample(50, random_state=0) == 1.0).all()


def test_no_usable_component_is_a_clear_error(few_anomalies):
    X, _ = few_anomalies
    with pytest.raises(ValueError, match="need labeled anomalies"):
        MixtureGenerator(components=(ConstantGenerator(2.0, needs_labels=True),)).fit(X)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"components": ()}, "non-empty"),
        ({"components": "uniform"}, "non-empty"),
        ({"components": ("uniform",), "weights": (1.0, 2.0)}, "weights"),
        ({"components": ("uniform",), "weights": (-1.0,)}, "weights"),
        ({"components": ("uniform",), "weights": "proportional"}, "weights"),
        ({"components": ("uniform",), "weights": None}, "weights"),
        ({"components": ("no_such_generator",)}, "unknown generator"),
    ],
)
def test_bad_parameters(few_anomalies, kwargs, message):
    X, y = few_anomalies
    with pytest.raises(ValueError, match=message):
        MixtureGenerator(**kwargs).fit(X, y)


def test_components_given_as_instances_are_cloned_not_fitted_in_place(few_anomalies):
    X, y = few_anomalies
    component = UniformGenerator()
    MixtureGenerator(components=(component,)).fit(X, y)
    assert not hasattr(component, "low_")


def test_same_seed_same_samples(few_anomalies):
    X, y = few_anomalies
    gen = MixtureGenerator(components=("uniform", ConstantGenerator(3.0))).fit(X, y)
    assert np.array_equal(gen.sample(64, random_state=5), gen.sample(64, random_state=5))
    assert not np.array_equal(gen.sample(64, random_state=5), gen.sample(64, random_state=6))
