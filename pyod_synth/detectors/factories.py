"""Lazy detector factories: optional dependencies are checked and imported only when called.

A registered detector is a ``LazyFactory``: a picklable callable that, called with keyword
parameters, checks that its optional dependency is installed (without importing it), then
imports the class and returns a new instance built with the registered defaults updated
by the caller's parameters.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from dataclasses import dataclass, field
from typing import Any


def dependency_available(module_name: str) -> bool:
    """True if ``module_name`` can be imported; it is not imported.

    A ``None`` entry in ``sys.modules`` means "blocked" (Python's own convention, used by
    tests to simulate a missing package).
    """
    if module_name in sys.modules:
        return sys.modules[module_name] is not None
    try:
        return importlib.util.find_spec(module_name) is not None
    except (ImportError, ValueError):
        return False


def require_extra(module_name: str, extra: str, what: str) -> None:
    """Raise an ImportError naming the pyod-synth extra when ``module_name`` is missing."""
    if not dependency_available(module_name):
        raise ImportError(
            f"{what} needs the optional dependency {module_name!r}, which is not installed. "
            f'Install it with: pip install "pyod-synth[{extra}]"',
            name=module_name,
        )


@dataclass(frozen=True)
class LazyFactory:
    """Build ``module.attr(**{**defaults, **params})``, checking ``requires`` first.

    Parameters
    ----------
    module, attr : str
        Where the detector class lives; imported on call.
    requires : str or None
        Top-level module of the optional dependency (None: a core dependency).
    extra : str or None
        The pyod-synth extra that installs ``requires``.
    defaults : dict
        Parameters that differ from the class defaults (the caller's win).

    Examples
    --------
    >>> from pyod_synth.detectors.factories import LazyFactory
    >>> make = LazyFactory("sklearn.ensemble", "RandomForestClassifier",
    ...                    defaults={"n_estimators": 10})
    >>> make(random_state=0).get_params()["n_estimators"]
    10
    """

    module: str
    attr: str
    requires: str | None = None
    extra: str | None = None
    defaults: dict[str, Any] = field(default_factory=dict)

    def __call__(self, **params: Any):
        if self.requires is not None:
            require_extra(self.requires, self.extra or self.requires, f"{self.attr}")
        cls = getattr(importlib.import_module(self.module), self.attr)
        return cls(**{**self.defaults, **params})
