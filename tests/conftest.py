import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def adbench_dir() -> Path | None:
    """The shared ADBench data folder, or None (tests needing it are then skipped)."""
    default = REPO.parent / "shared/datasets/adbench"
    # Resolved now: the adbench comparisons chdir into a temporary copy of the package.
    candidate = Path(os.environ.get("PYOD_SYNTH_ADBENCH_DIR", default)).resolve()
    return candidate if (candidate / "classical").is_dir() else None


@pytest.fixture
def adbench_root():
    root = adbench_dir()
    if root is None:
        pytest.skip("ADBench data not found; set PYOD_SYNTH_ADBENCH_DIR")
    return root


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
