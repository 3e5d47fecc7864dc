"""The plugin manager: loads the built-in and third-party plugins, lists them.

What plugins register is collected by ``pyod_synth.registry``. Plugins load lazily, on
the first call that needs the registry. Built-in plugins
(``DEFAULT_PLUGINS``) are registered exactly like third-party ones; third-party
plugins are found through the entry-point group ``pyod_synth``.

Environment variables
---------------------
PYOD_SYNTH_DISABLE_PLUGIN_AUTOLOAD
    ``1``, ``true``, ``yes`` or ``on`` (any case): do not load entry-point plugins (the
    built-ins still load). ``0``, ``false``, ``no``, ``off`` or unset: load them. Any
    other value is a ValueError.
PYOD_SYNTH_BLOCK_PLUGINS
    Comma-separated plugin names (entry-point names) never to load.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import re
import threading
import warnings
from typing import Any

import pluggy

from pyod_synth import hookspecs
from pyod_synth._version import __version__

ENTRY_POINT_GROUP = "pyod_synth"
DISABLE_AUTOLOAD_ENV = "PYOD_SYNTH_DISABLE_PLUGIN_AUTOLOAD"
BLOCK_ENV = "PYOD_SYNTH_BLOCK_PLUGINS"

DEFAULT_PLUGINS = (
    "pyod_synth.default_plugins.generators",
    "pyod_synth.default_plugins.detectors",
)

pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
pm.add_hookspecs(hookspecs)

_load_lock = threading.RLock()
_loaded = False


class PluginLoadWarning(UserWarning):
    """A plugin failed to import or its hook raised; the rest keeps working."""


_failures: dict[str, dict[str, str]] = {}
"""Plugin name -> {what failed ("load" or a hook's name): what happened, on one line}."""


def record_failure(plugin_name: str, stage: str, exc: BaseException) -> str:
    """Remember that ``plugin_name`` failed at ``stage`` (for ``list_plugins``); the
    error as one line."""
    message = " ".join(f"{type(exc).__name__}: {exc}".split())
    _failures.setdefault(plugin_name, {})[stage] = message
    return message


def forget_failures(stage: str) -> None:
    """Forget the failures at ``stage``, about to be tried again (a hook's next call)."""
    for stages in _failures.values():
        stages.pop(stage, None)


_ON = ("1", "true", "yes", "on")
_OFF = ("0", "false", "no", "off")


def _env_flag(name: str) -> bool:
    """The switch ``name``: one of ``_ON`` or ``_OFF`` (any case), unset or empty = off."""
    value = os.environ.get(name, "")
    if value.strip().lower() in (*_ON, *_OFF, ""):
        return value.strip().lower() in _ON
    raise ValueError(
        f"{name}={value!r} is not a switch value: use one of {', '.join(_ON)} to turn it on, "
        f"or {', '.join(_OFF)} (or leave it unset) to turn it off (any case)"
    )


def _blocked_names() -> list[str]:
    return [n.strip() for n in os.environ.get(BLOCK_ENV, "").split(",") if n.strip()]


def _check_hook_names(plugin_name: str) -> None:
    """Reject a plugin implementing a hook with no spec (a misspelt hook name).

    ``pm.check_pending()`` would raise too, but only after every plugin has loaded, and
    then every later call would fail; checked here, only the faulty plugin is skipped.
    """
    plugin = pm.get_plugin(plugin_name)
    for caller in pm.get_hookcallers(plugin) or []:
        own = [impl for impl in caller.get_hookimpls() if impl.plugin is plugin]
        if not caller.has_spec() and any(not impl.optionalhook for impl in own):
            known = sorted(n for n, c in vars(pm.hook).items() if c.has_spec())
            raise pluggy.PluginValidationError(
                plugin, f"unknown hook {caller.name!r}; pyod-synth hooks are: {', '.join(known)}"
            )


def _load_entry_points() -> None:
    # pluggy's loader has no error isolation: load each entry point on its own so one
    # broken plugin becomes a warning instead of breaking every other one.
    providers = _providers()
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if pm.is_blocked(ep.name) or pm.get_plugin(ep.name) is not None:
            continue
        try:
            if len(providers.get(ep.name, ())) > 1:
                raise ValueError(
                    f"the plugin name {ep.name!r} is provided by {len(providers[ep.name])} "
                    f"distributions: {', '.join(providers[ep.name])}; none of them is loaded: "
                    "uninstall all but one (pip uninstall NAME)")
            pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP, name=ep.name)
            _check_hook_names(ep.name)
        # SystemExit too: a plugin parsing sys.argv at import must not end the program.
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - contain any plugin failure
            _skip(ep, exc)


def _providers() -> dict[str, list[str]]:
    """Plugin (entry-point) name -> the distinct distributions that provide it."""
    providers: dict[str, dict[str, None]] = {}
    for dist in importlib.metadata.distributions():
        # One distribution can be found twice (on two sys.path entries): Python imports
        # the first, so it is one provider, not a clash.
        dist_name = re.sub(r"[-_.]+", "-", dist.metadata["name"]).lower()
        for ep in dist.entry_points:
            if ep.group == ENTRY_POINT_GROUP:
                providers.setdefault(ep.name, {})[dist_name] = None
    return {name: list(dists) for name, dists in providers.items()}


def _skip(ep, exc: BaseException) -> None:
    if pm.get_plugin(ep.name) is not None:
        pm.unregister(name=ep.name)
    message = record_failure(ep.name, "load", exc)
    warnings.warn(
        f"pyod-synth plugin {ep.name!r} ({ep.value}) failed to load and was skipped: {message}",
        PluginLoadWarning,
        stacklevel=4,
    )


def load_plugins() -> None:
    """Load the built-in and installed plugins once; later calls do nothing."""
    global _loaded
    with _load_lock:
        if _loaded:
            return
        for name in _blocked_names():
            pm.set_blocked(name)
        if not _env_flag(DISABLE_AUTOLOAD_ENV):
            _load_entry_points()
        for module_name in DEFAULT_PLUGINS:
            if pm.get_plugin(module_name) is None and not pm.is_blocked(module_name):
                pm.register(importlib.import_module(module_name), name=module_name)
        pm.check_pending()
        _loaded = True


def plugin_versions() -> dict[str, str]:
    """Plugin name -> version of the distribution that provides it."""
    load_plugins()
    versions = {name: __version__ for name in DEFAULT_PLUGINS}
    for plugin, dist in pm.list_plugin_distinfo():
        versions[pm.get_name(plugin)] = dist.version
    return versions


def list_plugins() -> list[dict[str, Any]]:
    """One dict per plugin: ``name``, ``version``, the ``hooks`` it implements and its
    ``status``, ``"ok"`` or ``"failed"`` with the ``error`` (a plugin that failed to load
    or whose hook raised; the rest of pyod-synth works without it)."""
    from pyod_synth.registry import detector_registrations, generator_registrations

    # Hooks run, and may fail, when the registry collects what they register.
    generator_registrations()
    detector_registrations()
    versions = plugin_versions()
    rows = []
    for name, plugin in pm.list_name_plugin():
        if plugin is not None:  # None: blocked
            hooks = sorted(caller.name for caller in pm.get_hookcallers(plugin) or [])
            rows.append({"name": name, "version": versions.get(name, "unknown"), "hooks": hooks})
    unloaded = [name for name, stages in _failures.items()
                if stages and pm.get_plugin(name) is None and not pm.is_blocked(name)]
    rows += [{"name": name, "version": _entry_point_version(name), "hooks": []}
             for name in unloaded]
    for row in rows:
        _add_status(row)
    return sorted(rows, key=lambda row: row["name"])


def _add_status(row: dict[str, Any]) -> None:
    stages = _failures.get(row["name"], {})
    row["status"] = "failed" if stages else "ok"
    if stages:
        row["error"] = "; ".join(
            f"load failed: {message}" if stage == "load" else f"{stage} raised {message}"
            for stage, message in stages.items())


def _entry_point_version(name: str) -> str:
    """Version of the distribution with the entry point ``name`` (a plugin not loaded)."""
    for dist in importlib.metadata.distributions():
        if any(ep.group == ENTRY_POINT_GROUP and ep.name == name for ep in dist.entry_points):
            return dist.version
    return "unknown"
