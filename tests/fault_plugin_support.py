"""The faulty-detector test plugin (tests/fault_plugin), installed for one test."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

FAULT_PLUGIN_DIR = Path(__file__).parent / "fault_plugin"


@pytest.fixture
def fault_plugin(monkeypatch):
    """Register the plugin here and make it an installed plugin for the bench's worker
    processes and ``pyod-synth`` subprocesses (both see this ``sys.path`` / PYTHONPATH)."""
    from pyod_synth.plugins import load_plugins, pm

    # Load the installed plugins first: loaded later, with this folder on sys.path, the
    # faulty plugin would come in as an entry point and outlive the test.
    load_plugins()
    monkeypatch.syspath_prepend(str(FAULT_PLUGIN_DIR))
    path = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(FAULT_PLUGIN_DIR), path])))
    if pm.get_plugin("fault_plugin") is None:
        pm.register(importlib.import_module("pyod_synth_fault_plugin"), name="fault_plugin")
    yield
    pm.unregister(name="fault_plugin")
