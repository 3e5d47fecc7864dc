"""Detectors that learn from labels (1 = anomaly), built in and registered by name.

Importing this package is cheap: each detector module is imported on first access, and
the torch detectors import torch only in ``fit``. Prefer
``pyod_synth.get_detector(name, **params)``; the classes are also importable here.
"""

from __future__ import annotations

import importlib

_LAZY = {
    "XGBOD": "pyod_synth.detectors.xgbod",
    "DevNet": "pyod_synth.detectors.devnet",
    "LauClassifier": "pyod_synth.detectors.lau",
    "DeepSAD": "pyod_synth.detectors.deepsad",
    "LUNAR": "pyod_synth.detectors.lunar",
}

__all__ = list(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'pyod_synth.detectors' has no attribute {name!r}")
