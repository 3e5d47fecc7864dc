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
import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from pyod_synth.plugins import (
    BLOCK_ENV,
    DEFAULT_PLUGINS,
    PluginLoadWarning,
    forget_failures,
    load_plugins,
    pm,
    record_failure,
)

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
    """Two plugins registered the same generator or detector name.

    Raised by a lookup of that name only: every other name keeps working. The message
    names the plugins and how to block one (``PYOD_SYNTH_BLOCK_PLUGINS``).
    """


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
    ``UnknownNameError`` listing the valid ones.

    A name registered by several plugins is left out (iteration, ``in``, the listings);
    ``clashes`` maps it to those plugins, and looking it up raises ``DuplicateNameError``.
    """

    def __init__(self, kind: str, entries: dict[str, Registration],
                 clashes: dict[str, tuple[str, ...]] | None = None):
        self.kind = kind
        self._entries = dict(sorted(entries.items()))
        self.clashes = dict(sorted((clashes or {}).items()))

    def __getitem__(self, name) -> Registration:
        if isinstance(name, str) and name in self._entries:
            return self._entries[name]
        if name in self.clashes:
            raise self.duplicate_error(name)
        raise UnknownNameError(_unknown_name_message(self.kind, name, list(self._entries)))

    def __contains__(self, name) -> bool:
        return isinstance(name, str) and name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def duplicate_error(self, name: str) -> DuplicateNameError:
        """The error for ``name``, registered by the plugins ``clashes[name]``."""
        plugins = self.clashes[name]
        # Suggest blocking a third-party plugin rather than the built-ins.
        blockable = [p for p in plugins if p not in DEFAULT_PLUGINS] or list(plugins)
        return DuplicateNameError(
            f"{self.kind} name {name!r} is registered by {len(plugins)} plugins: "
            f"{', '.join(map(repr, plugins))}; no {self.kind} is used under that name until "
            "one of them is uninstalled or blocked, e.g. "
            + " or ".join(f"{BLOCK_ENV}={p}" for p in blockable)
        )


def _unknown_name_message(kind: str, name, valid: list[str]) -> str:
    message = f"unknown {kind} {name!r}; registered {kind}s: {', '.join(valid) or '(none)'}"
    close = difflib.get_close_matches(name, valid, n=1) if isinstance(name, str) else []
    return message + (f". Did you mean {close[0]!r}?" if close else "")


_HOOKS = {"generator": "register_generators", "detector": "register_detectors"}
# A results key joins names with "|" and "=", the bench's command line splits on spaces.
_NAME_CHARACTERS = "A-Za-z0-9_.+-"
_USABLE_NAME = re.compile(rf"[A-Za-z0-9][{_NAME_CHARACTERS}]*")


def _collect(kind: str) -> Registrations:
    """Call every implementation of ``kind``'s hook separately, recording who registered what.

    A plugin whose hook raises is skipped as a whole, with a warning; a name two plugins
    register is a clash of that name only (see ``Registrations``).
    """
    hook_name = _HOOKS[kind]
    forget_failures(hook_name)
    claims: dict[str, list[Registration]] = {}
    for impl in getattr(pm.hook, hook_name).get_hookimpls():
        plugin_name = pm.get_name(impl.plugin) or repr(impl.plugin)
        try:
            own = _call_hook(kind, impl, plugin_name)
        # SystemExit too: a plugin parsing sys.argv must not end the program.
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - a faulty plugin must not break the others
            message = record_failure(plugin_name, hook_name, exc)
            warnings.warn(
                f"pyod-synth plugin {plugin_name!r} raised in {hook_name} and was skipped: "
                f"{message}",
                PluginLoadWarning,
                stacklevel=4,
            )
            continue
        for name, registration in own.items():
            claims.setdefault(name, []).append(registration)
    registrations = Registrations(
        kind,
        {name: regs[0] for name, regs in claims.items() if len(regs) == 1},
        {name: tuple(r.plugin for r in regs) for name, regs in claims.items() if len(regs) > 1},
    )
    for name in registrations.clashes:
        warnings.warn(str(registrations.duplicate_error(name)), PluginLoadWarning, stacklevel=4)
    return registrations


def _call_hook(kind: str, impl, plugin_name: str) -> dict[str, Registration]:
    """What one plugin's hook registers, checked, by name."""
    own: dict[str, Registration] = {}
    hook_name = _HOOKS[kind]
    returned = False

    def register(name: str, factory: Callable[..., Any], **options: Any) -> None:
        if returned:  # a plugin keeping ``register`` for later: nothing would see it
            raise RuntimeError(f"register() was called after the {hook_name} hook of "
                               f"{plugin_name!r} returned; call it inside the hook")
        if not isinstance(name, str) or not name:
            raise TypeError(f"{kind} name must be a non-empty string, got {name!r}")
        if not _USABLE_NAME.fullmatch(name):
            raise ValueError(
                f"{kind} name {name!r} is not usable: a name holds letters, digits and _ . + - "
                "only, starting with a letter or digit, because it is typed on command lines "
                f"and written into results keys and file names (e.g. "
                f"{re.sub(rf'[^{_NAME_CHARACTERS}]+', '_', name).strip('_.+-') or 'my_name'!r})"
            )
        if not callable(factory):
            raise TypeError(f"{kind} {name!r}: factory must be callable, got {factory!r}")
        if set(options) - {"learns_from_labels"}:
            raise TypeError(f"register() got unknown option(s) {sorted(options)}; it takes "
                            "register(name, factory, *, learns_from_labels=...)")
        learns = options.get("learns_from_labels", kind == "detector")
        if not isinstance(learns, (bool, np.bool_)):  # bool("no") would be True
            raise TypeError(f"{kind} {name!r}: learns_from_labels must be True or False, got "
                            f"{learns!r}")
        if name in own:
            raise DuplicateNameError(f"{kind} {name!r} registered twice by the same plugin")
        own[name] = Registration(name, factory, plugin_name, bool(learns))

    try:
        impl.function(**({"register": register} if "register" in impl.argnames else {}))
    finally:
        returned = True
    return own


_cache: dict[str, tuple[Any, Registrations]] = {}


def _registrations(kind: str) -> Registrations:
    load_plugins()
    # Tests and notebooks register plugins at run time: rebuild when the plugin set changes.
    # The plugin objects themselves, not their id(): a plugin unregistered and garbage
    # collected can leave its id to the next one, whose hooks would then never run.
    key = tuple(pm.list_name_plugin())
    cached = _cache.get(kind)
    if cached is None or not _same_plugins(cached[0], key):
        cached = (key, _collect(kind))
        _cache[kind] = cached
    return cached[1]


def _same_plugins(old: tuple, new: tuple) -> bool:
    return len(old) == len(new) and all(
        a_name == b_name and a is b for (a_name, a), (b_name, b) in zip(old, new, strict=True))


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

    try:
        product = registration.factory(**params)
    except Exception as exc:
        # The type is kept (a bad parameter stays a TypeError); the note says whose code.
        if hasattr(exc, "add_note"):
            exc.add_note(f"while building {kind} {registration.name!r} of plugin "
                         f"{registration.plugin!r}")
        raise
    return checked_product(kind, registration.name, registration.plugin, product)
