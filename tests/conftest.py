"""Fixtures shared by the test files: where the shared data lives, and toy data.

Toy data is built once per test process (session scope) and handed out read-only: a test
that wants to change rows copies them first, so no test can corrupt another's input.
Data that one test's assertions depend on in a special way stays in that test's file.
"""

import functools
import os
from pathlib import Path

import numpy as np
import pytest

from pyod_synth.datasets import ADBENCH_DIR_ENV
from pyod_synth.typed_datasets import LAU2025_DIR_ENV, load_typed_dataset

REPO = Path(__file__).resolve().parents[1]

# --- the shared data folders (outside the repository; tests needing them skip) ----------


def _data_dir(env: str, default: str, marker: str) -> Path | None:
    """``$env``, else ``default`` relative to the repository's parent (the README's
    layout), or None when the folder has no ``marker`` subfolder."""
    # Resolved now: the adbench comparisons chdir into a temporary copy of the package.
    candidate = Path(os.environ.get(env, REPO.parent / default)).resolve()
    return candidate if (candidate / marker).is_dir() else None


def lau2025_dir() -> Path | None:
    """Lau et al.'s data folder (``$PYOD_SYNTH_LAU2025_DIR``), or None."""
    return _data_dir(LAU2025_DIR_ENV, "shared/datasets/lau2025", "nsl-kdd")


def _found_or_skip(root: Path | None, env: str, what: str) -> Path:
    if root is None:
        pytest.skip(f"{what} not found; set {env}")
    return root


@pytest.fixture
def real_root():
    """Lau et al.'s data folder; skips the test when it is absent."""
    return _found_or_skip(lau2025_dir(), LAU2025_DIR_ENV, "Lau et al.'s data")


@functools.cache
def load_real(name: str, root: Path):
    """One of Lau et al.'s real datasets, read once per test process (NSL-KDD takes
    seconds); do not modify it."""
    return load_typed_dataset(name, root)


# --- toy data ----------------------------------------------------------------------------


def _read_only(*arrays):
    for array in arrays:
        array.setflags(write=False)
    return arrays


def corner_problem(seed=0, n_normal=300, n_anomalies=30, n_features=4):
    """(X, y): normals near the centre of the unit cube, anomalies near one of its corners.

    Every kind of detector separates them (a linear one too); y is 1 for every anomaly.
    """
    rng = np.random.default_rng(seed)
    normal = rng.normal(0.5, 0.08, (n_normal, n_features))
    anomalies = rng.uniform(0.8, 1.0, (n_anomalies, n_features))
    X = np.vstack([normal, anomalies])
    y = np.r_[np.zeros(n_normal, dtype=int), np.ones(n_anomalies, dtype=int)]
    return X, y


@pytest.fixture(scope="session")
def easy_problem():
    """(X, y, X_test, y_test): :func:`corner_problem` with seeds 0 and 1, read-only."""
    return _read_only(*corner_problem(seed=0), *corner_problem(seed=1))


@pytest.fixture(scope="session")
def few_anomalies():
    """(X, y): 60 standard-normal rows in 3 features, the first 4 labeled anomalies (y == 1)
    without being different: for tests of shapes, counts and seeds, not of detection."""
    X = np.random.default_rng(0).normal(size=(60, 3))
    y = np.zeros(60, dtype=int)
    y[:4] = 1
    return _read_only(X, y)


# Bench datasets: ADBench-style .npz files, and detector parameters that keep runs cheap.
CHEAP = {"random_forest": {"n_estimators": 5}}


def write_toy_task(path: Path, seed: int, n_normal=900, n_anomalies=100, n_features=4,
                   shift=2.5) -> str:
    """Write an ADBench-style ``.npz`` (X, y): standard-normal normals, anomalies shifted by
    ``shift`` in every feature. Returns the path as a string.

    With the default 1000 rows ADBench's split neither upsamples nor subsamples, so the
    training split holds exactly 70 anomalies.
    """
    rng = np.random.default_rng(seed)
    X = np.vstack([
        rng.normal(size=(n_normal, n_features)),
        rng.normal(shift, 1.0, size=(n_anomalies, n_features)),
    ])
    y = np.r_[np.zeros(n_normal, dtype=int), np.ones(n_anomalies, dtype=int)]
    np.savez(path, X=X, y=y)
    return str(path)


@pytest.fixture
def toy_tasks(tmp_path) -> list[str]:
    """Two :func:`write_toy_task` files (seeds 0 and 1) in ``tmp_path``."""
    return [write_toy_task(tmp_path / f"toy{i}.npz", seed=i) for i in range(2)]


# --- ADBench data ----------------------------------------------------------------------


def adbench_dir() -> Path | None:
    """The ADBench data folder (``$PYOD_SYNTH_ADBENCH_DIR``), or None."""
    return _data_dir(ADBENCH_DIR_ENV, "shared/datasets/adbench", "classical")


@pytest.fixture
def adbench_root():
    """The ADBench data folder; skips the test when it is absent."""
    return _found_or_skip(adbench_dir(), ADBENCH_DIR_ENV, "ADBench data")
