"""Mixup between labeled anomalies and the training rows (NNG-Mix paper's baseline)."""

from __future__ import annotations

from pyod_synth.generators.base import BaseGenerator
from pyod_synth.generators.mixing import draw_lambda, draw_partners, partner_pool
from pyod_synth.validation import check_lambda_params, check_pool


class MixupGenerator(BaseGenerator):
    """Mix a labeled anomaly with a random partner row: ``lam * anchor + (1 - lam) * partner``.

    This is the ``mixup`` baseline of the NNG-Mix paper (Dong et al., TNNLS 2024),
    re-implemented from its description: the anchor is a labeled anomaly drawn
    uniformly; the partner is drawn uniformly from a pool, either every training row
    (labeled anomalies plus unlabeled rows, the reference default) or the labeled
    anomalies only (the reference's ``--use_anomaly_only``). Unlike NNG-Mix there is
    no nearest-neighbour step and no noise.

    Parameters
    ----------
    pool : {"all", "anomalies"}, default="all"
        Where partners come from. With "all" the unlabeled rows dominate the pool, so
        most samples are mixes of an anomaly and a (probably normal) unlabeled row.
    lam : {"beta", "uniform"}, default="beta"
        Distribution of the mixing weight: Beta(alpha, beta) or Uniform(0, 1).
    alpha, beta : float, default=0.2
        Beta shape parameters (ignored for ``lam="uniform"``). Beta(0.2, 0.2) is
        U-shaped: about a third of the samples lie within 10 % of the partner.

    Attributes
    ----------
    pool_ : ndarray of shape (n_pool, n_features)
        The partner pool; its first ``n_anomalies_fit_`` rows are the labeled anomalies
        (the anchors).

    Notes
    -----
    The partner is never the anchor's own row when there are at least two labeled
    anomalies; with a single one (as in the reference) it may be, which returns a copy
    of that anomaly. Identical copies of the anchor elsewhere in the pool can always be
    picked. All samples lie in the convex hull of the training rows.
    Default count (``auto_n_samples``): 5 per labeled anomaly.

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.generators.mixup import MixupGenerator
    >>> X = np.random.default_rng(0).normal(size=(100, 3)); y = np.r_[np.ones(5), np.zeros(95)]
    >>> gen = MixupGenerator().fit(X, y)
    >>> gen.sample(4, random_state=0).shape
    (4, 3)
    >>> gen.auto_n_samples()
    25
    """

    requires_anomalies = True
    auto_per_anomaly = 5

    def __init__(self, pool="all", lam="beta", alpha=0.2, beta=0.2):
        self.pool = pool
        self.lam = lam
        self.alpha = alpha
        self.beta = beta

    def _check_params(self) -> None:
        check_pool(self.pool)
        check_lambda_params(self.lam, self.alpha, self.beta)

    def _fit(self, X, is_anomaly):
        self.pool_ = partner_pool(X, is_anomaly, self.pool)

    def _sample(self, n_samples, rng):
        n_anomalies = self.n_anomalies_fit_
        anchors = rng.integers(0, n_anomalies, size=n_samples)
        partners = draw_partners(rng, anchors, self.pool_.shape[0], n_anomalies > 1)
        lam = draw_lambda(rng, n_samples, self.lam, self.alpha, self.beta)
        return lam * self.pool_[anchors] + (1.0 - lam) * self.pool_[partners]
