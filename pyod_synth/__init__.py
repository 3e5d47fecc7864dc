"""pyod-synth: synthetic and pseudo-anomalies for classification-based anomaly detectors.

``import pyod_synth`` is cheap: it loads neither torch, nor plugins, nor optional extras.
Plugins load on the first call that needs the registry.
"""

from __future__ import annotations

import importlib
from typing import Any

from pyod_synth.hookspecs import hookimpl

__version__ = "0.1.0"

DEFAULT_GENERATOR = "mixture"
"""Generator of ``Augmented``, the sampler and ``make_model`` when none is given.

``mixture`` = ``uniform`` + ``nngmix`` in equal shares; with no labeled anomaly it is
``uniform`` alone, so it works for any y. Chosen on the evidence in benchmarks/README.md
("Augmentation evidence", "Mixture shares"): every single generator failed at least one of
MLP, DeepSAD, XGBOD and Lau et al.'s classifier, while the mixture had the best mean
AUCROC, and equal shares beat count-proportional ones on 10 held-out datasets. For
gradient-boosted trees with labeled anomalies, ``nngmix`` alone is better (CatBoost pilot).
"""

# Public names that live in heavier modules, imported on first access.
_LAZY = {
    "Augmented": "pyod_synth.augmented",
    "SyntheticAnomalySampler": "pyod_synth.sampler",
    "BaseGenerator": "pyod_synth.generators.base",
    "ScoreBlend": "pyod_synth.blend",
}

__all__ = [
    "DEFAULT_GENERATOR",
    "hookimpl",
    "list_generators",
    "get_generator",
    "list_detectors",
    "get_detector",
    *_LAZY,
]


def list_generators() -> list[str]:
    """Names of the registered generators (built-in and plugins), sorted."""
    from pyod_synth.plugins import registry

    return sorted(registry("generator"))


def get_generator(name: str, **params: Any):
    """A new, unfitted generator registered as ``name``, built with ``params``.

    Examples
    --------
    >>> import pyod_synth
    >>> gen = pyod_synth.get_generator("uniform", margin=0.1)
    >>> gen.margin
    0.1
    """
    from pyod_synth.plugins import lookup

    return lookup("generator", name).factory(**params)


def list_detectors() -> list[str]:
    """Names of the registered label-learning detectors, sorted."""
    from pyod_synth.plugins import registry

    return sorted(registry("detector"))


def get_detector(name: str, **params: Any):
    """A new, unfitted detector registered as ``name``, built with ``params``."""
    from pyod_synth.plugins import lookup

    return lookup("detector", name).factory(**params)


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'pyod_synth' has no attribute {name!r}")
