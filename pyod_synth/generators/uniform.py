"""Uniform anomalies over the training data's bounding box (Lau, Zhou et al. 2025)."""

from __future__ import annotations

import numpy as np

from pyod_synth.generators.base import BaseGenerator
from pyod_synth.validation import check_non_negative_real


class UniformGenerator(BaseGenerator):
    """Draw anomalies uniformly over the per-feature [min, max] box of the training rows.

    This is the generator of Lau, Zhou et al. (2025, arXiv 2506.13955), itself a port of
    MADI's cuboid negative sampling: a classifier trained on normal data against these
    samples estimates a density level set, with minimax-optimal rates for ReLU networks.
    It needs no labeled anomaly.

    Parameters
    ----------
    margin : float, default=0.0
        Widen each numeric feature's interval by ``margin * (max - min)`` on both sides
        (Lau et al. use 0; MADI's default is 0.05).

    Attributes
    ----------
    low_, high_ : ndarray of shape (n_encoded_features,)
        The sampling box, over the encoded columns.

    Categorical and binary columns (see ``BaseGenerator``): a draw over the box is projected
    to a valid row, which gives each one-hot group one category drawn uniformly and each
    binary column Bernoulli(0.5): Lau et al.'s generator. Binary columns are bool columns and
    every column whose training values all lie in {0, 1}; a constant 0 (or 1) column stays
    constant, so it cannot give the anomalies away. Margins never widen them.

    Notes
    -----
    Default count (``auto_n_samples``): as many samples as training rows, Lau et al.'s
    n' = n + n-. In high dimension uniform samples become trivially separable; prefer a
    data-shaped generator (``nngmix``, ``mixup``, ``smote``) for embeddings.

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.generators.uniform import UniformGenerator
    >>> X = np.array([[0.0, 1.0], [2.0, 3.0], [1.0, 2.0]])
    >>> gen = UniformGenerator().fit(X)
    >>> gen.sample(4, random_state=0).shape
    (4, 2)
    >>> S = gen.sample(100, random_state=0)
    >>> bool(((S >= [0, 1]) & (S <= [2, 3])).all())
    True
    """

    def __init__(self, margin=0.0):
        self.margin = margin

    def _check_params(self) -> None:
        check_non_negative_real(self.margin, "margin")

    def _fit(self, X, is_anomaly):
        low, high = X.min(axis=0), X.max(axis=0)
        spread = np.where(self.feature_encoder_.discrete_mask(), 0.0, high - low)
        self.low_ = low - self.margin * spread
        self.high_ = high + self.margin * spread

    def _sample(self, n_samples, rng):
        return rng.uniform(self.low_, self.high_, size=(n_samples, self.low_.shape[0]))
