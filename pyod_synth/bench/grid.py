"""The benchmark grid: one ``RunSpec`` per experiment, grids expanded from axes, presets.

A run is identified by a stable, human-readable key built from every parameter that
changes its result, so a results file can tell which runs are already done.
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pyod_synth.validation import check_fraction

# The generator axis value meaning "train the detector on the real rows only".
NO_AUGMENTATION = "none"
ADBENCH_DIR_ENV = "PYOD_SYNTH_ADBENCH_DIR"

_MULTIPLIER = re.compile(r"^(\d+)x$")


def canonical_n_synthetic(value) -> str:
    """The key form of an ``n_synthetic`` value: "auto", "5x", an int row count or a fraction.

    ``"1.0"``/``1.0`` is a fraction of the training rows (Lau et al.'s 1:1), ``"100"``/``100``
    is a row count and ``"5x"`` means 5 per labeled anomaly (NNG-Mix's multiplier).
    """
    if isinstance(value, str):
        text = value.strip().lower()
        if text == "auto" or _MULTIPLIER.match(text):
            return text
        if re.fullmatch(r"\d+", text):
            return str(int(text))
        try:
            number = float(text)
        except ValueError:
            number = None
        if number is not None and math.isfinite(number) and number >= 0:
            return repr(number)
    elif isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= 0:
        return str(int(value))
    elif isinstance(value, numbers.Real) and math.isfinite(value) and value >= 0:
        return repr(float(value))
    raise ValueError(
        f"n_synthetic must be 'auto', a multiple of the labeled anomalies such as '5x', a row "
        f"count such as 100, or a fraction of the training rows such as 1.0; got {value!r}."
    )


def n_synthetic_argument(key_form: str):
    """The ``Augmented(n_synthetic=...)`` argument for a canonical key form."""
    if key_form == "auto" or _MULTIPLIER.match(key_form):
        return key_form
    if re.fullmatch(r"\d+", key_form):
        return int(key_form)
    return float(key_form)


def _check_seed(value) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ValueError(f"seeds must be non-negative integers; got {value!r}.")
    return int(value)


def _params_digest(params: dict) -> str:
    text = json.dumps(params, sort_keys=True, separators=(",", ":"), default=repr)
    return hashlib.sha1(text.encode()).hexdigest()[:10]


@dataclass(frozen=True)
class RunSpec:
    """One experiment: a dataset, a detector, an augmentation, a labeling and a seed.

    Parameters
    ----------
    dataset : str
        A dataset name known to ``pyod_synth.datasets`` or a path to an ``.npz`` file
        holding arrays ``X`` and ``y``.
    detector, generator : str
        Registered names; ``generator="none"`` trains the detector on the real rows only.
    n_synthetic : str
        Canonical count (see ``canonical_n_synthetic``); "0" for ``generator="none"``.
    la : float
        ADBench's labeled-anomaly ratio of the training anomalies.
    ratio : float
        NNG-Mix's subsample of the labeled anomalies (the dropped ones are discarded).
    seed : int
        Seeds the split, the ratio subsample, the generator and the detector.
    detector_params, generator_params : dict
        Keyword arguments for the factories; part of the key when not empty.
    """

    dataset: str
    detector: str
    generator: str
    n_synthetic: str
    la: float
    ratio: float
    seed: int
    detector_params: dict = field(default_factory=dict, hash=False, compare=True)
    generator_params: dict = field(default_factory=dict, hash=False, compare=True)

    @property
    def key(self) -> str:
        """Stable identifier of the run: equal keys mean the same experiment."""
        parts = [
            self.dataset,
            self.detector,
            self.generator,
            self.n_synthetic,
            f"la={self.la!r}",
            f"ratio={self.ratio!r}",
            f"seed={self.seed}",
        ]
        if self.detector_params:
            parts.append(f"dp={_params_digest(self.detector_params)}")
        if self.generator_params:
            parts.append(f"gp={_params_digest(self.generator_params)}")
        return "|".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Grid:
    """Axes of a benchmark; ``runs()`` is their product.

    ``generator="none"`` is crossed with no count (it adds nothing), so it appears once per
    dataset, detector, la, ratio and seed. ``detector_params`` and ``generator_params`` map a
    registered name to the keyword arguments it is built with. ``exclude`` drops the runs
    that match every axis value of one of its entries (like a CI matrix's exclude), e.g.
    ``{"generator": "none", "la": 0.0}``: a classifier with no labeled and no synthetic
    anomaly has one class to learn from.

    Examples
    --------
    >>> grid = Grid(datasets=["sk_breast_cancer"], detectors=["random_forest"],
    ...             generators=["none", "uniform"], n_synthetic=["auto", "1.0"])
    >>> [run.key for run in grid.runs()]  # doctest: +NORMALIZE_WHITESPACE
    ['sk_breast_cancer|random_forest|none|0|la=0.1|ratio=1.0|seed=1',
     'sk_breast_cancer|random_forest|uniform|auto|la=0.1|ratio=1.0|seed=1',
     'sk_breast_cancer|random_forest|uniform|1.0|la=0.1|ratio=1.0|seed=1']
    """

    datasets: Sequence[str]
    detectors: Sequence[str]
    generators: Sequence[str]
    n_synthetic: Sequence[str] = ("auto",)
    la: Sequence[float] = (0.1,)
    ratio: Sequence[float] = (1.0,)
    seeds: Sequence[int] = (1,)
    detector_params: dict[str, dict] = field(default_factory=dict)
    generator_params: dict[str, dict] = field(default_factory=dict)
    exclude: Sequence[dict] = ()

    def runs(self) -> list[RunSpec]:
        """Every run of the grid, in a deterministic order (datasets outermost)."""
        for axis in ("datasets", "detectors", "generators", "n_synthetic", "la", "ratio", "seeds"):
            if not list(getattr(self, axis)):
                raise ValueError(f"the grid axis {axis!r} is empty; give at least one value.")
        counts, las, ratios, seeds = (
            _unique(_CANONICAL[axis](v) for v in values)
            for axis, values in (("n_synthetic", self.n_synthetic), ("la", self.la),
                                 ("ratio", self.ratio), ("seed", self.seeds))
        )  # fmt: skip
        if 0.0 in ratios:
            raise ValueError("ratio must be > 0: it is the share of labeled anomalies kept.")
        excluded = _check_exclude(self.exclude)
        runs = []
        for dataset in _unique(self.datasets):
            for detector in _unique(self.detectors):
                for generator in _unique(self.generators):
                    for n in ["0"] if generator == NO_AUGMENTATION else counts:
                        for la in las:
                            for ratio in ratios:
                                for seed in seeds:
                                    runs.append(
                                        RunSpec(
                                            dataset, detector, generator, n, la, ratio, seed,
                                            dict(self.detector_params.get(detector, {})),
                                            dict(self.generator_params.get(generator, {})),
                                        )
                                    )
        return [run for run in runs if not any(_matches(run, entry) for entry in excluded)]


# The canonical form of a value of each numeric axis (run keys compare these forms).
_CANONICAL = {
    "n_synthetic": canonical_n_synthetic,
    "la": lambda v: check_fraction(v, "la", allow_zero=True, allow_one=True),
    "ratio": lambda v: check_fraction(v, "ratio", allow_zero=True, allow_one=True),
    "seed": _check_seed,
}
_EXCLUDABLE = ("dataset", "detector", "generator", "n_synthetic", "la", "ratio", "seed")


def _check_exclude(entries) -> list[dict]:
    """Each exclude entry as a dict of canonical axis values; unknown axes are refused."""
    checked = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry:
            raise ValueError(f"each exclude entry must be a non-empty dict; got {entry!r}.")
        unknown = set(entry) - set(_EXCLUDABLE)
        if unknown:
            raise ValueError(
                f"exclude entry {entry!r} names unknown axes {sorted(unknown)}; valid: "
                f"{', '.join(_EXCLUDABLE)}."
            )
        checked.append({
            axis: _CANONICAL[axis](value) if axis in _CANONICAL else value
            for axis, value in entry.items()
        })  # fmt: skip
    return checked


def _matches(run: RunSpec, entry: dict) -> bool:
    return all(getattr(run, axis) == value for axis, value in entry.items())


def _unique(values: Iterable) -> list:
    return list(dict.fromkeys(values))


def _named_lister(kind: str):
    import pyod_synth

    return {"detector": pyod_synth.list_detectors, "generator": pyod_synth.list_generators}[kind]


def validate_names(grid: Grid, data_dir=None) -> None:
    """Raise a ValueError listing the valid names if any dataset, detector or generator is unknown.

    Runs before the grid so a typo fails in a second, not after hours of runs. Datasets
    must be spelled as ``pyod_synth.datasets.list_datasets`` lists them (so one dataset
    always has one run key), or be paths of ``.npz``/``.csv`` files.
    """
    from pyod_synth.datasets import USER_FILE_SUFFIXES, list_datasets

    problems = []
    for kind, names, valid in (
        ("detector", grid.detectors, _named_lister("detector")()),
        ("generator", grid.generators, [NO_AUGMENTATION, *_named_lister("generator")()]),
    ):
        unknown = [n for n in _unique(names) if n not in valid]
        if unknown:
            problems.append(f"unknown {kind}(s) {unknown}; valid: {', '.join(sorted(valid))}")
    files = [n for n in _unique(grid.datasets) if Path(n).suffix.lower() in USER_FILE_SUFFIXES]
    missing_files = [n for n in files if not Path(n).is_file()]
    if missing_files:
        problems.append(f"dataset file(s) not found: {missing_files}")
    named = [n for n in _unique(grid.datasets) if n not in files]
    if named:
        valid = list_datasets(data_dir=data_dir)
        unknown = [n for n in named if n not in valid]
        if unknown:
            hints = [
                f"{n!r} (did you mean {', '.join(map(repr, close))}?)" if close else repr(n)
                for n in unknown
                for close in [_close_names(n, valid)]
            ]
            problems.append(
                f"unknown dataset(s) {', '.join(hints)}{_data_dir_hint(data_dir)}; valid: "
                f"{', '.join(valid)}; a path to an .npz file (arrays X and y) or a .csv file "
                "also works"
            )
    if problems:
        raise ValueError("; ".join(problems))


def _close_names(name: str, valid: Sequence[str]) -> list[str]:
    import difflib

    exact_stem = [v for v in valid if re.sub(r"^\d+_", "", v).lower() == name.lower()]
    return exact_stem or difflib.get_close_matches(name, valid, n=3)


def _data_dir_hint(data_dir) -> str:
    if data_dir is None and not os.environ.get(ADBENCH_DIR_ENV):
        return f" (no ADBench data folder given: pass --data-dir or set {ADBENCH_DIR_ENV})"
    return ""


# Presets -------------------------------------------------------------------------------

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
# Which dataset groups a preset runs on when neither --datasets nor --groups is given.
PRESET_GROUPS = {
    "quick": ("embedded",),
    "nngmix": ("classical", "cv", "nlp"),
    "lau": ("classical",),
}


def group_datasets(groups: Sequence[str], data_dir=None) -> list[str]:
    """The datasets of ``pyod_synth.datasets`` groups ("classical", "cv", "nlp", "embedded").

    Folder-qualified names (the ViT/RoBERTa embeddings, which ADBench and NNG-Mix never
    read) are left out; name them with --datasets to run them.
    """
    from pyod_synth.datasets import GROUPS, list_datasets

    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        raise ValueError(f"unknown dataset group(s) {unknown}; valid: {', '.join(GROUPS)}")
    names: list[str] = []
    for group in groups:
        try:
            found = list_datasets(data_dir=data_dir, group=group)
        except FileNotFoundError:
            found = []
        names.extend(n for n in found if "/" not in n)
    if not names:
        raise ValueError(
            f"no dataset found in the group(s) {'/'.join(groups)}{_data_dir_hint(data_dir)}."
        )
    return _unique(names)


def make_grid(preset: str = "quick", data_dir=None, groups=None, **overrides) -> Grid:
    """A grid from a preset, with any axis replaced by a non-None override.

    Without a ``datasets`` override, the datasets are those of ``groups`` (default: the
    preset's, ``PRESET_GROUPS``).

    Examples
    --------
    >>> make_grid("lau", datasets=["sk_wine"]).la
    [0.0, 0.01, 0.05, 0.1]
    """
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; valid: {', '.join(PRESETS)}")
    axes: dict[str, Any] = {key: list(value) for key, value in PRESETS[preset].items()}
    axes.update({key: value for key, value in overrides.items() if value is not None})
    if "datasets" not in axes:
        axes["datasets"] = group_datasets(groups or PRESET_GROUPS[preset], data_dir)
    return Grid(**axes)
