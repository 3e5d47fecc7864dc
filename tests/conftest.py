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
