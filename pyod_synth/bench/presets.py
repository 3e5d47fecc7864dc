"""Named grids of ``pyod-synth bench --preset``, and ``make_grid`` that applies them."""

from __future__ import annotations

from typing import Any

from pyod_synth.bench.axes import NO_AUGMENTATION
from pyod_synth.bench.grid import Grid
from pyod_synth.bench.groups import group_datasets
from pyod_synth.bench.protocols import CROSS_ARROW, STANDARD, task_dataset
from pyod_synth.known_unseen import PRESETS as KNOWN_UNSEEN_PRESETS

QUICK = dict(
    detectors=["random_forest", "mlp"],
    generators=[NO_AUGMENTATION, "uniform", "nngmix", "mixture"],
    n_synthetic=["auto"],
    la=[0.1],
    ratio=[1.0],
    seeds=[1],
)

# NNG-Mix's evaluation (Dong et al. 2024): MLP and DeepSAD x the augmentations of
# NNG_Mix.py x m in {1, 5, 10}, la = 0.1 with the labeled anomalies subsampled to
# 100 / 50 / 10 % ("10 / 5 / 1 %").
NNGMIX = dict(
    detectors=["mlp", "deepsad"],
    generators=[NO_AUGMENTATION, "mixup", "cutout", "cutmix", "gaussian_noise", "nngmix"],
    n_synthetic=["1x", "5x", "10x"],
    la=[0.1],
    ratio=[1.0, 0.5, 0.1],
    seeds=[1, 2, 3],
)

# Lau, Zhou et al. (2025): their classifier with and without uniform anomalies at 1:1.
LAU = dict(
    detectors=["lau"],
    generators=[NO_AUGMENTATION, "uniform"],
    n_synthetic=["1.0"],
    la=[0.0, 0.01, 0.05, 0.1],
    ratio=[1.0],
    seeds=[1, 2, 3],
    # Unsupervised (la = 0) without uniform anomalies, the classifier has one class.
    exclude=[{"generator": NO_AUGMENTATION, "la": 0.0}],
)

# Issue 10: classification-based detectors with and without uniform anomalies (1:1, as
# Lau, Zhou et al.), beside the unsupervised detectors the bar compares with (they
# ignore labels, so the grid runs them without augmentation only), on known/unseen tasks.
_TYPE_DETECTORS = ["lau", "deepsad", "mlp", "catboost", "iforest", "ecod", "copod", "knn", "lof"]
_TYPES = dict(
    detectors=_TYPE_DETECTORS,
    generators=[NO_AUGMENTATION, "uniform"],
    n_synthetic=["1.0"],
    la=[1.0],
    ratio=[1.0],
    seeds=[1, 2, 3],
)
# Lau, Zhou et al.'s known/unseen tasks: NSL-KDD with R2L + U2R known and each single
# category known, Thyroid in both directions, Arrhythmia with classes 2, 10 and 14 known.
LAU_TYPES = dict(_TYPES, protocols=list(KNOWN_UNSEEN_PRESETS))
# ADBench cross-type tasks on the Classical datasets: every ordered pair of the local,
# global and cluster types (dependency needs copulas and at most 50 features: add its
# tasks with --protocols).
CROSS_TYPE_MODES = ("local", "global", "cluster")


def _cross_type_tasks(data_dir) -> list[str]:
    return [f"{dataset}/{known}{CROSS_ARROW}{unseen}"
            for dataset in group_datasets(["classical"], data_dir)
            for known in CROSS_TYPE_MODES for unseen in CROSS_TYPE_MODES if known != unseen]


CROSS_TYPES = dict(_TYPES, protocols=_cross_type_tasks)

PRESETS = {"quick": QUICK, "nngmix": NNGMIX, "lau": LAU, "lau-types": LAU_TYPES,
           "cross-types": CROSS_TYPES}
PRESET_HELP = {
    "quick": "embedded data, random_forest and mlp x none/uniform/nngmix/mixture (default)",
    "nngmix": "NNG-Mix's protocol on ADBench Classical+CV+NLP",
    "lau": "Lau et al.'s classifier with/without uniform anomalies on ADBench Classical",
    "lau-types": "Lau et al.'s known/unseen splits of NSL-KDD, Thyroid and Arrhythmia "
                 "($PYOD_SYNTH_LAU2025_DIR): lau, deepsad, mlp, catboost x none/uniform "
                 "beside iforest, ecod, copod, knn, lof",
    "cross-types": "the same detectors on ADBench cross-type tasks (Classical datasets, "
                   "known local/global/cluster anomalies, test anomalies of another type)",
}
# Which dataset groups a preset runs on when neither --datasets nor --groups is given.
PRESET_GROUPS = {
    "quick": ("embedded",),
    "nngmix": ("classical", "cv", "nlp"),
    "lau": ("classical",),
    "lau-types": ("classical",),
    "cross-types": ("classical",),
}
# A preset axis value may be a function of the ADBench data folder (lists of datasets).


def make_grid(preset: str = "quick", data_dir=None, groups=None, **overrides) -> Grid:
    """A grid from a preset, with any axis replaced by a non-None override.

    Without a ``datasets`` override, the datasets are those of ``groups`` (default: the
    preset's, ``PRESET_GROUPS``); giving both is an error, as it would be ambiguous. When
    every protocol is a known/unseen task, the datasets default to the tasks' own.

    Examples
    --------
    >>> make_grid("lau", datasets=["sk_wine"]).la
    [0.0, 0.01, 0.05, 0.1]
    """
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; valid: {', '.join(PRESETS)}")
    if groups and overrides.get("datasets") is not None:
        raise ValueError(
            "give either --datasets or --groups, not both: --groups runs every dataset of "
            "the groups; to add single datasets to a group, list them all with --datasets"
        )
    axes: dict[str, Any] = {key: value(data_dir) if callable(value) else list(value)
                            for key, value in PRESETS[preset].items()
                            if overrides.get(key) is None}
    axes.update({key: value for key, value in overrides.items() if value is not None})
    tasks = [task_dataset(p) for p in axes.get("protocols", [STANDARD])]
    if "datasets" not in axes and None not in tasks and not groups:
        axes["datasets"] = list(dict.fromkeys(tasks))
    if "datasets" not in axes:
        axes["datasets"] = group_datasets(groups or PRESET_GROUPS[preset], data_dir)
    return Grid(**axes)
