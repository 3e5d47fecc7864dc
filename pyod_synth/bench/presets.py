"""Named grids of ``pyod-synth bench --preset``, and ``make_grid`` that applies them."""

from __future__ import annotations

from typing import Any

from pyod_synth.bench.axes import NO_AUGMENTATION
from pyod_synth.bench.grid import Grid
from pyod_synth.bench.groups import group_datasets

QUICK = dict(
    detectors=["random_forest", "mlp"],
    generators=[NO_AUGMENTATION, "uniform", "nngmix", "mixture"],
    n_synthetic=["auto"],
    la=[0.1],
    ratio=[1.0],
    seeds=[1],
)

# nngmix.md section 8: MLP and DeepSAD x the augmentations of NNG_Mix.py x m in {1, 5, 10},
# la = 0.1 with the labeled anomalies subsampled to 100 / 50 / 10 % ("10 / 5 / 1 %").
NNGMIX = dict(
    detectors=["mlp", "deepsad"],
    generators=[NO_AUGMENTATION, "mixup", "cutout", "cutmix", "gaussian_noise", "nngmix"],
    n_synthetic=["1x", "5x", "10x"],
    la=[0.1],
    ratio=[1.0, 0.5, 0.1],
    seeds=[1, 2, 3],
)

# lau2025.md section 10: their classifier with and without uniform anomalies at 1:1.
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

PRESETS = {"quick": QUICK, "nngmix": NNGMIX, "lau": LAU}
PRESET_HELP = {
    "quick": "embedded data, random_forest and mlp x none/uniform/nngmix/mixture (default)",
    "nngmix": "NNG-Mix's protocol on ADBench Classical+CV+NLP",
    "lau": "Lau et al.'s classifier with/without uniform anomalies on ADBench Classical",
}
# Which dataset groups a preset runs on when neither --datasets nor --groups is given.
PRESET_GROUPS = {
    "quick": ("embedded",),
    "nngmix": ("classical", "cv", "nlp"),
    "lau": ("classical",),
}


def make_grid(preset: str = "quick", data_dir=None, groups=None, **overrides) -> Grid:
    """A grid from a preset, with any axis replaced by a non-None override.

    Without a ``datasets`` override, the datasets are those of ``groups`` (default: the
    preset's, ``PRESET_GROUPS``); giving both is an error, as it would be ambiguous.

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
    axes: dict[str, Any] = {key: list(value) for key, value in PRESETS[preset].items()}
    axes.update({key: value for key, value in overrides.items() if value is not None})
    if "datasets" not in axes:
        axes["datasets"] = group_datasets(groups or PRESET_GROUPS[preset], data_dir)
    return Grid(**axes)
