"""ADBench's train/test protocol, bit for bit, without importing adbench.

:func:`split` returns exactly what ``adbench.datasets.data_generator.DataGenerator(seed=
seed).generator(X=X, y=y, la=la, at_least_one_labeled=True)`` returns (and what
``RunPipeline`` feeds to every model), but draws from a local legacy ``RandomState`` in
the same order instead of seeding NumPy's and Python's global RNGs:

1. fewer than ``n_samples_threshold`` (1,000) rows: upsample to that many rows with
   replacement; more than 10,000 rows: subsample 10,000 rows (each after a reseed);
2. optional realistic synthetic anomalies (:mod:`pyod_synth.adbench.realistic_data`);
3. optional ``irrelevant_features`` noise;
4. stratified, shuffled 70/30 ``train_test_split``;
5. optional ``duplicated_anomalies`` noise (train, then test) or
   ``label_contamination`` (train only);
6. ``MinMaxScaler`` fitted on the training rows, applied to both parts (test values may
   fall outside [0, 1]; float32 data stays float32);
7. labeled anomalies: ``ceil(la * n)`` of the ``n`` training anomalies for a float
   ``la`` (ratio), exactly ``la`` for an int ``la`` (count). ``y_train`` is 1 for the
   labeled anomalies and 0 for every other row, unlabeled anomalies included;
   ``y_test`` keeps the truth.
"""

from __future__ import annotations

import numbers
import random
from math import ceil

import numpy as np

from pyod_synth.adbench.noise import (
    NOISE_TYPES,
    add_irrelevant_features,
    contaminate_labels,
    duplicate_anomalies,
)
from pyod_synth.adbench.realistic_data import SYNTHETIC_MODES, realistic_synthetic
from pyod_synth.validation import fit_min_max_scaler

# RunPipeline's grids: ratios of labeled anomalies (mode 'rla', Python floats) and
# numbers of labeled anomalies (mode 'nla', Python ints); the paper's three seeds.
RLA_GRID = (0.0, 0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 1.0)
NLA_GRID = (0, 1, 5, 10, 25, 50, 75, 100)
SEEDS = (1, 2, 3)
MAX_SAMPLES = 10_000  # hard-coded in ADBench


def split(X, y, seed, la, *, test_size=0.3, generate_duplicates=True,
          n_samples_threshold=1000, at_least_one_labeled=True, realistic_synthetic_mode=None,
          alpha=5, percentage=0.1, noise_type=None, duplicate_times=2, noise_ratio=0.05,
          minmax=True, cached_dependency=False):
    """ADBench's train/test data for one dataset, seed and labeled-anomaly setting.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Finite numeric rows, unscaled; the dtype is kept until the scaler (casting
        float32 to float64 first would change the scaled values' low bits).
    y : array-like of shape (n_samples,)
        Ground truth, 1 = anomaly, 0 = normal.
    seed : int
        ADBench's seed (the paper uses 1, 2, 3: ``SEEDS``). Python or NumPy integer.
    la : float or int
        A float is the ratio of training anomalies that get labeled (``RLA_GRID``); an
        int is their number (``NLA_GRID``). NumPy scalars are accepted and keep this
        float-versus-int meaning.
    test_size : float, default=0.3
    generate_duplicates : bool, default=True
        Upsample datasets smaller than ``n_samples_threshold`` (before the split, so
        duplicates land in both parts).
    n_samples_threshold : int, default=1000
    at_least_one_labeled : bool, default=True
        Float ``la``: label ``ceil(la * n)`` anomalies (RunPipeline's setting) rather
        than ``int(la * n)``.
    realistic_synthetic_mode : {"local", "global", "dependency", "cluster"}, default=None
        Replace the data by ADBench's synthetic normals and anomalies of this type.
    alpha : float, default=5
        Covariance (local) or mean (cluster) multiplier.
    percentage : float, default=0.1
        Global anomalies: bounds multiplied by ``1 + percentage``.
    noise_type : {"duplicated_anomalies", "irrelevant_features", "label_contamination"}, \
default=None
    duplicate_times : int, default=2
        ``duplicated_anomalies``: anomalies are redrawn this many times over.
    noise_ratio : float, default=0.05
        ``irrelevant_features``: share of added columns; ``label_contamination``: share
        of flipped training labels.
    minmax : bool, default=True
        Scale with a ``MinMaxScaler`` fitted on the training rows.
    cached_dependency : bool, default=False
        ``dependency`` only. ADBench caches dependency anomalies on disk; on a cached
        call (every call after the first for a dataset and seed, e.g. every la after the
        first in a RunPipeline run) the copula draws do not advance the RNG, so the split
        differs from the first call's. True reproduces the cached calls.

    Returns
    -------
    dict
        ``{'X_train', 'y_train', 'X_test', 'y_test'}`` as ADBench returns them.

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.adbench import split
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(2000, 3)); y = (rng.random(2000) < 0.05).astype(int)
    >>> data = split(X, y, seed=1, la=0.1)
    >>> data["X_train"].shape, data["X_test"].shape
    ((1400, 3), (600, 3))
    >>> int(data["y_train"].sum()) == int(np.ceil(0.1 * y.sum() * 0.7))
    True
    """
    X, y = _check_data(X, y)
    seed, la = _check_seed(seed), _check_la(la)
    _check_options(realistic_synthetic_mode, noise_type, cached_dependency)

    X, y, rng = _resize(X, y, seed, generate_duplicates, n_samples_threshold)
    if realistic_synthetic_mode is not None:
        synthetic_rng = _copy(rng) if cached_dependency else rng
        X, y = realistic_synthetic(X, y, realistic_synthetic_mode, seed=seed, rng=synthetic_rng,
                                   alpha=alpha, percentage=percentage)
    if noise_type == "irrelevant_features":
        X, y = add_irrelevant_features(X, y, noise_ratio, rng)

    from sklearn.model_selection import train_test_split

    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, shuffle=True, stratify=y, random_state=rng
    )
    if noise_type == "duplicated_anomalies":
        py_rng = random.Random(seed)  # ADBench shuffles with Python's random, seeded alike
        X_train, y_train = duplicate_anomalies(X_train, y_train, duplicate_times, rng, py_rng)
        X_test, y_test = duplicate_anomalies(X_test, y_test, duplicate_times, rng, py_rng)
    elif noise_type == "label_contamination":
        y_train = contaminate_labels(y_train, noise_ratio, rng)

    if minmax:
        scaler = fit_min_max_scaler(X_train)
        X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    return {
        "X_train": X_train,
        "y_train": _label(y_train, la, at_least_one_labeled, rng),
        "X_test": X_test,
        "y_test": y_test,
    }


def _resize(X, y, seed: int, generate_duplicates: bool, n_samples_threshold: int):
    """ADBench's up/subsampling; each resize reseeds, so the stream restarts from seed."""
    rng = np.random.RandomState(seed)
    if len(y) < n_samples_threshold and generate_duplicates:
        rng = np.random.RandomState(seed)
        rows = rng.choice(np.arange(len(y)), n_samples_threshold, replace=True)
        X, y = X[rows], y[rows]
    if len(y) > MAX_SAMPLES:
        rng = np.random.RandomState(seed)
        rows = rng.choice(np.arange(len(y)), MAX_SAMPLES, replace=False)
        X, y = X[rows], y[rows]
    return X, y, rng


def _label(y_train, la, at_least_one_labeled: bool, rng: np.random.RandomState) -> np.ndarray:
    """Training labels: 1 for the picked labeled anomalies, 0 for every other row."""
    idx_anomaly = np.where(y_train == 1)[0]
    if isinstance(la, float):
        n_labeled = ceil(la * len(idx_anomaly)) if at_least_one_labeled else int(
            la * len(idx_anomaly))
    else:
        if la > len(idx_anomaly):
            raise ValueError(
                f"la={la} labeled anomalies were asked for, but the training part has only "
                f"{len(idx_anomaly)} anomalies. Use a smaller count, or a ratio "
                "(la as a float in [0, 1])."
            )
        n_labeled = la
    labeled = rng.choice(idx_anomaly, n_labeled, replace=False)
    out = np.zeros_like(y_train)
    out[labeled] = 1
    return out


def _copy(rng: np.random.RandomState) -> np.random.RandomState:
    twin = np.random.RandomState()
    twin.set_state(rng.get_state())
    return twin


def _check_data(X, y) -> tuple[np.ndarray, np.ndarray]:
    from pyod_synth.datasets import check_labeled_data

    return check_labeled_data(X, y)


def _check_seed(seed) -> int:
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise ValueError(f"seed must be an integer (ADBench uses 1, 2, 3); got {seed!r}.")
    if not 0 <= seed < 2**32:
        raise ValueError(f"seed must be in [0, 2**32 - 1]; got {seed}.")
    return int(seed)


def _check_la(la) -> int | float:
    """A Python int (count) or float (ratio), as ADBench's ``type(la)`` check wants."""
    if isinstance(la, (bool, np.bool_)) or not isinstance(la, numbers.Real):
        raise ValueError(
            f"la must be a float ratio in [0, 1] or an int count of labeled anomalies; "
            f"got {la!r}."
        )
    if isinstance(la, numbers.Integral):
        if la < 0:
            raise ValueError(f"la (number of labeled anomalies) must be >= 0; got {la}.")
        return int(la)
    if not 0.0 <= la <= 1.0:
        raise ValueError(
            f"la (ratio of labeled anomalies) must be in [0, 1]; got {la}. Pass an int to "
            "give a number of labeled anomalies instead."
        )
    return float(la)


def _check_options(realistic_synthetic_mode, noise_type, cached_dependency) -> None:
    if realistic_synthetic_mode is not None and realistic_synthetic_mode not in SYNTHETIC_MODES:
        raise ValueError(
            f"realistic_synthetic_mode must be one of {SYNTHETIC_MODES} or None; got "
            f"{realistic_synthetic_mode!r}."
        )
    if noise_type is not None and noise_type not in NOISE_TYPES:
        raise ValueError(f"noise_type must be one of {NOISE_TYPES} or None; got {noise_type!r}.")
    if cached_dependency and realistic_synthetic_mode != "dependency":
        raise ValueError(
            "cached_dependency=True only applies to realistic_synthetic_mode='dependency'."
        )
