"""SMOTE-style interpolation between labeled anomalies and their nearest labeled neighbours."""

from __future__ import annotations

import warnings

import numpy as np

from pyod_synth.generators.base import BaseGenerator
from pyod_synth.generators.mixing import nearest_other_rows
from pyod_synth.validation import check_positive_int


class SMOTEGenerator(BaseGenerator):
    """Oversample labeled anomalies on segments towards their nearest labeled neighbours.

    SMOTE (Chawla et al., 2002) as an anomaly generator: the anchor is a labeled
    anomaly drawn uniformly, the partner is drawn uniformly among its ``k_neighbors``
    Euclidean nearest *other* labeled anomalies, and the sample is
    ``anchor + lam * (partner - anchor)`` with ``lam ~ Uniform(0, 1)``. Unlike Mixup or
    NNG-Mix it never uses unlabeled rows, so it only fills in the region the labeled
    anomalies already span. Vectorised: the neighbour table is computed once in
    ``fit`` and all draws are batched.

    Parameters
    ----------
    k_neighbors : int, default=5
        Number of nearest other labeled anomalies a partner is drawn from (SMOTE's
        default), clipped to ``n_anomalies - 1``.

    Attributes
    ----------
    anomalies_ : ndarray of shape (n_anomalies, n_features)
        The labeled anomalies.
    neighbors_ : ndarray of int, shape (n_anomalies, k)
        Row positions in ``anomalies_`` of each anomaly's partner candidates, nearest
        first, never the anomaly's own position.

    Notes
    -----
    With a single labeled anomaly there is nothing to interpolate with: every sample is
    a copy of it, and ``fit`` warns. (imbalanced-learn's SMOTE raises instead; a copy
    keeps mixtures and grids running on datasets with one labeled anomaly.) Exact
    duplicates of an anomaly are legitimate partners, giving copies too.
    Default count (``auto_n_samples``): 5 per labeled anomaly.

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.generators.smote import SMOTEGenerator
    >>> X = np.array([[0.0, 0.0], [1.0, 0.0], [9.0, 9.0], [5.0, 5.0]]); y = np.array([1, 1, 1, 0])
    >>> gen = SMOTEGenerator(k_neighbors=1).fit(X, y)
    >>> gen.neighbors_.ravel().tolist()   # each anomaly's nearest other anomaly
    [1, 0, 1]
    >>> gen.sample(3, random_state=0).shape
    (3, 2)
    """

    requires_anomalies = True
    auto_per_anomaly = 5

    def __init__(self, k_neighbors=5):
        self.k_neighbors = k_neighbors

    def _check_params(self) -> None:
        check_positive_int(self.k_neighbors, "k_neighbors")

    def _fit(self, X, is_anomaly):
        k = int(self.k_neighbors)
        self.anomalies_ = X[is_anomaly]
        n_anomalies = self.anomalies_.shape[0]
        if n_anomalies == 1:
            warnings.warn(
                "SMOTEGenerator got a single labeled anomaly, so every sample is a copy of "
                "it. Label more anomalies, or use a generator that also uses unlabeled "
                "rows, such as 'nngmix' or 'mixup'.",
                UserWarning,
                stacklevel=3,
            )
            self.neighbors_ = np.zeros((1, 1), dtype=np.intp)
            return
        self.neighbors_ = nearest_other_rows(self.anomalies_, min(k, n_anomalies - 1))

    def _sample(self, n_samples, rng):
        anchors = rng.integers(0, self.anomalies_.shape[0], size=n_samples)
        choice = rng.integers(0, self.neighbors_.shape[1], size=n_samples)
        partners = self.neighbors_[anchors, choice]
        lam = rng.uniform(0.0, 1.0, size=(n_samples, 1))
        anchor_rows = self.anomalies_[anchors]
        # SMOTE's own form: an identical partner gives an exact copy, not a rounded one
        return anchor_rows + lam * (self.anomalies_[partners] - anchor_rows)
