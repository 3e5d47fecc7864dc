"""Cutout: overwrite a contiguous block of features of a training row (NNG-Mix paper's baseline).

Also holds the block drawing shared with CutMix.
"""

from __future__ import annotations

import numpy as np

from pyod_synth.generators.base import BaseGenerator
from pyod_synth.generators.mixing import partner_pool
from pyod_synth.validation import check_block_params, check_finite_real, check_pool


def draw_blocks(
    rng: np.random.Generator, n: int, n_features: int, width_range, min_width: int
) -> tuple[np.ndarray, np.ndarray]:
    """Feature blocks ``[start, stop)``, one per sample, as the NNG-Mix reference draws them.

    r ~ Uniform(width_range), c = max(1, int(r * d)), centre uniform over the features,
    block = [clip(centre - c // 2), clip(centre + c // 2)). Its width is at most
    2 * (c // 2), hence 0 whenever c < 2 (always for d <= 6 with the default range).
    Blocks narrower than ``min(min_width, d)`` are widened to that width around their
    centre, shifted inwards at the edges.
    """
    ratio = rng.uniform(width_range[0], width_range[1], size=n)
    half = np.maximum(1, (ratio * n_features).astype(np.int64)) // 2
    centre = rng.integers(0, n_features, size=n)
    start = np.clip(centre - half, 0, n_features)
    stop = np.clip(centre + half, 0, n_features)
    width = min(int(min_width), n_features)
    short = stop - start < width
    start[short] = np.clip(centre[short] - width // 2, 0, n_features - width)
    stop[short] = start[short] + width
    return start, stop


def block_mask(start: np.ndarray, stop: np.ndarray, n_features: int) -> np.ndarray:
    """Boolean (n, n_features) mask, True on each row's ``[start, stop)``."""
    columns = np.arange(n_features)[None, :]
    return (columns >= start[:, None]) & (columns < stop[:, None])


class CutoutGenerator(BaseGenerator):
    """Take a training row and overwrite a random contiguous block of its features.

    This is the ``cutout`` baseline of the NNG-Mix paper (Dong et al., TNNLS 2024),
    re-implemented from its description. By default it keeps the reference's
    behaviour, including two quirks worth knowing before using it as a baseline:

    * the base row is drawn from *all* training rows (``pool="all"``), so it is
      usually an unlabeled, probably normal, row that gets labeled as an anomaly;
    * with the default width range, no feature is masked when ``n_features <= 6``
      (c // 2 == 0), so the "anomaly" is an unmodified copy of a training row. For
      ``n_features <= 13`` at most 2 features are masked. ``min_width=1`` fixes this.

    Parameters
    ----------
    pool : {"all", "anomalies"}, default="all"
        Where base rows come from: every training row (reference) or the labeled
        anomalies only (the reference's ``--use_anomaly_only``). With "all" no labeled
        anomaly is needed; see ``requires_anomalies``.
    width_range : (float, float), default=(0.1, 0.3)
        Range of the block width as a fraction of ``n_features`` (the reference's
        ``cutout_alpha``, ``cutout_beta``).
    fill_value : float or "min", default=0.0
        Value written into the block. 0.0 is the reference's, which is each feature's
        minimum on min-max-scaled data; "min" writes each feature's training minimum,
        the same thing on any scale.
    min_width : int, default=0
        Minimum number of masked features (capped at ``n_features``). 0 reproduces the
        reference; 1 guarantees that every sample differs from its base row wherever
        the fill value does.

    Attributes
    ----------
    pool_ : ndarray of shape (n_pool, n_features)
        The base rows: labeled anomalies first, then (with ``pool="all"``) the
        unlabeled rows.
    fill_ : ndarray of shape (n_features,)
        The value written into each feature.

    Notes
    -----
    Default count (``auto_n_samples``): 5 per labeled anomaly, or as many samples as
    training rows when there is none.

    Mixed-type data: the block is written into the *encoded* row, so a one-hot group it
    covers becomes all zeros (the fill value of a one-hot column, 0 or its minimum), and the
    projection to a valid row gives that group a category drawn uniformly from all of the
    group's training categories (from the sample's ``random_state``); a group the block's
    edge cuts keeps the base's category if its set column is outside the block, and gets a
    random one otherwise. Binary columns in the block become 0.

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.generators.cutout import CutoutGenerator
    >>> X = np.arange(40.0).reshape(4, 10) + 1; y = np.array([1, 0, 0, 0])
    >>> gen = CutoutGenerator(pool="anomalies", min_width=1).fit(X, y)
    >>> S = gen.sample(3, random_state=0)
    >>> S.shape, bool((S == 0).any(axis=1).all())
    ((3, 10), True)
    >>> CutoutGenerator().requires_anomalies, CutoutGenerator(pool="anomalies").requires_anomalies
    (False, True)
    """

    auto_per_anomaly = 5

    def __init__(self, pool="all", width_range=(0.1, 0.3), fill_value=0.0, min_width=0):
        self.pool = pool
        self.width_range = width_range
        self.fill_value = fill_value
        self.min_width = min_width

    @property
    def requires_anomalies(self) -> bool:
        """Only base rows drawn from the labeled anomalies need them."""
        return self.pool == "anomalies"

    def _check_params(self) -> None:
        check_pool(self.pool)
        check_block_params(self.width_range, self.min_width)
        if not (isinstance(self.fill_value, str) and self.fill_value == "min"):
            check_finite_real(
                self.fill_value, "fill_value", " or 'min' (each feature's training minimum)"
            )

    def _fit(self, X, is_anomaly):
        self.fill_ = _fill_values(self.fill_value, X)
        self.pool_ = partner_pool(X, is_anomaly, self.pool)

    def _sample(self, n_samples, rng):
        n_features = self.pool_.shape[1]
        base = rng.integers(0, self.pool_.shape[0], size=n_samples)
        start, stop = draw_blocks(rng, n_samples, n_features, self.width_range, self.min_width)
        return np.where(block_mask(start, stop, n_features), self.fill_, self.pool_[base])


def _fill_values(fill_value, X: np.ndarray) -> np.ndarray:
    if isinstance(fill_value, str):  # "min", checked in _check_params
        return X.min(axis=0)
    return np.full(X.shape[1], float(fill_value))
