"""NNG-Mix's ``--ratio``: a subsample of ADBench's labeled anomalies, the rest discarded."""

from __future__ import annotations

import math

import numpy as np


def subsample_labeled(split: dict, ratio: float, seed: int) -> dict:
    """Keep ceil(ratio x n) of the labeled anomalies and drop the others from the training set.

    The labeled anomalies not kept are discarded entirely, not turned into unlabeled rows
    (as NNG-Mix's evaluation does). At least one is always kept. ``split`` is what
    ``pyod_synth.adbench.split`` returns; a new dict is returned, ``split`` is not changed.
    """
    if ratio >= 1.0:
        return split
    labeled = np.flatnonzero(split["y_train"] == 1)
    if labeled.size == 0:
        return split
    n_keep = max(1, math.ceil(ratio * labeled.size))
    rng = np.random.RandomState(seed)  # local; the global NumPy RNG is never touched
    dropped = np.setdiff1d(labeled, labeled[rng.choice(labeled.size, n_keep, replace=False)])
    keep = np.ones(split["y_train"].shape[0], dtype=bool)
    keep[dropped] = False
    return {**split, "X_train": split["X_train"][keep], "y_train": split["y_train"][keep]}
