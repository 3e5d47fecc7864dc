"""Labeled anomalies plus Gaussian noise (NNG-Mix paper's ``gaussian_noise`` baseline)."""

from __future__ import annotations

import numpy as np

from pyod_synth.generators.base import BaseGenerator
from pyod_synth.validation import check_choice, check_non_negative_real

SCALES = ("absolute", "feature")


class GaussianNoiseGenerator(BaseGenerator):
    """Jitter labeled anomalies: ``anchor + N(0, std^2)`` independently per feature.

    This is the ``gaussian_noise`` baseline of the NNG-Mix paper (Dong et al., TNNLS
    2024), re-implemented from its description. The reference's ``gaussian_var = 1.0``
    is used as the *standard deviation*, one global value for every feature; on
    min-max-scaled data that is as wide as the whole data range. ``scale="feature"``
    multiplies ``std`` by each feature's training standard deviation instead, which
    makes the noise independent of the units of unscaled data.

    Parameters
    ----------
    std : float, default=1.0
        Noise standard deviation (absolute, or relative to each feature's spread).
    scale : {"absolute", "feature"}, default="absolute"
        "absolute" (reference): the same ``std`` for every feature. "feature":
        ``std`` times the feature's standard deviation over all training rows, so a
        constant feature gets no noise.

    Attributes
    ----------
    anomalies_ : ndarray of shape (n_anomalies, n_features)
        The labeled anomalies (the anchors).
    noise_std_ : ndarray of shape (n_encoded_features,)
        The noise standard deviation of each encoded feature; 0 on one-hot groups and
        binary columns, so every sample keeps its anchor's categories and binary values.

    Notes
    -----
    Default count (``auto_n_samples``): 5 per labeled anomaly.

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.generators.gaussian_noise import GaussianNoiseGenerator
    >>> X = np.array([[0.0, 100.0], [1.0, 300.0], [0.5, 200.0]]); y = np.array([1, 0, 0])
    >>> gen = GaussianNoiseGenerator(std=0.1, scale="feature").fit(X, y)
    >>> gen.noise_std_.round(3)
    array([0.041, 8.165])
    >>> gen.sample(2, random_state=0).shape
    (2, 2)
    """

    requires_anomalies = True
    auto_per_anomaly = 5

    def __init__(self, std=1.0, scale="absolute"):
        self.std = std
        self.scale = scale

    def _check_params(self) -> None:
        check_non_negative_real(self.std, "std")
        check_choice(
            self.scale, "scale", SCALES,
            " ('absolute' = the same std for every feature, as in the reference)",
        )

    def _fit(self, X, is_anomaly):
        spread = X.std(axis=0) if self.scale == "feature" else np.ones(X.shape[1])
        # No noise on one-hot groups and binary columns: a sample keeps its anchor's categories.
        self.noise_std_ = np.where(self.feature_encoder_.discrete_mask(), 0.0,
                                   float(self.std) * spread)
        self.anomalies_ = X[is_anomaly]

    def _sample(self, n_samples, rng):
        anchors = rng.integers(0, self.anomalies_.shape[0], size=n_samples)
        noise = rng.standard_normal((n_samples, self.anomalies_.shape[1])) * self.noise_std_
        return self.anomalies_[anchors] + noise
