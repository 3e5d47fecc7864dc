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

# The faulty test plugin is data, not tests: collecting it (--doctest-modules) would put its
# folder, with its .dist-info, on sys.path, and every later plugin load would install it.
collect_ignore = ["fault_plugin"]

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


# --------------------------------------------------------------------------------------
# Plugin registration (tests/test_plugins.py, tests/test_plugin_boundary.py, ...).
# Kept in its own block at the end of the file.
# --------------------------------------------------------------------------------------


def make_plugin(name, *, generators=(), detectors=(), **hooks):
    """A plugin module named ``name``.

    ``hooks`` maps hook names to the functions implementing them; ``generators`` and
    ``detectors`` are ``(name, factory)`` pairs that its ``register_generators`` /
    ``register_detectors`` hook registers (the common case, without writing a hook).
    """
    import types

    from pyod_synth import hookimpl

    for hook_name, pairs in (("register_generators", generators),
                             ("register_detectors", detectors)):
        if pairs:
            hooks[hook_name] = _registering(tuple(pairs))
    module = types.ModuleType(name)
    for hook_name, func in hooks.items():
        setattr(module, hook_name, hookimpl(func))
    return module


def _registering(pairs):
    def hook(register):
        for registered_name, factory in pairs:
            register(registered_name, factory)

    return hook


@pytest.fixture
def register_plugin():
    """``register_plugin(name, ...)`` registers ``make_plugin(name, ...)`` in-process, after
    the real plugins loaded (as in a user session); every one is unregistered afterwards."""
    import pyod_synth
    from pyod_synth.plugins import pm

    pyod_synth.list_generators()
    names = []

    def register(name, **kwargs):
        pm.register(make_plugin(name, **kwargs), name=name)
        names.append(name)

    try:
        yield register
    finally:
        for name in names:
            if pm.get_plugin(name) is not None:
                pm.unregister(name=name)


class FakeDistribution:
    """Just enough of importlib.metadata.Distribution for pluggy's entry-point loader."""

    version = "9.9.9"

    def __init__(self, name, entry_points):
        self.metadata = {"name": name}
        self.entry_points = entry_points


@pytest.fixture
def install_entry_points(tmp_path, monkeypatch):
    """``install_entry_points({name: source}, distribution=...)`` installs a fake
    distribution whose entry point ``name`` is a module with that source (None: a module
    that does not exist), and lets ``load_plugins`` run again; nothing is loaded yet.
    Undone afterwards."""
    import importlib.metadata
    import sys

    import pyod_synth
    from pyod_synth import plugins
    from pyod_synth.plugins import pm

    pyod_synth.list_generators()  # the real plugins are loaded and stay loaded
    monkeypatch.syspath_prepend(tmp_path)
    # load_plugins runs once per process: pretend it has not run yet (monkeypatch restores).
    monkeypatch.setattr(plugins, "_loaded", False)
    monkeypatch.setattr(plugins, "_failures", {}, raising=False)
    # pluggy keeps (plugin, distribution) pairs even after unregister; restore its list.
    monkeypatch.setattr(pm, "_plugin_distinfo", list(pm.list_plugin_distinfo()))
    dists: dict[str, list] = {}

    def install(sources, distribution="pyod-synth-test-fake"):
        eps = dists.setdefault(distribution, [])
        for name, source in sources.items():
            module = f"pyod_synth_test_{name}_{len(dists)}"
            if source is not None:
                (tmp_path / f"{module}.py").write_text(source)
            eps.append(importlib.metadata.EntryPoint(name, module, plugins.ENTRY_POINT_GROUP))
        monkeypatch.setattr(importlib.metadata, "distributions",
                            lambda: [FakeDistribution(d, tuple(e)) for d, e in dists.items()])
        monkeypatch.setattr(importlib.metadata, "entry_points",
                            lambda group=None: [ep for e in dists.values() for ep in e])

    try:
        yield install
    finally:
        for ep in (ep for e in dists.values() for ep in e):
            if pm.get_plugin(ep.name) is not None:
                pm.unregister(name=ep.name)
            sys.modules.pop(ep.value, None)


@pytest.fixture
def fake_entry_points(install_entry_points):
    """A fake distribution with a working, a broken and a misspelt entry point, unloaded."""
    install_entry_points({
        "good_ep": "import pyod_synth\n"
                   "from pyod_synth.generators.uniform import UniformGenerator\n\n"
                   "@pyod_synth.hookimpl\n"
                   "def register_generators(register):\n"
                   "    register('test_from_entry_point', UniformGenerator)\n",
        "broken_ep": "raise ImportError('the plugin needs the missing package xyz')\n",
        "typo_ep": "import pyod_synth\n\n"
                   "@pyod_synth.hookimpl\ndef register_generatorz(register):\n    pass\n",
    })
