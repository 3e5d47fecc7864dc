"""ScoreBlend: weighted mean of members' rank-scaled scores."""

import numpy as np
import pytest
from pyod.models.iforest import IForest
from sklearn.base import clone
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score

import pyod_synth
from pyod_synth import Augmented, ScoreBlend
from pyod_synth.blend import DEFAULT_MEMBERS, rank_scale
from pyod_synth.generators.base import BaseGenerator
from pyod_synth.validation import as_generator

RF = {"detector": "random_forest"}


def member_seeds(random_state, n_members):
    """The per-member seeds ScoreBlend derives from random_state (after the folds' seed)."""
    seeds = as_generator(random_state).integers(0, 2**31 - 1, n_members + 1)
    return [int(s) for s in seeds[1:]]


def central_anomalies(seed=0, n=600, n_anomalies=40, n_labeled=12):
    """Anomalies in the densest spot of the data: an unsupervised detector ranks them as the
    most normal rows, a classifier shown some of them learns the spot."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    X[:n_anomalies] = rng.uniform(-0.15, 0.15, size=(n_anomalies, 2))
    y_true = np.r_[np.ones(n_anomalies), np.zeros(n - n_anomalies)].astype(int)
    y = np.zeros(n, dtype=int)
    y[:n_labeled] = 1
    return X, y, y_true


def scattered_outliers(seed=0, n=600, n_anomalies=12):
    """Each anomaly far out in its own random direction: what a classifier learns from some
    of them says nothing about the others, while IForest isolates every one."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5))
    directions = rng.normal(size=(n_anomalies, 5))
    X[:n_anomalies] = 6 * directions / np.linalg.norm(directions, axis=1, keepdims=True)
    y = np.zeros(n, dtype=int)
    y[:n_anomalies] = 1
    return X, y


def test_rank_scale_is_the_mid_rank_among_the_reference():
    reference = np.sort(np.array([1.0, 2.0, 2.0, 3.0]))
    np.testing.assert_allclose(
        rank_scale(np.array([0.0, 1.0, 2.0, 3.0, 9.0]), reference),
        [0.0, 0.125, 0.5, 0.875, 1.0],
    )
    assert np.all(rank_scale(np.array([-5.0, 0.0, 5.0]), np.zeros(10)) == [0.0, 0.5, 1.0])


def test_a_single_member_is_that_detector_rank_scaled():
    X, y, _ = central_anomalies()
    blend = ScoreBlend([{**RF, "generator": "nngmix"}], random_state=3).fit(X, y)
    seed = member_seeds(3, 1)[0]
    augmented = Augmented("random_forest", "nngmix", random_state=seed).fit(X, y)
    X_test = np.random.default_rng(1).normal(size=(50, 2))
    expected = rank_scale(augmented.decision_function(X_test), np.sort(augmented.decision_scores_))
    np.testing.assert_array_equal(blend.decision_function(X_test), expected)
    assert blend.n_synthetic_ == augmented.n_synthetic_ > 0


def test_equal_weights_average_the_members_ranks():
    X, y, _ = central_anomalies()
    blend = ScoreBlend([{**RF, "n_synthetic": 0}, "iforest"], random_state=3).fit(X, y)
    rf_seed, if_seed = member_seeds(3, 2)
    forest = Augmented("random_forest", n_synthetic=0, random_state=rf_seed).fit(X, y)
    iforest = IForest(random_state=if_seed).fit(X)
    X_test = np.random.default_rng(1).normal(size=(50, 2))
    expected = 0.5 * rank_scale(
        forest.decision_function(X_test), np.sort(forest.decision_scores_)
    ) + 0.5 * rank_scale(iforest.decision_function(X_test), np.sort(iforest.decision_scores_))
    np.testing.assert_allclose(blend.decision_function(X_test), expected)
    np.testing.assert_array_equal(blend.weights_, [0.5, 0.5])


def test_fixed_weights_are_normalised_and_a_zero_weight_member_has_no_effect():
    X, y, _ = central_anomalies()
    alone = ScoreBlend(["iforest"], random_state=0).fit(X, y)
    X_test = np.random.default_rng(1).normal(size=(50, 2))
    # iforest gets the same seed as the single-member blend only as the first member.
    weighted = ScoreBlend(["iforest", "hbos"], weights=[3, 0], random_state=0).fit(X, y)
    np.testing.assert_array_equal(weighted.weights_, [1.0, 0.0])
    np.testing.assert_allclose(weighted.decision_function(X_test), alone.decision_function(X_test))


def test_validation_trusts_the_classifier_when_the_anomalies_hide_in_the_bulk():
    X, y, y_true = central_anomalies()
    blend = ScoreBlend(
        [{**RF, "generator": "nngmix"}, "iforest"], weights="validate", random_state=0
    ).fit(X, y)
    aucs = blend.validation_auc_
    assert set(aucs) == {0.0, 0.25, 0.5, 0.75, 1.0}
    assert aucs[1.0] > aucs[0.0] + 0.3
    assert blend.weights_[0] >= 0.75
    assert roc_auc_score(y_true, blend.decision_scores_) > 0.9


def test_validation_trusts_the_unsupervised_detector_when_labels_do_not_generalise():
    X, y = scattered_outliers()
    blend = ScoreBlend(
        [{**RF, "n_synthetic": 0}, "iforest"], weights="validate", random_state=0
    ).fit(X, y)
    assert blend.validation_auc_[0.0] > blend.validation_auc_[1.0]
    assert blend.weights_[0] <= 0.5


def test_fewer_than_two_labeled_anomalies_use_the_fallback_weight():
    X, _, _ = central_anomalies()
    y = np.zeros(X.shape[0], dtype=int)
    y[0] = 1
    members = [{**RF, "generator": "nngmix"}, "iforest"]
    blend = ScoreBlend(members, weights="validate", fallback_weight=0.25, random_state=0)
    blend.fit(X, y)
    np.testing.assert_array_equal(blend.weights_, [0.25, 0.75])
    assert blend.validation_auc_ is None
    unlabeled = ScoreBlend([{**RF, "generator": "uniform"}, "iforest"], random_state=0).fit(X)
    assert unlabeled.n_synthetic_ == X.shape[0]


class RecordingGenerator(BaseGenerator):
    """Copies the labeled anomalies; records how many it was fitted on."""

    fitted_counts: list = []

    def fit(self, X, y=None):
        self.anomalies_ = np.asarray(X)[np.asarray(y) == 1]
        RecordingGenerator.fitted_counts.append(len(self.anomalies_))
        return self

    def sample(self, n_samples, random_state=None):
        rng = as_generator(random_state)
        return self.anomalies_[rng.integers(0, len(self.anomalies_), size=n_samples)]


def test_each_fold_draws_synthetic_anomalies_from_its_own_labeled_rows_only():
    X, y, _ = central_anomalies(n_labeled=12)
    RecordingGenerator.fitted_counts = []
    members = [{**RF, "generator": RecordingGenerator(), "n_synthetic": "2x"}, "iforest"]
    ScoreBlend(members, weights="validate", cv=3, random_state=0).fit(X, y)
    # The full fit sees all 12 labeled anomalies; three folds hold out 4 each.
    assert RecordingGenerator.fitted_counts == [12, 8, 8, 8]


def test_same_random_state_same_scores_and_inputs_untouched():
    X, y, _ = central_anomalies()
    X_copy, y_copy = X.copy(), y.copy()
    members = [{**RF, "n_synthetic": 0}, {**RF, "generator": "nngmix"}]
    first = ScoreBlend(members, random_state=7).fit(X, y)
    second = clone(first).fit(X, y)
    np.testing.assert_array_equal(first.decision_scores_, second.decision_scores_)
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(y, y_copy)
    assert 0.0 <= first.decision_scores_.min() and first.decision_scores_.max() <= 1.0
    assert first.labels_.mean() == pytest.approx(0.1, abs=0.02)


def test_registered_as_a_detector_and_refuses_a_second_layer_of_synthetic_rows():
    blend = pyod_synth.get_detector("blend", members=[{**RF, "generator": "nngmix"}])
    assert isinstance(blend, ScoreBlend)
    assert pyod_synth.get_detector("blend").members == DEFAULT_MEMBERS
    X, y, _ = central_anomalies()
    with pytest.raises(ValueError, match="draws its own synthetic anomalies.*n_synthetic=0"):
        Augmented(blend, "uniform", random_state=0).fit(X, y)
    # With nothing labeled the outer Augmented lets through a blend whose members draw
    # anomalies themselves (the bench's la = 0 runs).
    unlabeled = pyod_synth.get_detector(
        "blend", members=[{**RF, "generator": "uniform", "n_synthetic": 1.0}, "iforest"]
    )
    outer = Augmented(unlabeled, n_synthetic=0, random_state=0).fit(X, np.zeros_like(y))
    assert outer.n_synthetic_ == 0 and outer.detector_.n_synthetic_ == X.shape[0]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"weights": "best"}, 'weights must be "equal", "validate" or one number per member'),
        ({"weights": [1.0]}, r"one non-negative number per member \(2\)"),
        ({"weights": [0, 0]}, "not all zero"),
        ({"weights": [1, np.nan]}, "one non-negative number"),
        ({"weights": "validate", "members": ["iforest", "hbos", "pca"]}, "exactly 2 members"),
        ({"weights": "validate", "weight_grid": []}, "weight_grid is empty"),
        ({"weights": "validate", "weight_grid": [0.5, 2]}, "every weight_grid value"),
        ({"cv": 1}, "cv must be an integer >= 2"),
        ({"fallback_weight": -0.1}, "fallback_weight"),
        ({"members": []}, "members is empty"),
        ({"members": "iforest"}, "members must be a list"),
        ({"members": ["forest", "iforest"]}, "unknown unsupervised detector 'forest'"),
        ({"members": ["catboost", "iforest"]}, r"given as a dict, e.g. \{'detector': 'catboost'"),
        ({"members": [{"detectr": "catboost"}, "iforest"]}, "is not a set of Augmented param"),
        ({"members": [3, "iforest"]}, "every member must be a dict of Augmented parameters"),
        ({"contamination": 0.9}, "contamination"),
    ],
)
def test_bad_parameters_are_refused_in_fit_with_the_fix(params, message):
    X, y, _ = central_anomalies()
    blend = ScoreBlend(**{"members": [RF, "iforest"], **params})  # __init__ only stores
    with pytest.raises((ValueError, TypeError), match=message):
        blend.fit(X, y)


def test_member_instances_are_cloned_not_fitted_in_place():
    X, y, _ = central_anomalies()
    mine = IForest(n_estimators=20)
    forest = Augmented(RandomForestClassifier(n_estimators=10), n_synthetic=0)
    blend = ScoreBlend([forest, mine], random_state=0).fit(X, y)
    assert not hasattr(mine, "decision_scores_") and not hasattr(forest, "detector_")
    assert blend.members_[1].n_estimators == 20


def test_a_member_that_cannot_fit_is_named_with_a_fix_at_la_0():
    X, _, _ = central_anomalies()
    members = ["iforest", {**RF, "n_synthetic": 0}]
    with pytest.raises(ValueError, match=r"blend member 1 \(\{'detector': 'random_forest', "
                       r"'n_synthetic': 0\}\) could not be fitted: .*one class.*With no "
                       r"labeled anomaly, give every label learner a generator") as info:
        ScoreBlend(members, random_state=0).fit(X)
    assert "one class only" in str(info.value.__cause__)
    fixed = ScoreBlend(["iforest", {**RF, "generator": "uniform"}], random_state=0).fit(X)
    assert np.isfinite(fixed.decision_scores_).all()
