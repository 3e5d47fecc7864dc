"""The registry of generators and detectors: registration, lookup and listing.

This is the one way into the registry; ``pyod_synth`` re-exports its public names, as
``llm`` exposes ``get_model`` and ``UnknownModelError``. Registrations come from the
``register_generators`` and ``register_detectors`` hooks of every loaded plugin (the
built-ins included, see ``pyod_synth.plugins``), collected on first use and again
whenever the set of plugins changes.

Examples
--------
>>> from pyod_synth import get_generator, list_detectors
>>> get_generator("uniform", margin=0.1).margin
0.1
>>> "random_forest" in list_detectors()
True
>>> "iforest" in list_detectors(learns_from_labels=False)
True
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pyod_synth.plugins import BLOCK_ENV, PluginLoadWarning, load_plugins, pm

__all__ = [
    "DEFAULT_GENERATOR",
    "DuplicateNameError",
    "Registration",
    "Registrations",
    "UnknownNameError",
    "detector_registrations",
    "generator_registrations",
    "get_detector",
    "get_generator",
    "list_detectors",
    "list_generators",
]

DEFAULT_GENERATOR = "mixture"
"""Generator of ``Augmented``, the sampler and ``make_model`` when none is given.

``mixture`` = ``uniform`` + ``nngmix`` in equal shares; with no labeled anomaly it is
``uniform`` alone, so it works for any y. Why this one: benchmarks/README.md,
"Augmentation evidence" and "Mixture shares".
"""


class UnknownNameError(KeyError, ValueError):
    """No generator or detector is registered under the name asked for.

    A ``KeyError`` (a failed lookup, like ``llm.UnknownModelError``) and a ``ValueError``
    (what pyod-synth raised before, so ``except ValueError`` keeps working). The message
    lists the registered names and suggests the closest.
    """

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class DuplicateNameError(ValueError):
    """Two plugins registered the same generator or detector name."""


@dataclass(frozen=True)
class Registration:
    """One registered generator or detector.

    ``learns_from_labels`` is what the registering plugin declared for a detector
    (``register(name, factory, learns_from_labels=False)`` for an unsupervised one); it
    lets listings filter detectors without building them. Generators leave it False.
    """

    name: str
    factory: Callable[..., Any]
    plugin: str
    learns_from_labels: bool = False


class Registrations(Mapping):
    """A read-only, name-sorted mapping of registrations; a missing name raises
    ``UnknownNameError`` listing the valid ones."""

    def __init__(self, kind: str, entries: dict[str, Registration]):
        self.kind = kind
        self._entries = dict(sorted(entries.items()))

    def __getitem__(self, name) -> Registration:
        if isinstance(name, str) and name in self._entries:
            return self._entries[name]
        raise UnknownNameError(_unknown_name_message(self.kind, name, list(self._entries)))

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


def _unknown_name_message(kind: str, name, valid: list[str]) -> str:
    message = f"unknown {kind} {name!r}; registered {kind}s: {', '.join(valid) or '(none)'}"
    close = difflib.get_close_matches(name, valid, n=1) if isinstance(name, str) else []
    return message + (f". Did you mean {close[0]!r}?" if close else "")


_HOOKS = {"generator": "register_generators", "detector": "register_detectors"}


def _collect(kind: str) -> dict[str, Registration]:
    """Call every implementation of ``kind``'s hook separately, recording who registered what."""
    hook_name = _HOOKS[kind]
    entries: dict[str, Registration] = {}
    for impl in getattr(pm.hook, hook_name).get_hookimpls():
        plugin_name = pm.get_name(impl.plugin) or repr(impl.plugin)
        added: list[str] = []

        def register(
            name: str,
            factory: Callable[..., Any],
            *,
            learns_from_labels: bool = kind == "detector",
            _plugin: str = plugin_name,
            _added: list[str] = added,
        ) -> None:
            if not isinstance(name, str) or not name:
                raise TypeError(f"{kind} name must be a non-empty string, got {name!r}")
            if not callable(factory):
                raise TypeError(f"{kind} {name!r}: factory must be callable, got {factory!r}")
            if name in entries:
                raise DuplicateNameError(
                    f"{kind} name {name!r} is registered by two plugins: "
                    f"{entries[name].plugin!r} and {_plugin!r}. Uninstall one of them or block "
                    f"it with {BLOCK_ENV}=<plugin name>."
                )
            entries[name] = Registration(name, factory, _plugin, bool(learns_from_labels))
            _added.append(name)

        kwargs = {"register": register} if "register" in impl.argnames else {}
        try:
            impl.function(**kwargs)
        except DuplicateNameError:
            raise
        except Exception as exc:  # noqa: BLE001 - a faulty plugin must not break the others
            for name in added:  # all or nothing per plugin
                entries.pop(name, None)
            warnings.warn(
                f"pyod-synth plugin {plugin_name!r} raised in {hook_name} and was skipped: "
                f"{type(exc).__name__}: {exc}",
                PluginLoadWarning,
                stacklevel=4,
            )
    return entries


_cache: dict[str, tuple[Any, Registrations]] = {}


def _registrations(kind: str) -> Registrations:
    load_plugins()
    # Tests and notebooks register plugins at run time: rebuild when the plugin set changes.
    key = tuple((name, id(plugin)) for name, plugin in pm.list_name_plugin())
    cached = _cache.get(kind)
    if cached is None or cached[0] != key:
        cached = (key, Registrations(kind, _collect(kind)))
        _cache[kind] = cached
    return cached[1]


def generator_registrations() -> Registrations:
    """Every registered generator's ``Registration`` (name, factory, plugin), by name."""
    return _registrations("generator")


def detector_registrations() -> Registrations:
    """Every registered detector's ``Registration``, the unsupervised ones included."""
    return _registrations("detector")


def list_generators() -> list[str]:
    """Names of the registered generators (built-in and plugins), sorted."""
    return list(generator_registrations())


def get_generator(name: str, **params: Any):
    """A new, unfitted generator registered as ``name``, built with ``params``.

    Raises
    ------
    UnknownNameError
        No generator has that name; the message lists the valid ones.

    Examples
    --------
    >>> import pyod_synth
    >>> gen = pyod_synth.get_generator("uniform", margin=0.1)
    >>> gen.margin
    0.1
    """
    return _built("generator", generator_registrations()[name], params)


def list_detectors(*, learns_from_labels: bool | None = True) -> list[str]:
    """Names of registered detectors, sorted.

    Parameters
    ----------
    learns_from_labels : bool or None, default=True
        True: the detectors that learn from labels, which ``Augmented`` and
        ``pyod-synth bench`` take. False: the unsupervised ones (IForest, ECOD, ...),
        which only ``ScoreBlend`` takes, as members. None: all of them.
    """
    return [
        name
        for name, registration in detector_registrations().items()
        if learns_from_labels is None or registration.learns_from_labels == learns_from_labels
    ]


def get_detector(name: str, **params: Any):
    """A new, unfitted detector registered as ``name``, built with ``params``.

    Raises
    ------
    UnknownNameError
        No detector has that name; the message lists the valid ones.

    Examples
    --------
    >>> import pyod_synth
    >>> pyod_synth.get_detector("random_forest", n_estimators=10).n_estimators
    10
    """
    return _built("detector", detector_registrations()[name], params)


def _built(kind: str, registration: Registration, params: dict):
    """The factory's product, checked at the boundary (see ``pyod_synth.foreign``)."""
    from pyod_synth.foreign import checked_product

    product = registration.factory(**params)
    return checked_product(kind, registration.name, registration.plugin, product)
