"""ADBench's realistic synthetic anomalies (local, global, dependency, cluster).

They replace a dataset by synthetic normals and anomalies of the same counts, fitted on
the normal rows only, in the raw feature space (ADBench's ``generate_realistic_synthetic``):

* ``local``: Gaussian mixture (k = 1..9 by BIC) for the normals; anomalies from the same
  mixture with covariances multiplied by ``alpha``.
* ``cluster``: the same mixture with means multiplied by ``alpha``.
* ``global``: per feature, uniform on ``[min * (1 + percentage), max * (1 + percentage)]``
  of the synthetic normals.
* ``dependency``: a C-vine copula (``copulas``) for the normals; independent Gaussian
  KDEs per feature for the anomalies (at most 50 random features are kept).
"""

from __future__ import annotations

import copy
import hashlib
from functools import lru_cache

import numpy as np

SYNTHETIC_MODES = ("local", "global", "dependency", "cluster")

_COPULAS_HINT = (
    "The 'dependency' anomaly type needs the copulas package: "
    'pip install "pyod-synth[adbench]" (or pip install copulas).'
)


def realistic_synthetic(X, y, mode: str, *, seed: int, rng: np.random.RandomState,
                        alpha: float = 5, percentage: float = 0.1):
    """Synthetic ``(X, y)``: normals then anomalies, with the input's class counts.

    ``seed`` seeds the Gaussian mixtures (``random_state=seed``, as in ADBench); ``rng``
    is the split's legacy ``RandomState`` and is advanced exactly as ADBench advances
    NumPy's global RNG.
    """
    if mode not in SYNTHETIC_MODES:
        raise ValueError(
            f"realistic_synthetic_mode must be one of {SYNTHETIC_MODES} or None; got {mode!r}."
        )
    n_normal, n_anomaly = int(np.sum(y == 0)), int(np.sum(y == 1))
    X_normal = X[y == 0]
    if mode == "dependency":
        normals, anomalies = _dependency(X_normal, n_normal, n_anomaly, rng)
    else:
        gm = _best_mixture(X_normal, seed)
        normals = gm.sample(n_normal)[0]
        anomalies = _mixture_anomalies(gm, normals, mode, n_anomaly, rng, alpha, percentage)
    X_new = np.concatenate((normals, anomalies), axis=0)
    y_new = np.append(np.repeat(0, normals.shape[0]), np.repeat(1, anomalies.shape[0]))
    return X_new, y_new


def _best_mixture(X_normal, seed: int):
    """The ``GaussianMixture`` with the lowest BIC among 1..9 components, the caller's own copy.

    ADBench refits the winner with the same seed; that refit is identical to the fit
    kept here. The fit depends on the normal rows and the seed only, not on the anomaly
    type, so a process keeps its last two fits: a cross-type grid asks for the same one
    for every type of a dataset (nine full-covariance fits, most of a split's time). The
    copy is the caller's because ``local`` and ``cluster`` scale its covariances or means.
    """
    return copy.deepcopy(_fitted_best_mixture(_Rows(X_normal), seed))


class _Rows:
    """An array as a cache key: equal when the bytes, shape and dtype are."""

    def __init__(self, X):
        self.X = np.ascontiguousarray(X)
        digest = hashlib.sha1(self.X.tobytes()).hexdigest()
        self._key = (digest, self.X.shape, self.X.dtype.str)

    def __hash__(self):
        return hash(self._key)

    def __eq__(self, other):
        return isinstance(other, _Rows) and self._key == other._key


@lru_cache(maxsize=2)
def _fitted_best_mixture(rows: _Rows, seed: int):
    from sklearn.mixture import GaussianMixture

    X_normal = rows.X
    fits = [GaussianMixture(n_components=k, random_state=seed).fit(X_normal) for k in range(1, 10)]
    return fits[int(np.argmin([gm.bic(X_normal) for gm in fits]))]


def _mixture_anomalies(gm, normals, mode, n_anomaly, rng, alpha, percentage):
    if mode == "local":
        gm.covariances_ = alpha * gm.covariances_
        return gm.sample(n_anomaly)[0]
    if mode == "cluster":
        gm.means_ = alpha * gm.means_
        return gm.sample(n_anomaly)[0]
    # global: the bounds are multiplied (ADBench's code), not widened around the centre.
    return np.array([
        rng.uniform(low=np.min(normals[:, k]) * (1 + percentage),
                    high=np.max(normals[:, k]) * (1 + percentage), size=n_anomaly)
        for k in range(normals.shape[1])
    ]).T


def _dependency(X_normal, n_normal, n_anomaly, rng):
    """Vine-copula normals and independent-KDE anomalies.

    copulas draws from NumPy's global RNG. Each model is handed ``rng``'s state through
    copulas' own ``random_state`` mechanism, which swaps it into the global RNG for the
    draw and restores the caller's global state afterwards (not thread-safe); ``rng``
    is then advanced to where the draw left it.
    """
    try:
        import pandas as pd
        from copulas.multivariate import VineCopula
        from copulas.univariate import GaussianKDE
    except ImportError as exc:
        raise ImportError(_COPULAS_HINT) from exc

    if X_normal.shape[1] > 50:
        X_normal = X_normal[:, rng.choice(np.arange(X_normal.shape[1]), 50, replace=False)]
    copula = VineCopula("center", random_state=rng)
    try:
        copula.fit(pd.DataFrame(X_normal))
    except ValueError as exc:
        if "read-only" in str(exc):
            raise ImportError(
                f"copulas failed to fit its vine copula under pandas {pd.__version__} "
                f"({exc}); copulas needs pandas < 3: pip install 'pandas<3'."
            ) from exc
        raise
    normals = copula.sample(n_normal).values
    rng.set_state(copula.random_state.get_state())
    anomalies = np.zeros((n_anomaly, X_normal.shape[1]))
    for k in range(X_normal.shape[1]):
        kde = GaussianKDE(random_state=rng)
        kde.fit(X_normal[:, k])
        anomalies[:, k] = kde.sample(n_anomaly)
        rng.set_state(kde.random_state.get_state())
    return normals, anomalies
