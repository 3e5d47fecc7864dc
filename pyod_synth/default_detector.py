"""``DefaultDetector``: the detector to reach for first (registered as ``"default"``).

A ``ScoreBlend`` configuration, chosen on development tasks by the rule in
``benchmarks/default_detector_rule.md`` before any held-out result was seen
(issue 10, "the bar no anchor reaches"); its held-out results, misses included, are in
``benchmarks/README.md``.
"""

from __future__ import annotations

from pyod_synth.blend import ScoreBlend

# Chosen by benchmarks/default_detector_rule.md (see the README's "default" section).
DEFAULT_DETECTOR_MEMBERS = (
    "iforest",
    {"detector": "catboost", "n_synthetic": 0},
    {"detector": "catboost", "generator": "nngmix"},
)
DEFAULT_DETECTOR_SCALING = "tail"
DEFAULT_DETECTOR_FUSION = "max"


class DefaultDetector(ScoreBlend):
    """IForest with no labels; with labels, IForest and CatBoost fused by the largest tail score.

    A :class:`~pyod_synth.blend.ScoreBlend` with other defaults: when ``y`` labels no
    anomaly, the label-learning members are left out and the scores rank rows exactly as
    IForest's do; when anomalies are labeled, each member's score becomes ``-log`` of its
    tail probability among the training rows labeled 0 (``scaling="tail"``) and a row
    scores its members' largest (``fusion="max"``), so a row IForest isolates far beyond
    the training rows stays on top even when the classifiers, which learned only the
    known anomaly types, call it normal. Every parameter is ``ScoreBlend``'s; the members
    need the catboost extra.

    Parameters
    ----------
    members, weights, scaling, fusion, without_labels, weight_grid, cv, fallback_weight, \
contamination, random_state
        As for :class:`~pyod_synth.blend.ScoreBlend`; the defaults are the chosen
        configuration (``DEFAULT_DETECTOR_MEMBERS``, ``"tail"``, ``"max"``,
        ``without_labels="unsupervised"``).

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.default_detector import DefaultDetector
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(size=(300, 3)), rng.normal(3, 0.3, size=(20, 3))])
    >>> y = np.r_[np.zeros(300), np.ones(20)]  # a known anomaly type, all labeled
    >>> det = DefaultDetector(random_state=0).fit(X, y)
    >>> known, unseen, normal = det.decision_function([[3, 3, 3], [-6, 6, -6], [0, 0, 0]])
    >>> bool(min(known, unseen) > normal)
    True
    """

    def __init__(
        self,
        members=DEFAULT_DETECTOR_MEMBERS,
        weights="equal",
        scaling=DEFAULT_DETECTOR_SCALING,
        fusion=DEFAULT_DETECTOR_FUSION,
        without_labels="unsupervised",
        weight_grid=(0.0, 0.25, 0.5, 0.75, 1.0),
        cv=3,
        fallback_weight=0.5,
        contamination=0.1,
        random_state=None,
        feature_types=None,
    ):
        super().__init__(
            members=members,
            weights=weights,
            scaling=scaling,
            fusion=fusion,
            without_labels=without_labels,
            weight_grid=weight_grid,
            cv=cv,
            fallback_weight=fallback_weight,
            contamination=contamination,
            random_state=random_state,
            feature_types=feature_types,
        )
