"""The built-in generators, registered like any third-party plugin's."""

from pyod_synth.hookspecs import hookimpl


@hookimpl
def register_generators(register):
    from pyod_synth.generators.cutmix import CutMixGenerator
    from pyod_synth.generators.cutout import CutoutGenerator
    from pyod_synth.generators.gaussian_noise import GaussianNoiseGenerator
    from pyod_synth.generators.mixture import MixtureGenerator
    from pyod_synth.generators.mixup import MixupGenerator
    from pyod_synth.generators.nngmix import NNGMixGenerator
    from pyod_synth.generators.smote import SMOTEGenerator
    from pyod_synth.generators.uniform import UniformGenerator

    register("uniform", UniformGenerator)
    register("mixture", MixtureGenerator)
    register("nngmix", NNGMixGenerator)
    register("mixup", MixupGenerator)
    register("cutout", CutoutGenerator)
    register("cutmix", CutMixGenerator)
    register("gaussian_noise", GaussianNoiseGenerator)
    register("smote", SMOTEGenerator)
