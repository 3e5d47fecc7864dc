"""ADBench's three robustness settings ("Angle III"), reproduced draw for draw.

Each function takes the legacy ``RandomState`` that drives the rest of the split and
consumes it exactly as ADBench's ``DataGenerator`` consumes NumPy's global RNG. Inputs
are never modified.
"""

from __future__ import annotations

import random

import numpy as np

NOISE_TYPES = ("duplicated_anomalies", "irrelevant_features", "label_contamination")

# RunPipeline's grids of the noise parameter (duplicate_times or noise_ratio).
NOISE_GRIDS = {
    "duplicated_anomalies": (1, 2, 3, 4, 5, 6),
    "irrelevant_features": (0.0, 0.01, 0.05, 0.10, 0.25, 0.50),
    "label_contamination": (0.0, 0.01, 0.05, 0.10, 0.25, 0.50),
}


def duplicate_anomalies(X, y, duplicate_times, rng: np.random.RandomState, py_rng: random.Random):
    """Keep the normals, redraw the anomalies ``int(n_anomalies * times)`` times with
    replacement, and shuffle the rows with Python's ``random`` (as ADBench does)."""
    if duplicate_times <= 1:
        return X, y
    idx_normal = np.where(y == 0)[0]
    idx_anomaly = np.where(y == 1)[0]
    idx_anomaly = rng.choice(idx_anomaly, int(len(idx_anomaly) * duplicate_times))
    idx = np.append(idx_normal, idx_anomaly)
    py_rng.shuffle(idx)
    return X[idx], y[idx]


def add_irrelevant_features(X, y, noise_ratio, rng: np.random.RandomState):
    """Add ``int(r / (1 - r) * d)`` uniform columns, each spanning the range of a random
    existing column, then permute all columns."""
    if noise_ratio == 0.0:
        return X, y
    noise_dim = int(noise_ratio / (1 - noise_ratio) * X.shape[1])
    if noise_dim <= 0:
        return X, y
    columns = []
    for _ in range(noise_dim):
        source = rng.choice(np.arange(X.shape[1]), 1)
        columns.append(rng.uniform(np.min(X[:, source]), np.max(X[:, source]),
                                   size=(X.shape[0], 1)))
    X = np.concatenate((X, np.hstack(columns)), axis=1)
    return X[:, rng.choice(np.arange(X.shape[1]), X.shape[1], replace=False)], y


def contaminate_labels(y, noise_ratio, rng: np.random.RandomState):
    """Flip ``int(n * r)`` labels chosen without replacement (0 <-> 1); returns a copy."""
    y = y.copy()
    if noise_ratio == 0.0:
        return y
    flips = rng.choice(np.arange(len(y)), int(len(y) * noise_ratio), replace=False)
    y[flips] = 1 - y[flips]
    return y
