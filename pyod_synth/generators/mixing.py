"""Shared pieces of the mixing and patching generators (NNG-Mix, Mixup, SMOTE, Cutout, CutMix)."""

from __future__ import annotations

import numpy as np
from sklearn.neighbors import NearestNeighbors


def draw_lambda(rng: np.random.Generator, n: int, lam: str, alpha, beta) -> np.ndarray:
    """Mixing weights, shape (n, 1): Beta(alpha, beta) or Uniform(0, 1)."""
    if lam == "uniform":
        weights = rng.uniform(0.0, 1.0, size=n)
    else:
        weights = rng.beta(alpha, beta, size=n)
    return weights[:, None]


def nearest_neighbors(queries: np.ndarray, pool: np.ndarray, k: int) -> np.ndarray:
    """Row positions in ``pool`` of the ``k`` exact Euclidean nearest rows of each query.

    Shape (n_queries, min(k, len(pool))), nearest first. One batched search per query row
    (never per generated sample); brute force in memory-bounded chunks in high dimension,
    where KD-trees degrade, and a KD-tree in low dimension.
    """
    k = min(k, pool.shape[0])
    algorithm = "kd_tree" if pool.shape[1] <= 15 else "brute"
    index = NearestNeighbors(n_neighbors=k, algorithm=algorithm).fit(pool)
    return index.kneighbors(queries, return_distance=False)


def partner_pool(X: np.ndarray, is_anomaly: np.ndarray, pool: str) -> np.ndarray:
    """The rows partners (or base rows) are drawn from: P = A then U, or A alone.

    Labeled anomalies come first, so position i < n_anomalies of the pool is the i-th
    labeled anomaly under both choices; ``draw_partners`` relies on this.
    """
    anomalies = X[is_anomaly]
    if pool == "anomalies":
        return anomalies
    return np.concatenate([anomalies, X[~is_anomaly]], axis=0)


def draw_partners(
    rng: np.random.Generator, anchors: np.ndarray, pool_size: int, exclude_anchor: bool
) -> np.ndarray:
    """Pool positions drawn uniformly, optionally never the anchor's own position.

    Drawing from ``pool_size - 1`` positions and skipping the anchor is the same
    distribution as the reference's "redraw while equal" loop, without the loop.
    """
    if not exclude_anchor or pool_size < 2:
        return rng.integers(0, pool_size, size=anchors.shape[0])
    partners = rng.integers(0, pool_size - 1, size=anchors.shape[0])
    return partners + (partners >= anchors)


def nearest_other_rows(rows: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` nearest rows of each row, never the row itself (k < len(rows)).

    Shape (n_rows, k), nearest first. Exact duplicates count as other rows at distance 0.
    """
    neighbors = nearest_neighbors(rows, rows, k + 1)
    # With exact duplicates the row itself may sit in any column, or be pushed out by a
    # tie: move it last with a stable sort (or keep the order), then drop the last column.
    is_self = neighbors == np.arange(rows.shape[0])[:, None]
    order = np.argsort(is_self, axis=1, kind="stable")
    return np.take_along_axis(neighbors, order, axis=1)[:, :k]
