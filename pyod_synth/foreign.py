"""The registry's boundary check: what a plugin's factory returns is what it claims to be.

``get_generator`` and ``get_detector`` pass every factory's product through
:func:`checked_product`: ``None`` or an object without the needed methods is refused with
the plugin named. A generator that does not derive from ``BaseGenerator`` (a duck-typed
plugin generator) is wrapped once in :class:`ForeignGenerator`, which checks its outputs
wherever they are used, ``get_generator(name).sample()`` included, as ``BaseGenerator``
checks its own; so is a duck-typed generator object given to ``Augmented``, the sampler
or a mixture (:func:`wrap_foreign`).

Examples
--------
>>> import numpy as np
>>> class Shifted:                       # a plugin generator without a base class
...     def fit(self, X, y=None):
...         self.X_ = np.asarray(X, dtype=float)
...         return self
...     def sample(self, n_samples, random_state=None):
...         return self.X_[:n_samples] + 10.0
>>> gen = ForeignGenerator(Shifted(), name="shifted", plugin="my_plugin")
>>> gen.fit(np.zeros((5, 2))).sample(3).shape
(3, 2)
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator

from pyod_synth.validation import check_float64_range, check_n_samples, check_synthetic_size

# What each kind's object must have, as the registry checks it.
REQUIRED_METHODS = {"generator": ("fit", "sample"), "detector": ("fit",)}
DETECTOR_SCORES = ("decision_function", "predict_proba")


def _missing(obj, kind: str) -> list[str]:
    missing = [m for m in REQUIRED_METHODS[kind] if not callable(getattr(obj, m, None))]
    if kind == "detector" and not any(callable(getattr(obj, m, None)) for m in DETECTOR_SCORES):
        missing.append(" or ".join(DETECTOR_SCORES))
    return missing


def check_product(kind: str, name: str, plugin: str, product) -> None:
    """Raise if ``product`` of the factory registered as ``name`` by ``plugin`` is no ``kind``.

    Raises
    ------
    TypeError
        ``product`` is None, a class, or lacks a method every ``kind`` has.
    """
    missing = ["an instance"] if isinstance(product, type) else _missing(product, kind)
    if product is None or missing:
        raise TypeError(
            f"the factory of {kind} {name!r} (plugin {plugin!r}) returned {product!r}, not a "
            f"{kind} (missing: {', '.join(missing)}); fix the plugin's register_{kind}s hook "
            "or block the plugin with PYOD_SYNTH_BLOCK_PLUGINS"
        )


def checked_product(kind: str, name: str, plugin: str, product):
    """``product``, checked by :func:`check_product`; a duck-typed generator is wrapped in
    :class:`ForeignGenerator`."""
    check_product(kind, name, plugin, product)
    return wrap_foreign(product, name=name, plugin=plugin) if kind == "generator" else product


def wrap_foreign(generator, *, name: str = "", plugin: str = ""):
    """``generator`` itself if it checks its own outputs (a ``BaseGenerator``), else
    wrapped in :class:`ForeignGenerator`."""
    from pyod_synth.generators.base import BaseGenerator

    if isinstance(generator, (BaseGenerator, ForeignGenerator)):
        return generator
    return ForeignGenerator(generator, name=name, plugin=plugin)


class ForeignGenerator(BaseEstimator):
    """A plugin generator not derived from ``BaseGenerator``, with its outputs checked.

    ``fit`` and ``sample`` call the wrapped generator. ``fit`` refuses float rows beyond
    float64's safe range and ``sample`` a draw beyond the synthetic-size limit before
    calling it (as ``BaseGenerator`` does); ``sample`` also refuses rows that are
    not numbers, not finite or of the wrong shape, and ``auto_n_samples`` refuses a count
    that is not a non-negative integer, each error naming the plugin. Other attributes are
    read from the wrapped generator.

    Parameters
    ----------
    generator : object
        With ``fit(X, y=None)`` and ``sample(n_samples, random_state=None)``.
    name, plugin : str
        Its registered name and the plugin that registered it (for error messages).
    """

    def __init__(self, generator, *, name: str = "", plugin: str = ""):
        self.generator = generator
        self.name = name
        self.plugin = plugin

    def __getattr__(self, attribute):
        # Only reached for attributes this wrapper lacks (the plugin's own parameters).
        if attribute.startswith("__") or attribute == "generator":
            raise AttributeError(attribute)
        return getattr(self.generator, attribute)

    def _who(self) -> str:
        cls = type(self.generator).__name__
        if not self.plugin:  # an object given directly, not a registered name
            return f"generator {cls}"
        return f"generator {self.name!r} (plugin {self.plugin!r}, {cls})"

    def fit(self, X, y=None):
        if isinstance(X, np.ndarray) and X.dtype.kind == "f":  # encoded rows, as augment gives
            check_float64_range(X, self._who())  # a plugin's fit may not check them itself
        self.generator.fit(X, y)
        self.n_features_in_ = int(np.shape(X)[1])
        return self

    def sample(self, n_samples, random_state=None):
        if hasattr(self, "n_features_in_"):  # refused before the plugin allocates anything
            check_synthetic_size(check_n_samples(n_samples), self.n_features_in_, self._who())
        out = self.generator.sample(n_samples, random_state=random_state)
        try:
            out = np.asarray(out, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise RuntimeError(f"{self._who()} sample({n_samples}) returned values that are "
                               f"not numbers ({exc}): this is a bug in the plugin") from None
        expected = (int(n_samples), getattr(self, "n_features_in_", None))
        if out.ndim != 2 or out.shape[0] != expected[0] or (
            expected[1] is not None and out.shape[1] != expected[1]
        ):
            raise RuntimeError(f"{self._who()} sample({n_samples}) returned shape {out.shape}, "
                               f"expected {expected}: this is a bug in the plugin")
        if not np.isfinite(out).all():
            raise RuntimeError(f"{self._who()} sample({n_samples}) returned non-finite values "
                               "(NaN or inf): this is a bug in the plugin")
        return out

    @property
    def auto_n_samples(self):
        # A property so that hasattr() stays False when the plugin has no auto_n_samples.
        own = self.generator.auto_n_samples

        def checked() -> int:
            value = own()
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) \
                    or value < 0:
                raise RuntimeError(f"{self._who()} auto_n_samples() returned {value!r}, not a "
                                   "non-negative integer: this is a bug in the plugin")
            return int(value)

        return checked

    def __sklearn_tags__(self):
        from pyod_synth.tags import add_anomaly_tags, get_anomaly_tags

        return add_anomaly_tags(super().__sklearn_tags__(),
                                requires_anomalies=get_anomaly_tags(self.generator)
                                .requires_anomalies)
