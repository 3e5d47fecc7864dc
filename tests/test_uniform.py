import numpy as np
import pytest
from scipy import stats

from pyod_synth.feature_types import MixedTypeEncoder
from pyod_synth.generators.uniform import UniformGenerator


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = np.column_stack(
        [
            rng.normal(5.0, 2.0, 300),  # continuous
            rng.integers(0, 2, 300),  # binary {0, 1}
            np.zeros(300),  # constant 0: must stay constant, not become Bernoulli
            rng.uniform(-3.0, -1.0, 300),
        ]
    )
    y = np.zeros(300, dtype=int)
    y[:3] = 1
    return X, y


def test_samples_stay_in_the_training_box(data):
    X, y = data
    gen = UniformGenerator().fit(X, y)
    S = gen.sample(5000, random_state=1)
    assert (S >= X.min(axis=0)).all() and (S <= X.max(axis=0)).all()


def test_continuous_columns_are_uniform_over_min_max(data):
    X, y = data
    S = UniformGenerator().fit(X, y).sample(4000, random_state=2)
    for j in (0, 3):
        lo, hi = X[:, j].min(), X[:, j].max()
        assert stats.kstest(S[:, j], stats.uniform(lo, hi - lo).cdf).pvalue > 0.01


def test_binary_columns_are_bernoulli_half_and_constants_stay(data):
    X, y = data
    gen = UniformGenerator().fit(X, y)
    assert gen.feature_encoder_.binary_columns_.tolist() == [1, 2]  # constant 0 included
    S = gen.sample(4000, random_state=3)
    assert set(np.unique(S[:, 1])) == {0.0, 1.0}
    assert stats.binomtest(int(S[:, 1].sum()), 4000, 0.5).pvalue > 0.01
    assert (S[:, 2] == 0).all()


def test_binary_detection_can_be_turned_off_by_declaring_the_types(data):
    X, y = data
    numeric_only = MixedTypeEncoder(binary=None)  # no {0, 1} column is binary
    S = UniformGenerator().fit(X, y, feature_types=numeric_only).sample(500, random_state=0)
    assert len(np.unique(S[:, 1])) == 500


def test_margin_widens_the_box_by_a_fraction_of_the_range(data):
    X, y = data
    gen = UniformGenerator(margin=0.1).fit(X, y)
    spread = X.max(axis=0) - X.min(axis=0)
    spread[[1, 2]] = 0.0  # binary columns are never widened: they stay 0 or 1
    np.testing.assert_allclose(gen.low_, X.min(axis=0) - 0.1 * spread)
    np.testing.assert_allclose(gen.high_, X.max(axis=0) + 0.1 * spread)
    S = gen.sample(5000, random_state=0)
    assert S[:, 0].min() < X[:, 0].min()  # some samples fall in the margin
    assert (S[:, 0] >= gen.low_[0]).all()


def test_auto_count_is_the_number_of_training_rows(data):
    X, y = data
    assert UniformGenerator().fit(X, y).auto_n_samples() == 300
    assert UniformGenerator().fit(X).auto_n_samples() == 300


def test_needs_no_labeled_anomaly(data):
    X, _ = data
    assert UniformGenerator().fit(X, np.zeros(len(X))).sample(3, random_state=0).shape == (3, 4)


@pytest.mark.parametrize("margin", [-0.1, np.nan, "wide"])
def test_bad_margin_is_refused(data, margin):
    X, y = data
    with pytest.raises(ValueError, match="margin"):
        UniformGenerator(margin=margin).fit(X, y)
