"""pyod-synth: synthetic and pseudo-anomalies for classification-based anomaly detectors.

``import pyod_synth`` is cheap: it loads neither torch, nor plugins, nor optional extras.
Plugins load on the first call that needs the registry (``pyod_synth.registry``).
"""

from __future__ import annotations

import importlib

from pyod_synth._version import __version__
from pyod_synth.hookspecs import hookimpl
from pyod_synth.registry import (
    DEFAULT_GENERATOR,
    UnknownNameError,
    get_detector,
    get_generator,
    list_detectors,
    list_generators,
)

# Public names that live in heavier modules, imported on first access.
_LAZY = {
    "Augmented": "pyod_synth.augmented",
    "SyntheticAnomalySampler": "pyod_synth.sampler",
    "BaseGenerator": "pyod_synth.generators.base",
    "ScoreBlend": "pyod_synth.blend",
}

__all__ = [
    "DEFAULT_GENERATOR",
    "UnknownNameError",
    "__version__",
    "hookimpl",
    "list_generators",
    "get_generator",
    "list_detectors",
    "get_detector",
    *_LAZY,
]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'pyod_synth' has no attribute {name!r}")
