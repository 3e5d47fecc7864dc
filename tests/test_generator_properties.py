"""Property-based tests over every registered generator (built-ins and installed plugins).

Hypothesis draws small training sets of many shapes (one row, one feature, constant
columns, duplicate rows, a single labeled anomaly) and checks what every generator
promises: shape, dtype, finiteness, determinism, untouched inputs and empty draws; and
that the convex generators stay inside the training data's bounding box.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import pyod_synth

GENERATORS = pyod_synth.list_generators()

# Generators (with parameters) whose samples are convex combinations of training rows, or
# copies of training values feature by feature, hence inside the bounding box.
IN_BOX = {
    "uniform": {},
    "mixup": {},
    "smote": {},
    "nngmix": {"noise_std": 0.0},
    "cutout": {"fill_value": "min"},
    "cutmix": {"same_position": True},
    "mixture": {"components": ("uniform", "mixup", "smote")},
}

PROPERTY_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

values = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False, width=64)


@st.composite
def training_data(draw, min_anomalies=1):
    """(X, y): finite X of 1-25 rows and 1-6 features, y with some labeled anomalies."""
    n_rows = draw(st.integers(1, 25))
    n_features = draw(st.integers(1, 6))
    X = draw(arrays(np.float64, (n_rows, n_features), elements=values))
    constant = draw(arrays(np.bool_, n_features))
    X[:, constant] = draw(values)
    if n_rows > 1 and draw(st.booleans()):  # duplicate rows: ties in every neighbour search
        X[: n_rows // 2] = X[n_rows - 1]
    n_anomalies = draw(st.integers(min(min_anomalies, n_rows), n_rows))
    order = draw(st.permutations(range(n_rows)))
    y = np.zeros(n_rows, dtype=np.int64)
    y[list(order[:n_anomalies])] = 1
    return X, y


def fitted(name, X, y, **params):
    return pyod_synth.get_generator(name, **params).fit(X, y)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("name", GENERATORS)
@PROPERTY_SETTINGS
@given(data=training_data(), n_samples=st.integers(1, 40), seed=st.integers(0, 2**32 - 1))
def test_samples_are_finite_float_rows_and_reproducible(name, data, n_samples, seed):
    X, y = data
    X_before, y_before = X.copy(), y.copy()
    gen = fitted(name, X, y)
    S = gen.sample(n_samples, random_state=seed)
    assert S.shape == (n_samples, X.shape[1])
    assert S.dtype == np.float64
    assert np.isfinite(S).all()
    np.testing.assert_array_equal(gen.sample(n_samples, random_state=seed), S)
    assert gen.sample(0, random_state=seed).shape == (0, X.shape[1])
    n_auto = gen.auto_n_samples()
    assert isinstance(n_auto, int) and n_auto >= 1
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("name", GENERATORS)
@PROPERTY_SETTINGS
@given(data=training_data())
def test_zero_labeled_anomalies_is_refused_exactly_when_required(name, data):
    X, y = data
    y = np.zeros_like(y)
    gen = pyod_synth.get_generator(name)
    if gen.requires_anomalies:
        with pytest.raises(ValueError, match="labeled anomal"):
            gen.fit(X, y)
    else:
        S = gen.fit(X, y).sample(5, random_state=0)
        assert S.shape == (5, X.shape[1]) and np.isfinite(S).all()


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("name", sorted(IN_BOX))
@PROPERTY_SETTINGS
@given(data=training_data(), seed=st.integers(0, 2**32 - 1))
def test_convex_generators_stay_in_the_training_box(name, data, seed):
    if name not in GENERATORS:
        pytest.skip(f"generator {name!r} is not registered")
    X, y = data
    S = fitted(name, X, y, **IN_BOX[name]).sample(60, random_state=seed)
    low, high = X.min(axis=0), X.max(axis=0)
    tol = 1e-9 * np.maximum(1.0, np.abs(X).max(axis=0))  # rounding of lam * a + (1 - lam) * b
    assert (S >= low - tol).all() and (S <= high + tol).all()
