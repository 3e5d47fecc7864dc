"""SyntheticAnomalySampler and the shared augmentation path (count rules, seeds, bad input)."""

import warnings

import numpy as np
import pytest
from sklearn.ensemble import RandomForestClassifier

import pyod_synth
from pyod_synth import Augmented, SyntheticAnomalySampler
from pyod_synth._augment import canonical_n_synthetic, parse_n_synthetic
from pyod_synth.generators.base import BaseGenerator
from pyod_synth.generators.uniform import UniformGenerator
from pyod_synth.registry import DEFAULT_GENERATOR


class NeedsAnomalies(BaseGenerator):
    """Jitters labeled anomalies: a minimal generator that requires y == 1 rows."""

    requires_anomalies = True
    auto_per_anomaly = 2

    def __init__(self, scale=0.1):
        self.scale = scale

    def _fit(self, X, is_anomaly):
        self.anomalies_ = X[is_anomaly]

    def _sample(self, n_samples, rng):
        rows = self.anomalies_[rng.integers(0, len(self.anomalies_), size=n_samples)]
        return rows + rng.normal(scale=self.scale, size=rows.shape)


class BrokenGenerator(UniformGenerator):
    """Returns one row too few, as a buggy plugin might (BaseGenerator's check bypassed)."""

    def sample(self, n_samples, random_state=None):
        return np.zeros((n_samples - 1, self.n_features_in_))


def test_real_rows_first_then_synthetic_labeled_one(few_anomalies):
    X, y = few_anomalies
    X_aug, y_aug = SyntheticAnomalySampler("uniform", random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X_aug[:60], X)
    np.testing.assert_array_equal(y_aug[:60], y)
    assert (y_aug[60:] == 1).all() and len(y_aug) == len(X_aug)
    # uniform's auto count is Lau et al.'s: as many synthetic rows as training rows
    assert X_aug.shape == (120, 3)
    assert (X_aug[60:] >= X.min(axis=0)).all() and (X_aug[60:] <= X.max(axis=0)).all()


def test_y_none_means_all_unlabeled(few_anomalies):
    X, _ = few_anomalies
    sampler = SyntheticAnomalySampler(n_synthetic=10, random_state=0)
    X_aug, y_aug = sampler.fit_resample(X)
    np.testing.assert_array_equal(y_aug, np.r_[np.zeros(60), np.ones(10)])
    assert sampler.n_synthetic_ == 10 and sampler.n_features_in_ == 3


def test_default_generator_is_the_documented_constant():
    assert SyntheticAnomalySampler().generator == DEFAULT_GENERATOR == "mixture"
    assert Augmented(RandomForestClassifier()).generator == DEFAULT_GENERATOR


@pytest.mark.parametrize(
    ("n_synthetic", "expected"),
    [
        ("auto", 80),  # the default mixture: uniform's 60 (one per row) + NNG-Mix's 5 x 4
        (7, 7),
        (np.int64(7), 7),
        (0.5, 30),
        (1.0, 60),
        (2.0, 120),
        (0.001, 1),  # a positive request never silently becomes zero rows
        ("5x", 20),  # 5 per labeled anomaly, 4 labeled
        ("1X", 4),
        (" 10x ", 40),
        ("2.5x", 10),
    ],
)
def test_count_rules(few_anomalies, n_synthetic, expected):
    X, y = few_anomalies
    sampler = SyntheticAnomalySampler(n_synthetic=n_synthetic, random_state=0)
    X_aug, y_aug = sampler.fit_resample(X, y)
    assert sampler.n_synthetic_ == expected
    assert len(X_aug) == 60 + expected and int(y_aug.sum()) == 4 + expected


def test_auto_uses_the_generators_own_rule(few_anomalies):
    X, y = few_anomalies
    sampler = SyntheticAnomalySampler(NeedsAnomalies(), random_state=0).fit(X, y)
    assert sampler.n_synthetic_ == 2 * 4


@pytest.mark.parametrize("zero", [0, 0.0, "0x", "0.0x"])
def test_zero_means_no_augmentation_and_no_generator(few_anomalies, zero):
    X, y = few_anomalies
    sampler = SyntheticAnomalySampler(NeedsAnomalies(), n_synthetic=zero)
    X_aug, y_aug = sampler.fit_resample(X, np.zeros(60))  # would fail if the generator were fitted
    np.testing.assert_array_equal(X_aug, X)
    assert X_aug is not X
    assert sampler.generator_ is None and sampler.n_synthetic_ == 0 and not y_aug.any()


@pytest.mark.parametrize(
    "bad", ["abc", "x5", "-5x", "", -1, -0.5, float("nan"), float("inf"), True, None, [5], "-5",
            "nan", "1e400"],
)
def test_invalid_n_synthetic_lists_the_valid_forms(bad):
    with pytest.raises(ValueError, match=r'n_synthetic must be "auto".*int.*float.*"<m>x"'):
        parse_n_synthetic(bad)
    with pytest.raises(ValueError, match=r"n_synthetic must be"):
        canonical_n_synthetic(bad)


@pytest.mark.parametrize(
    "value, kind, number, canonical",
    [
        ("auto", "auto", 0.0, "auto"),
        (" AUTO ", "auto", 0.0, "auto"),
        ("5x", "per_anomaly", 5.0, "5x"),
        ("5X", "per_anomaly", 5.0, "5x"),
        ("2.50x", "per_anomaly", 2.5, "2.5x"),
        ("0.0x", "per_anomaly", 0.0, "0x"),
        (100, "count", 100, "100"),
        ("100", "count", 100, "100"),
        (np.int64(7), "count", 7, "7"),
        (1.0, "fraction", 1.0, "1.0"),
        ("1.0", "fraction", 1.0, "1.0"),
        ("1e-1", "fraction", 0.1, "0.1"),
        (np.float32(0.5), "fraction", 0.5, "0.5"),
    ],
)
def test_one_grammar_for_api_and_cli_with_a_canonical_string(value, kind, number, canonical):
    rule = parse_n_synthetic(value)
    assert (rule.kind, rule.value) == (kind, number)
    assert canonical_n_synthetic(value) == canonical
    assert parse_n_synthetic(canonical) == rule  # the canonical string means the same


def test_a_digit_string_is_a_row_count_and_a_decimal_string_a_fraction(few_anomalies):
    X, y = few_anomalies
    assert SyntheticAnomalySampler("uniform", n_synthetic="30").fit(X, y).n_synthetic_ == 30
    assert SyntheticAnomalySampler("uniform", n_synthetic="0.5").fit(X, y).n_synthetic_ == 30


def test_multiplier_without_labeled_anomalies_is_an_error(few_anomalies):
    X, _ = few_anomalies
    with pytest.raises(ValueError, match=r"per labeled anomaly, but y labels none"):
        SyntheticAnomalySampler(n_synthetic="5x").fit_resample(X, np.zeros(60))


def test_generator_needing_anomalies_with_none_labeled_names_an_alternative(few_anomalies):
    X, _ = few_anomalies
    with pytest.raises(ValueError, match=r"needs at least one labeled anomaly.*'uniform'"):
        SyntheticAnomalySampler(NeedsAnomalies(), n_synthetic=10).fit_resample(X, np.zeros(60))


def test_single_labeled_anomaly_is_enough(few_anomalies):
    X, _ = few_anomalies
    y = np.zeros(60)
    y[5] = 1
    X_aug, _ = SyntheticAnomalySampler(NeedsAnomalies(scale=0.0), n_synthetic=3).fit_resample(X, y)
    np.testing.assert_array_equal(X_aug[60:], np.repeat(X[5:6], 3, axis=0))


def test_generator_object_is_cloned_not_fitted_in_place(few_anomalies):
    X, y = few_anomalies
    gen = UniformGenerator(margin=0.5)
    sampler = SyntheticAnomalySampler(gen, random_state=0).fit(X, y)
    assert not hasattr(gen, "low_")
    assert sampler.generator_ is not gen and sampler.generator_.margin == 0.5


def test_unknown_generator_name_lists_registered_ones(few_anomalies):
    X, y = few_anomalies
    with pytest.raises(ValueError, match=r"unknown generator 'nope'.*uniform"):
        SyntheticAnomalySampler("nope").fit_resample(X, y)


def test_unknown_generator_name_fails_even_without_augmentation(few_anomalies):
    X, y = few_anomalies
    with pytest.raises(ValueError, match="unknown generator"):
        SyntheticAnomalySampler("nope", n_synthetic=0).fit_resample(X, y)


@pytest.mark.parametrize(
    ("generator", "match"),
    [(UniformGenerator, r"not the class UniformGenerator"), (42, r"fit\(X, y\) and sample")],
)
def test_bad_generator_objects(few_anomalies, generator, match):
    X, y = few_anomalies
    with pytest.raises(TypeError, match=match):
        SyntheticAnomalySampler(generator).fit_resample(X, y)


def test_buggy_generator_output_is_caught(few_anomalies):
    X, y = few_anomalies
    with pytest.raises(RuntimeError, match=r"BrokenGenerator.*shape \(4, 3\).*bug"):
        SyntheticAnomalySampler(BrokenGenerator(), n_synthetic=5).fit_resample(X, y)


def test_same_random_state_same_rows_different_state_different_rows(few_anomalies):
    X, y = few_anomalies
    first = SyntheticAnomalySampler(random_state=3).fit_resample(X, y)[0]
    again = SyntheticAnomalySampler(random_state=3).fit_resample(X, y)[0]
    other = SyntheticAnomalySampler(random_state=4).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, again)
    assert not np.allclose(first[60:], other[60:])


def test_global_numpy_rng_untouched_and_input_not_mutated(few_anomalies):
    X, y = few_anomalies
    X_before, y_before = X.copy(), y.copy()
    state = np.random.get_state()
    SyntheticAnomalySampler(random_state=0).fit_resample(X, y)
    SyntheticAnomalySampler(random_state=None).fit_resample(X, y)
    after = np.random.get_state()
    assert state[0] == after[0] and np.array_equal(state[1], after[1]) and state[2:] == after[2:]
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)


def test_constant_features_and_tiny_data():
    X = np.c_[np.arange(5.0), np.full(5, 2.0)]
    X_aug, y_aug = SyntheticAnomalySampler(random_state=0).fit_resample(X, [0, 0, 0, 0, 1])
    # 5 (uniform's count) + 5 (NNG-Mix's) rows; the constant feature stays constant up to
    # NNG-Mix's noise
    assert X_aug.shape == (15, 2)
    np.testing.assert_allclose(X_aug[5:, 1], 2.0, atol=0.1)
    X_one, y_one = SyntheticAnomalySampler(random_state=0).fit_resample([[1.0, 2.0]])
    np.testing.assert_array_equal(X_one, [[1.0, 2.0], [1.0, 2.0]])
    np.testing.assert_array_equal(y_one, [0, 1])


@pytest.mark.parametrize(
    ("X", "y", "match"),
    [
        ([[1.0, np.nan], [0.0, 1.0]], None, "NaN"),
        ([[1.0, np.inf], [0.0, 1.0]], None, "infinity"),
        ([1.0, 2.0, 3.0], None, r"reshape\(-1, 1\)"),
        (np.empty((0, 3)), None, "0 sample"),
        ([[1.0], [2.0]], [0, 1, 0], "y has 3 labels but X has 2 rows"),
        ([[1.0], [2.0]], [0, 2], "only contain 0 .* and 1"),
        ([[1.0], [2.0]], ["a", "b"], "numeric 0/1"),
        ([[1.0], [2.0]], np.zeros((2, 2)), "1-D"),
        (None, None, "X is None"),
    ],
)
def test_bad_input_gets_a_clear_error(X, y, match):
    with pytest.raises(ValueError, match=match):
        SyntheticAnomalySampler(random_state=0).fit_resample(X, y)


def test_boolean_labels_are_accepted(few_anomalies):
    X, y = few_anomalies
    _, y_aug = SyntheticAnomalySampler(n_synthetic=5, random_state=0).fit_resample(X, y == 1)
    assert y_aug.dtype.kind == "i" and int(y_aug.sum()) == 4 + 5


def test_imblearn_pipeline_with_single_class_y_detects_far_anomalies():
    imblearn_pipeline = pytest.importorskip("imblearn.pipeline")
    from imblearn.base import is_sampler
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(1)
    X = rng.normal(size=(200, 3))
    X_test = np.vstack([rng.normal(size=(100, 3)), rng.normal(size=(20, 3)) * 0.3 + 6])
    y_test = np.r_[np.zeros(100), np.ones(20)]
    # A margin puts synthetic rows beyond the data, where the far anomalies lie.
    sampler = SyntheticAnomalySampler(UniformGenerator(margin=0.2), random_state=0)
    assert is_sampler(sampler)
    model = imblearn_pipeline.make_pipeline(sampler, RandomForestClassifier(random_state=0))
    model.fit(X, np.zeros(200))  # one class: imbalanced-learn's own samplers refuse this
    assert roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]) > 0.95


def test_sampler_and_augmented_share_one_code_path(few_anomalies):
    """Same random_state: the pipeline and Augmented train on the same rows, so same scores."""
    imblearn_pipeline = pytest.importorskip("imblearn.pipeline")
    X, y = few_anomalies
    rf = RandomForestClassifier(n_estimators=10, random_state=3)
    pipe = imblearn_pipeline.make_pipeline(SyntheticAnomalySampler("uniform", 0.5, 7), rf)
    det = Augmented(rf, "uniform", 0.5, random_state=7).fit(X, y)
    np.testing.assert_array_equal(
        det.decision_function(X), pipe.fit(X, y).predict_proba(X)[:, 1]
    )


@pytest.mark.parametrize("name", pyod_synth.list_generators())
def test_every_registered_generator_through_the_shared_path(few_anomalies, name):
    """Single labeled anomaly: works; none labeled: works, or a clear error naming 'uniform'."""
    X, _ = few_anomalies
    y = np.zeros(60, dtype=int)
    y[0] = 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. SMOTE warns that one anomaly gives copies of it
        X_aug, y_aug = SyntheticAnomalySampler(name, random_state=0).fit_resample(X, y)
    assert len(X_aug) > 60 and np.isfinite(X_aug).all() and (y_aug[60:] == 1).all()
    sampler = SyntheticAnomalySampler(name, n_synthetic=10, random_state=0)
    if pyod_synth.get_generator(name).requires_anomalies:
        with pytest.raises(ValueError, match="'uniform'"):
            sampler.fit_resample(X, np.zeros(60))
    else:
        assert sampler.fit_resample(X, np.zeros(60))[0].shape == (70, 3)
