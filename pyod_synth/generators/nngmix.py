"""NNG-Mix: mix labeled anomalies with their nearest neighbours (Dong et al., TNNLS 2024)."""

from __future__ import annotations

import numpy as np
from sklearn.neighbors import NearestNeighbors

from pyod_synth.generators.base import BaseGenerator
from pyod_synth.generators.mixing import draw_lambda, nearest_other_rows
from pyod_synth.validation import (
    check_bool,
    check_fraction,
    check_lambda_params,
    check_non_negative_real,
    check_positive_int,
)

# Bytes of unlabeled rows copied per neighbour-search block. Searching the pool block by
# block keeps the extra memory of ``fit`` independent of the number of unlabeled rows
# (no copy of all of them, no anchors x pool distance matrix).
_POOL_BLOCK_BYTES = 64 * 2**20


class NNGMixGenerator(BaseGenerator):
    """Pseudo-anomalies mixed from labeled anomalies and their nearest neighbours.

    NNG-Mix (Dong, Frusque, Zhao, Chatzi, Fink, IEEE TNNLS 2024, arXiv 2311.11961).
    Each sample picks an anchor ``a`` uniformly among the labeled anomalies. With
    probability ``p_unlabeled`` its partner ``p`` is drawn uniformly among the anchor's
    ``n_neighbors`` Euclidean nearest unlabeled rows, otherwise among its
    ``n_neighbors_anomaly`` nearest labeled anomalies (a set that, as in the reference
    code, counts the anchor itself, which is then excluded by position). With
    ``lam ~ Beta(alpha, beta)`` and independent noise ``e1, e2 ~ N(0, noise_std^2 I)``
    the sample is ``lam * (a + e1) + (1 - lam) * (p + e2)``.

    Neighbours are searched once per labeled anomaly in ``fit`` (exact Euclidean
    distances, in memory-bounded blocks of the unlabeled pool); ``sample`` is fully
    vectorised.

    Parameters
    ----------
    n_neighbors : int, default=10
        k for the unlabeled pool (``--nn_k``). Clipped to the number of unlabeled rows.
        Ignored when ``adjust_k=True``.
    n_neighbors_anomaly : int, default=10
        k for the labeled anomalies, the anchor included (``--nn_k_anomaly``). Clipped
        to the number of labeled anomalies. Ignored when ``adjust_k_anomaly=True``.
    p_unlabeled : float in [0, 1], default=0.5
        Probability that the partner comes from the unlabeled pool (0.5, hard-coded in
        the reference).
    lam : {"beta", "uniform"}, default="beta"
        Distribution of the mixing weight; "uniform" is the paper's ``--use_uniform``
        ablation.
    alpha, beta : float, default=0.2
        Beta shape parameters (used when ``lam="beta"``). Beta(0.2, 0.2) is U-shaped.
    noise_std : float >= 0, default=0.01
        Standard deviation of the noise added to both endpoints, in the units of X (the
        reference works on min-max scaled data and uses 0.01, or 0.3 for an MLP on image
        and text embeddings). 0 gives the "NN-Mix" ablation without noise. Never added to
        categorical (one-hot) or binary columns: there the projection gives the sample the
        category (or 0/1 value) of the endpoint with the larger weight, ``a`` if
        ``lam > 0.5``, ``p`` if ``lam < 0.5``, either at random when ``lam == 0.5``.
    adjust_k : bool, default=False
        Use ``k = 2 * n_anomalies`` for the unlabeled pool (``--adjust_nn_k``).
    adjust_k_anomaly : bool, default=False
        Use ``k = max(1, int(0.3 * n_anomalies))`` for the labeled anomalies
        (``--adjust_nn_k_anomaly``).

    Attributes
    ----------
    pool_ : ndarray of shape (n_unlabeled_kept_ + n_anomalies_fit_, n_features)
        The rows samples are mixed from: first the unlabeled rows that are some
        anchor's neighbour (not the whole unlabeled pool), then the labeled anomalies.
    n_unlabeled_kept_ : int
        Number of unlabeled rows kept in ``pool_``.
    unlabeled_neighbors_ : ndarray of int, shape (n_anomalies_fit_, n_neighbors_)
        Row positions in ``pool_`` of each anomaly's nearest unlabeled rows, nearest first.
    anomaly_neighbors_ : ndarray of int, shape (n_anomalies_fit_, m)
        Row positions in ``pool_`` of each anomaly's candidate anomaly partners:
        ``m = n_neighbors_anomaly_ - 1`` (the anchor excluded), or the anchor itself
        (``m = 1``) when ``n_neighbors_anomaly_ == 1``.
    n_neighbors_ : int
        Effective k for the unlabeled pool (0 if the unlabeled branch is never used).
    n_neighbors_anomaly_ : int
        Effective k for the labeled anomalies (anchor included).

    Notes
    -----
    Default count (``auto_n_samples``): 5 samples per labeled anomaly, the middle of
    the paper's 1x / 5x / 10x grid.

    Behaviour kept from the reference code, on purpose:

    - No clipping: with noise, samples may leave the box of the training data (e.g.
      fall below 0 on min-max scaled features); without noise they are convex
      combinations of two rows and stay inside it.
    - Beta(0.2, 0.2) puts P(lam < 0.1) = 0.337 of the mass near the partner, so about a
      third of the unlabeled-branch samples lie within 10 % of an *unlabeled* row, yet
      they are labeled anomalies.
    - The anchor is excluded by position only: exact duplicates of an anchor (ADBench
      upsamples small datasets with replacement) can be its partner at distance 0.
    - With a single labeled anomaly (or ``n_neighbors_anomaly=1``) the anomaly-branch
      partner is the anchor itself: the sample is the anchor plus noise.
    - If every training row is a labeled anomaly there is no unlabeled pool, and every
      partner comes from the labeled anomalies, whatever ``p_unlabeled`` says.
    - The reference swaps lam and 1 - lam in the noise-free anomaly branch; with a
      symmetric lam distribution that is the same distribution, so it is not copied.

    The neighbour search is exact (not approximate), in float64 Euclidean distance:
    brute force with BLAS in high dimension, a KD-tree in low dimension, as chosen by
    scikit-learn's ``algorithm="auto"``. Which of several rows tied at the k-th
    distance is kept is left to scikit-learn (deterministic, not by row order).

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.generators.nngmix import NNGMixGenerator
    >>> rng = np.random.default_rng(0)
    >>> X = rng.random((500, 4)); y = np.r_[np.ones(10), np.zeros(490)]
    >>> gen = NNGMixGenerator().fit(X, y)
    >>> gen.sample(gen.auto_n_samples(), random_state=0).shape
    (50, 4)
    >>> gen.unlabeled_neighbors_.shape, gen.n_unlabeled_kept_ <= 10 * 10
    ((10, 10), True)
    """

    requires_anomalies = True
    auto_per_anomaly = 5

    def __init__(
        self,
        n_neighbors=10,
        n_neighbors_anomaly=10,
        p_unlabeled=0.5,
        lam="beta",
        alpha=0.2,
        beta=0.2,
        noise_std=0.01,
        adjust_k=False,
        adjust_k_anomaly=False,
    ):
        self.n_neighbors = n_neighbors
        self.n_neighbors_anomaly = n_neighbors_anomaly
        self.p_unlabeled = p_unlabeled
        self.lam = lam
        self.alpha = alpha
        self.beta = beta
        self.noise_std = noise_std
        self.adjust_k = adjust_k
        self.adjust_k_anomaly = adjust_k_anomaly

    def _check_params(self) -> None:
        check_positive_int(self.n_neighbors, "n_neighbors")
        check_positive_int(self.n_neighbors_anomaly, "n_neighbors_anomaly")
        check_lambda_params(self.lam, self.alpha, self.beta)
        check_fraction(self.p_unlabeled, "p_unlabeled", allow_zero=True, allow_one=True)
        check_non_negative_real(self.noise_std, "noise_std", " (0 disables the noise)")
        check_bool(self.adjust_k, "adjust_k")
        check_bool(self.adjust_k_anomaly, "adjust_k_anomaly")

    def _fit(self, X, is_anomaly):
        anomalies = X[is_anomaly]
        n_anomalies = anomalies.shape[0]
        n_unlabeled = X.shape[0] - n_anomalies

        k_u = 2 * n_anomalies if self.adjust_k else int(self.n_neighbors)
        k_u = min(k_u, n_unlabeled) if self.p_unlabeled > 0 else 0
        if k_u > 0:
            rows = _nearest_rows(X, ~is_anomaly, anomalies, k_u)
            kept, positions = np.unique(rows, return_inverse=True)
            unlabeled_rows = X[kept]
            unlabeled_neighbors = positions.reshape(rows.shape)
        else:
            unlabeled_rows = X[:0]
            unlabeled_neighbors = np.empty((n_anomalies, 0), dtype=np.intp)

        k_a = max(1, int(0.3 * n_anomalies)) if self.adjust_k_anomaly else int(
            self.n_neighbors_anomaly
        )
        k_a = min(k_a, n_anomalies)
        anomaly_neighbors = _other_anomalies(anomalies, k_a)

        n_kept = unlabeled_rows.shape[0]
        self.pool_ = np.concatenate([unlabeled_rows, anomalies])
        self.n_unlabeled_kept_ = n_kept
        self.unlabeled_neighbors_ = unlabeled_neighbors.astype(np.intp, copy=False)
        self.anomaly_neighbors_ = anomaly_neighbors + n_kept
        self.n_neighbors_ = k_u
        self.n_neighbors_anomaly_ = k_a

    def _sample(self, n_samples, rng):
        n_anomalies = self.anomaly_neighbors_.shape[0]
        p_unlabeled = self.p_unlabeled if self.n_neighbors_ > 0 else 0.0
        from_unlabeled = rng.random(n_samples) < p_unlabeled
        anchors = rng.integers(0, n_anomalies, size=n_samples)
        width = np.where(from_unlabeled, self.n_neighbors_, self.anomaly_neighbors_.shape[1])
        column = rng.integers(0, width)
        partners = np.empty(n_samples, dtype=np.intp)
        partners[from_unlabeled] = self.unlabeled_neighbors_[
            anchors[from_unlabeled], column[from_unlabeled]
        ]
        partners[~from_unlabeled] = self.anomaly_neighbors_[
            anchors[~from_unlabeled], column[~from_unlabeled]
        ]
        weight = draw_lambda(rng, n_samples, self.lam, self.alpha, self.beta)

        out = self.pool_[anchors + self.n_unlabeled_kept_]
        partner_rows = self.pool_[partners]
        if self.noise_std > 0:
            # Noise only on numeric columns: after projection a categorical takes the
            # category of the endpoint with the larger weight.
            scale = np.where(self.feature_encoder_.discrete_mask(), 0.0, self.noise_std)
            noise = rng.standard_normal(out.shape)
            out += scale * noise
            rng.standard_normal(out=noise)
            partner_rows += scale * noise
        out *= weight
        partner_rows *= 1.0 - weight
        out += partner_rows
        return out


def _other_anomalies(anomalies: np.ndarray, k: int) -> np.ndarray:
    """Each anomaly's k nearest anomalies (itself counted) minus itself, by position.

    Shape (n, k - 1); for k == 1 the only candidate is the anomaly itself, shape (n, 1).
    """
    if k == 1:
        return np.arange(anomalies.shape[0], dtype=np.intp)[:, None]
    return nearest_other_rows(anomalies, k - 1).astype(np.intp, copy=False)


def _nearest_rows(X: np.ndarray, in_pool: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """Row positions in X of the k exact Euclidean nearest pool rows of each query.

    Shape (n_queries, k), nearest first. The pool (the rows of X where ``in_pool``) is
    searched in blocks of about ``_POOL_BLOCK_BYTES``, so the extra memory does not grow
    with the pool: at most one block is copied and only the running k best per query
    are kept.
    """
    n_queries = queries.shape[0]
    best_dist = np.empty((n_queries, 0))
    best_rows = np.empty((n_queries, 0), dtype=np.intp)
    block = max(1, _POOL_BLOCK_BYTES // (8 * X.shape[1]))
    for start in range(0, X.shape[0], block):
        stop = min(start + block, X.shape[0])
        rows = start + np.flatnonzero(in_pool[start:stop])
        if rows.size == 0:
            continue
        # A block without labeled anomalies is searched in place, without a copy.
        pool = X[start:stop] if rows.size == stop - start else X[rows]
        index = NearestNeighbors(n_neighbors=min(k, rows.size), algorithm="auto").fit(pool)
        dist, pos = index.kneighbors(queries)
        best_dist = np.concatenate([best_dist, dist], axis=1)
        best_rows = np.concatenate([best_rows, rows[pos]], axis=1)
        # Sorting on (distance, row) makes the merge independent of the block size.
        order = np.lexsort((best_rows, best_dist), axis=1)[:, :k]
        best_dist = np.take_along_axis(best_dist, order, axis=1)
        best_rows = np.take_along_axis(best_rows, order, axis=1)
    return best_rows
