"""CutMix: paste a block of features from a donor row into a labeled anomaly (NNG-Mix baseline)."""

from __future__ import annotations

import numpy as np

from pyod_synth.generators.base import BaseGenerator
from pyod_synth.generators.cutout import block_mask, draw_blocks
from pyod_synth.generators.mixing import draw_partners, partner_pool
from pyod_synth.validation import check_block_params, check_bool, check_pool


class CutMixGenerator(BaseGenerator):
    """Copy a labeled anomaly and paste into it a contiguous block of a donor row's features.

    This is the ``cutmix`` baseline of the NNG-Mix paper (Dong et al., TNNLS 2024),
    re-implemented from its description. The base is a labeled anomaly drawn uniformly;
    the donor is drawn uniformly from a pool (every training row by default, or the
    labeled anomalies only), never the base's own row when there are at least two
    labeled anomalies. The block ``[start, stop)`` is drawn as in
    :class:`~pyod_synth.generators.cutout.CutoutGenerator`.

    By default the block is pasted at a random offset ``y`` in
    ``{0, ..., n_features - width - 1}``, as in the reference: donor feature
    ``start + i`` lands in position ``y + i``, so features are *shifted*, and the last
    feature is never overwritten. ``same_position=True`` pastes the block where it was
    cut, the usual CutMix. As in the reference, a block of width 0 (always for
    ``n_features <= 6`` with the default range) returns an exact copy of the anomaly;
    ``min_width=1`` prevents it.

    Parameters
    ----------
    pool : {"all", "anomalies"}, default="all"
        Where donors come from: every training row (reference) or the labeled
        anomalies only (the reference's ``--use_anomaly_only``).
    width_range : (float, float), default=(0.1, 0.3)
        Range of the block width as a fraction of ``n_features``.
    same_position : bool, default=False
        Paste the block at the position it was cut from instead of a random offset.
    min_width : int, default=0
        Minimum block width (capped at ``n_features``); 0 reproduces the reference.

    Attributes
    ----------
    pool_ : ndarray of shape (n_pool, n_features)
        The donor pool; its first ``n_anomalies_fit_`` rows are the labeled anomalies
        (the base rows).

    Notes
    -----
    When the block spans every feature there is no other offset, and it is pasted at 0.
    Default count (``auto_n_samples``): 5 per labeled anomaly.

    Mixed-type data: the block is cut from the *encoded* row, so its edge can split a
    one-hot group. Such a group then holds part of the base's one-hot and part of the
    donor's (with the default shifted paste, of other columns too), and the projection to
    a valid row gives it the category with the largest entry: the base's or the donor's
    when exactly one is set, and a category drawn uniformly from the tied ones (from the
    sample's ``random_state``) when none or several are set. A group inside the block takes
    the donor's category. Every category comes from the training data.

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.generators.cutmix import CutMixGenerator
    >>> X = np.r_[np.zeros((1, 8)), np.ones((1, 8)), np.full((3, 8), 5.0)]
    >>> y = np.array([1, 1, 0, 0, 0])
    >>> gen = CutMixGenerator(pool="anomalies", min_width=1).fit(X, y)
    >>> S = gen.sample(5, random_state=0)
    >>> S.shape, bool(((S.min(axis=1) == 0) & (S.max(axis=1) == 1)).all())  # both anomalies
    ((5, 8), True)
    """

    requires_anomalies = True
    auto_per_anomaly = 5

    def __init__(self, pool="all", width_range=(0.1, 0.3), same_position=False, min_width=0):
        self.pool = pool
        self.width_range = width_range
        self.same_position = same_position
        self.min_width = min_width

    def _check_params(self) -> None:
        check_pool(self.pool)
        check_block_params(self.width_range, self.min_width)
        check_bool(self.same_position, "same_position")

    def _fit(self, X, is_anomaly):
        self.pool_ = partner_pool(X, is_anomaly, self.pool)

    def _sample(self, n_samples, rng):
        n_anomalies = self.n_anomalies_fit_
        n_features = self.pool_.shape[1]
        base = rng.integers(0, n_anomalies, size=n_samples)
        donor = draw_partners(rng, base, self.pool_.shape[0], n_anomalies > 1)
        start, stop = draw_blocks(rng, n_samples, n_features, self.width_range, self.min_width)
        width = stop - start
        if self.same_position:
            offset = start
        else:
            offset = rng.integers(0, np.maximum(n_features - width, 1))
        columns = np.arange(n_features)[None, :]
        source = np.clip(columns - offset[:, None] + start[:, None], 0, n_features - 1)
        donated = np.take_along_axis(self.pool_[donor], source, axis=1)
        return np.where(block_mask(offset, offset + width, n_features), donated, self.pool_[base])
