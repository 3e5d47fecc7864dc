"""pyod-synth plugin providing the ``marginals`` generator.

pyod-synth loads this module through the entry point declared in ``pyproject.toml``
(group ``pyod_synth``, name ``marginals``) and calls its ``register_generators`` hook.
"""

import pyod_synth
from pyod_synth_marginals.generator import MarginalsGenerator

__all__ = ["MarginalsGenerator", "register_generators"]


@pyod_synth.hookimpl
def register_generators(register):
    register("marginals", MarginalsGenerator)
