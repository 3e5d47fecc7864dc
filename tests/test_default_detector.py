"""The ``default`` detector, and the ScoreBlend options it is made of (tail scaling, max
fusion, label learners left out when nothing is labeled)."""

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from pyod_synth import ScoreBlend, get_detector
from pyod_synth.blend import fuse, tail_scale

pytest.importorskip("catboost")


def _data(seed=0):
    """Normals, a known anomaly type inside the normals' range (IForest misses it), and an
    unseen one far outside it."""
    rng = np.random.default_rng(seed)
    normals = rng.normal(size=(400, 4))
    known = rng.normal(0.0, 0.1, size=(30, 4)) + [1.0, -1.0, 1.0, -1.0]
    X = np.vstack([normals, known])
    y = np.r_[np.zeros(400), np.ones(30)]
    X_test = np.vstack([
        rng.normal(size=(200, 4)),
        rng.normal(0.0, 0.1, size=(10, 4)) + [1.0, -1.0, 1.0, -1.0],
        rng.normal(0.0, 0.3, size=(10, 4)) + 6.0,
    ])
    kinds = np.r_[np.zeros(200), np.ones(10), np.full(10, 2)]
    return X, y, X_test, kinds


def test_default_is_registered_and_without_labels_ranks_as_iforest():
    X, _, X_test, _ = _data()
    default = get_detector("default", random_state=3).fit(X)
    assert default.weights_.tolist() == [1.0, 0.0, 0.0]
    assert default.members_[1] is None and default.n_synthetic_ == 0
    # Its IForest is the one a one-member blend with the same seed fits...
    iforest = ScoreBlend(["iforest"], random_state=3).fit(X).members_[0]
    raw = iforest.decision_function(X_test)
    np.testing.assert_array_equal(default.members_[0].decision_function(X_test), raw)
    # ... and its scores are an increasing function of IForest's (its ranking).
    for scores, by in ((default.decision_function(X_test), raw),
                       (default.decision_scores_, iforest.decision_scores_)):
        order = np.argsort(by, kind="stable")
        assert np.all(np.diff(scores[order]) >= 0)
        # Strictly so wherever IForest tells rows apart inside its training range: no ties
        # that IForest does not have.
        apart = (np.diff(by[order]) > 0) & (by[order][:-1] >= iforest.decision_scores_.min())
        assert apart.sum() > 100 and np.all(np.diff(scores[order])[apart] > 0)


def test_with_labels_both_the_known_and_the_unseen_type_rank_above_the_normals():
    X, y, X_test, kinds = _data()
    scores = get_detector("default", random_state=0).fit(X, y).decision_function(X_test)
    iforest = ScoreBlend(["iforest"], random_state=0).fit(X).decision_function(X_test)
    normal = kinds == 0
    for kind in (1, 2):
        rows = normal | (kinds == kind)
        assert roc_auc_score(kinds[rows] == kind, scores[rows]) > 0.95
    # IForest alone does not find the known type (so the classifier member is what did).
    rows = normal | (kinds == 1)
    assert roc_auc_score(kinds[rows] == 1, iforest[rows]) < 0.9


def test_tail_scale_is_increasing_and_extrapolates_beyond_the_reference():
    reference = np.sort(np.random.default_rng(0).normal(size=1000))
    scores = np.array([-5.0, 0.0, 2.0, reference[-1], reference[-1] + 1, reference[-1] + 2])
    out = tail_scale(scores, reference)
    assert np.all(np.diff(out) > 0)
    assert out[0] == pytest.approx(-np.log(1001 / 1001))  # every reference row is above
    assert out[-1] > -np.log(1 / 1001)  # beyond every reference row: p < 1 / (n + 1)


def test_max_fusion_keeps_one_members_alarm_and_breaks_ties_by_the_mean():
    a, b = np.array([0.9, 0.1, 0.9]), np.array([0.1, 0.9, 0.5])
    out = fuse([a, b], [1, 1], "max")
    assert out[2] > out[0] > 0.9 - 1e-6 and out[1] == pytest.approx(out[0])
    np.testing.assert_allclose(fuse([a, b], [1, 1], "mean"), [0.5, 0.5, 0.7])
    np.testing.assert_allclose(fuse([a, b], [1, 0], "max"), a + a * 1e-8)


@pytest.mark.parametrize("params, message", [
    ({"fusion": "median"}, "fusion must be one of"),
    ({"scaling": "zscore"}, "scaling must be one of"),
    ({"without_labels": "skip"}, "without_labels must be one of"),
    ({"members": [{"detector": "random_forest", "n_synthetic": 0}],
      "without_labels": "unsupervised"}, "at least one unsupervised member"),
])
def test_bad_options_are_named(params, message):
    X, y, _, _ = _data()
    with pytest.raises(ValueError, match=message):
        ScoreBlend(**params).fit(X, y)
