"""Pieces shared by the interpolating generators (NNG-Mix, Mixup, SMOTE)."""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.neighbors import NearestNeighbors

LAMBDA_DISTRIBUTIONS = ("beta", "uniform")


def check_lambda_params(lam: str, alpha, beta) -> None:
    """Raise a clear ValueError for an unknown lambda distribution or bad Beta shape."""
    if lam not in LAMBDA_DISTRIBUTIONS:
        raise ValueError(f"lam must be one of {LAMBDA_DISTRIBUTIONS}; got {lam!r}.")
    if lam == "beta":
        for name, value in (("alpha", alpha), ("beta", beta)):
            if not isinstance(value, numbers.Real) or not np.isfinite(value) or value <= 0:
                raise ValueError(f"{name} must be a finite number > 0; got {value!r}.")


def draw_lambda(rng: np.random.Generator, n: int, lam: str, alpha, beta) -> np.ndarray:
    """Mixing weights, shape (n, 1): Beta(alpha, beta) or Uniform(0, 1)."""
    if lam == "uniform":
        weights = rng.uniform(0.0, 1.0, size=n)
    else:
        weights = rng.beta(alpha, beta, size=n)
    return weights[:, None]


def check_n_neighbors(value, name: str) -> int:
    """A positive int (clipping to the pool size happens at fit time)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1; got {value!r}.")
    return int(value)


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
