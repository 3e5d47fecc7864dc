"""ADBench interoperability, without importing adbench, torch or TensorFlow.

* :func:`split`: ADBench's exact train/test protocol (bit for bit equal to its
  ``DataGenerator``), with the realistic synthetic anomaly types and noise settings;
  ``RLA_GRID``, ``NLA_GRID``, ``SEEDS``: RunPipeline's labeled-anomaly grids and seeds.
* :func:`make_model`: a ``pyod_synth.Augmented`` model class for ADBench's
  ``RunPipeline.run(clf=...)``.
* :func:`subsample_labeled`: NNG-Mix's ``--ratio`` subsample of the labeled anomalies.
* :mod:`pyod_synth.adbench.published`: ADBench's published per-dataset results (paper
  Tables D4-D19) and matching our dataset names to theirs.
* :mod:`pyod_synth.adbench.realistic_data`: ADBench's realistic synthetic datasets (local,
  global, dependency, cluster anomalies), which replace a dataset; not a generator.

Datasets load with :func:`pyod_synth.datasets.load_dataset`.
"""

from pyod_synth.adbench.model import AugmentedADBenchModel, make_model
from pyod_synth.adbench.noise import NOISE_GRIDS, NOISE_TYPES
from pyod_synth.adbench.protocol import MAX_SAMPLES, NLA_GRID, RLA_GRID, SEEDS, split
from pyod_synth.adbench.realistic_data import SYNTHETIC_MODES
from pyod_synth.adbench.subsample import subsample_labeled

__all__ = [
    "split",
    "subsample_labeled",
    "make_model",
    "AugmentedADBenchModel",
    "RLA_GRID",
    "NLA_GRID",
    "SEEDS",
    "MAX_SAMPLES",
    "NOISE_GRIDS",
    "NOISE_TYPES",
    "SYNTHETIC_MODES",
]
