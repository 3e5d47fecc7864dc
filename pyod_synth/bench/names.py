"""Names of a grid: the bench's one way into the registry, and the checks that make a
typo fail in a second, not after hours of runs."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Sequence
from pathlib import Path

from pyod_synth.bench.axes import NO_AUGMENTATION
from pyod_synth.bench.protocols import KNOWN_UNSEEN, family, task_dataset
from pyod_synth.datasets import ADBENCH_DIR_ENV

# The bench's only way into the registry: these functions.


def _registrations(kind: str):
    from pyod_synth.registry import detector_registrations, generator_registrations

    return {"detector": detector_registrations, "generator": generator_registrations}[kind]()


def registered_names(kind: str) -> list[str]:
    """Registered names of ``kind`` ("detector": all of them, the unsupervised ones
    included; "generator"), sorted."""
    from pyod_synth.registry import list_detectors, list_generators

    return list_detectors(learns_from_labels=None) if kind == "detector" else list_generators()


def learns_from_labels(detector: str) -> bool:
    """Whether the registered ``detector`` learns from labels (True for an unknown name:
    ``validate_names`` reports it)."""
    registrations = _registrations("detector")
    return detector not in registrations or registrations[detector].learns_from_labels


def build(kind: str, name: str, params: dict):
    """A new instance of the ``kind`` registered as ``name``, built with ``params``."""
    from pyod_synth.registry import get_detector, get_generator

    return (get_detector if kind == "detector" else get_generator)(name, **params)


def plugin_of(kind: str, name: str) -> str:
    """The name of the plugin that registered ``name``."""
    return _registrations(kind)[name].plugin


def clash_problems(kind: str, names) -> dict[str, str]:
    """Name -> why it cannot be used, for the ``names`` several plugins registered."""
    registrations = _registrations(kind)
    return {name: str(registrations.duplicate_error(name))
            for name in dict.fromkeys(names) if name in registrations.clashes}


def validate_names(grid, data_dir=None) -> None:
    """Raise a ValueError listing the valid names if any dataset, detector or generator is unknown.

    Datasets must be spelled as ``pyod_synth.datasets.list_datasets`` lists them (so one
    dataset always has one run key), or be paths of ``.npz``/``.csv`` files; the typed
    datasets of known/unseen tasks are left to the tasks. An unknown protocol raises too.
    """
    problems = []
    for kind, names, valid in (
        ("detector", grid.detectors, registered_names("detector")),
        ("generator", grid.generators, [NO_AUGMENTATION, *registered_names("generator")]),
    ):
        clashing = clash_problems(kind, names)
        problems += clashing.values()
        unknown = [n for n in dict.fromkeys(names) if n not in valid and n not in clashing]
        if unknown:
            problems.append(f"unknown {kind}(s) {unknown}; valid: {', '.join(sorted(valid))}")
    problems += _params_problems("detector", grid.detector_params)
    problems += _params_problems("generator", grid.generator_params)
    # The datasets of known/unseen tasks are typed datasets, not ADBench's; their tasks
    # were checked when the grid's protocols were.
    typed = {task_dataset(p) for p in grid.protocols if family(p) == KNOWN_UNSEEN}
    problems += _dataset_problems(
        [name for name in dict.fromkeys(grid.datasets) if name not in typed], data_dir)
    if problems:
        raise ValueError("; ".join(problems))


def _params_problems(kind: str, params_by_name: dict) -> list[str]:
    """Misspelt names or parameter names of ``--detector-params`` / ``--generator-params``.

    Each entry is built once with its parameters, as every run would build it, so a bad
    parameter fails here, before the first run, with the parameters the object takes
    (scikit-learn's ``get_params``).
    """
    valid = registered_names(kind)
    clashing = clash_problems(kind, params_by_name)
    problems = list(clashing.values())
    for name, params in params_by_name.items():
        if name in clashing:
            continue
        if name not in valid:
            close = difflib.get_close_matches(str(name), valid, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"--{kind}-params names unknown {kind} {name!r}{hint}; valid: "
                            f"{', '.join(valid)}")
            continue
        try:
            build(kind, name, params)
        except Exception as exc:  # noqa: BLE001 - reported with the valid parameters
            problems.append(f"--{kind}-params for {name!r}: {type(exc).__name__}: {exc}; "
                            f"{name!r} takes {_parameter_names(kind, name)}")
    return problems


def _parameter_names(kind: str, name: str) -> str:
    try:
        return ", ".join(sorted(build(kind, name, {}).get_params(deep=False)))
    except Exception:  # noqa: BLE001 - an object without get_params: say so
        return "(parameters not listed: the object has no get_params)"


def _dataset_problems(datasets: list[str], data_dir) -> list[str]:
    from pyod_synth.datasets import USER_FILE_SUFFIXES, list_datasets, unsupported_file_message

    files = [n for n in datasets if Path(n).suffix.lower() in USER_FILE_SUFFIXES]
    other = [n for n in datasets if n not in files and Path(n).suffix and Path(n).is_file()]
    problems = [unsupported_file_message(Path(n)).rstrip(".") for n in other]
    datasets = [n for n in datasets if n not in other]
    missing_files = [n for n in files if not Path(n).is_file()]
    if missing_files:
        problems.append(f"dataset file(s) not found: {missing_files}")
    named = [n for n in datasets if n not in files]
    if not named:
        return problems
    valid = list_datasets(data_dir=data_dir)
    unknown = [n for n in named if n not in valid]
    if unknown:
        hints = [
            f"{n!r} (did you mean {', '.join(map(repr, close))}?)" if close else repr(n)
            for n in unknown
            for close in [_close_names(n, valid)]
        ]
        problems.append(
            f"unknown dataset(s) {', '.join(hints)}{data_dir_hint(data_dir)}; valid: "
            f"{', '.join(valid)}; a path to an .npz file (arrays X and y) or a .csv file "
            "also works"
        )
    return problems


def _close_names(name: str, valid: Sequence[str]) -> list[str]:
    exact_stem = [v for v in valid if re.sub(r"^\d+_", "", v).lower() == name.lower()]
    return exact_stem or difflib.get_close_matches(name, valid, n=3)


def data_dir_hint(data_dir) -> str:
    if data_dir is None and not os.environ.get(ADBENCH_DIR_ENV):
        return f" (no ADBench data folder given: pass --data-dir or set {ADBENCH_DIR_ENV})"
    return ""
