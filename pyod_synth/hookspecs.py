"""Hook specifications of pyod-synth.

A plugin is a module (or any object) with functions marked ``@pyod_synth.hookimpl``
whose names match the specs below. Register it under the entry-point group
``pyod_synth`` in its ``pyproject.toml``::

    [project.entry-points.pyod_synth]
    my_plugin = "my_plugin_module"

Built-in generators and detectors are registered through these same hooks, by the
modules listed in ``pyod_synth.plugins.DEFAULT_PLUGINS``.
"""

from pluggy import HookimplMarker, HookspecMarker

hookspec = HookspecMarker("pyod_synth")
hookimpl = HookimplMarker("pyod_synth")


@hookspec
def register_generators(register):
    """Register anomaly generators: call ``register(name, factory)`` once per generator.

    ``factory`` is a generator class or any callable that, called with keyword
    parameters, returns a new generator (see ``pyod_synth.generators.BaseGenerator``).
    """


@hookspec
def register_detectors(register):
    """Register detectors that learn from labels: call ``register(name, factory)`` once each.

    ``factory`` is a class or any callable that, called with keyword parameters,
    returns a new, unfitted detector whose ``fit(X, y)`` uses ``y`` (1 = anomaly).
    """
