"""The built-in generators, registered like any third-party plugin's."""

from pyod_synth.hookspecs import hookimpl


@hookimpl
def register_generators(register):
    from pyod_synth.generators.mixture import MixtureGenerator
    from pyod_synth.generators.nngmix import NNGMixGenerator
    from pyod_synth.generators.uniform import UniformGenerator

    register("uniform", UniformGenerator)
    register("mixture", MixtureGenerator)
    register("nngmix", NNGMixGenerator)
