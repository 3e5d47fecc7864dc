"""The benchmark grid: one ``RunSpec`` per experiment, the product of the axes of ``AXES``.

A run is identified by a stable, human-readable key built from every parameter that
changes its result, so a results file can tell which runs are already done.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, field, make_dataclass, replace
from typing import Any

from pyod_synth.bench.axes import AXES, AXIS_BY_NAME, AXIS_BY_PLURAL, NO_AUGMENTATION, NO_SYNTHETIC
from pyod_synth.bench.protocols import task_dataset


def _params_digest(params: dict) -> str:
    text = json.dumps(params, sort_keys=True, separators=(",", ":"), default=repr)
    return hashlib.sha1(text.encode()).hexdigest()[:10]


def _key(spec) -> str:
    """Stable identifier of the run: equal keys mean the same experiment."""
    parts = [axis.key_part(getattr(spec, axis.name)) for axis in AXES]
    if spec.detector_params:
        parts.append(f"dp={_params_digest(spec.detector_params)}")
    if spec.generator_params:
        parts.append(f"gp={_params_digest(spec.generator_params)}")
    return "|".join(part for part in parts if part is not None)


def _to_dict(spec) -> dict[str, Any]:
    return asdict(spec)


def _axis_field(axis):
    if axis.default is None:
        return (axis.name, Any)
    # An axis added later is keyword-only, so that RunSpec calls written before it (with
    # detector_params by position) keep their meaning.
    return (axis.name, Any, field(default=axis.default[0], kw_only=not axis.keyed_default))


_RUN_SPEC_DOC = """One experiment: one value of every axis of ``AXES``, plus factory parameters.

    Fields, in ``AXES`` order: ``dataset`` (a name known to ``pyod_synth.datasets`` or a
    path to an ``.npz``/``.csv`` file), ``detector`` and ``generator`` (registered names;
    ``"none"`` trains on the real rows only), ``n_synthetic`` (canonical count, "0" for
    ``"none"``), ``la`` (ADBench's labeled anomalies: a float share or an int count),
    ``ratio`` (NNG-Mix's share of the labeled anomalies kept) and ``seed`` (seeds the split,
    the ratio subsample, the generator and the detector); then ``detector_params`` and
    ``generator_params``, keyword arguments of the factories, part of the key when not
    empty. ``key`` identifies the run; ``to_dict()`` gives the fields as a dict.

    Examples
    --------
    >>> RunSpec("sk_wine", "random_forest", "uniform", "auto", 0.1, 1.0, 1).key
    'sk_wine|random_forest|uniform|auto|la=0.1|ratio=1.0|seed=1'
    """

# Built from the axis table, so that an axis added there is a field here too.
RunSpec = make_dataclass(
    "RunSpec",
    [_axis_field(axis) for axis in AXES]
    + [("detector_params", dict, field(default_factory=dict, hash=False)),
       ("generator_params", dict, field(default_factory=dict, hash=False))],
    frozen=True,
    namespace={"key": property(_key), "to_dict": _to_dict, "__doc__": _RUN_SPEC_DOC},
)
RunSpec.__module__ = __name__  # picklable by name, like a class written in this module


class Grid:
    """Axes of a benchmark; ``runs()`` is their product.

    Takes one sequence of values per axis of ``AXES`` by its plural name (``datasets``,
    ``detectors``, ``generators``, ``n_synthetic``, ``la``, ``ratio``, ``seeds``; the first
    three also by position), ``detector_params`` and ``generator_params`` mapping a
    registered name to the keyword arguments it is built with, and ``exclude``, entries
    that drop the runs matching every axis value they name (like a CI matrix's exclude),
    e.g. ``{"generator": "none", "la": 0.0}``: a classifier with no labeled and no
    synthetic anomaly has one class to learn from.

    ``generator="none"`` is crossed with no count (it adds nothing), so it appears once per
    dataset, detector, la, ratio and seed. A detector that ignores labels (``iforest``,
    ``ecod``, ...) is crossed with ``"none"`` only: it is fitted on the unlabeled rows, so
    synthetic anomalies would only be noise in its training data. A known/unseen task of
    the ``protocols`` axis is crossed with its own dataset only. Runs equal up to the
    spelling of a value (``la=0`` and ``0.0``) or an equivalent count (``"auto"`` and
    ``"5x"`` for a generator whose default is 5 per labeled anomaly, when anomalies are
    labeled) run once, under the form given first.

    Examples
    --------
    >>> grid = Grid(datasets=["sk_breast_cancer"], detectors=["random_forest"],
    ...             generators=["none", "uniform"], n_synthetic=["auto", "1.0"])
    >>> [run.key for run in grid.runs()]  # doctest: +NORMALIZE_WHITESPACE
    ['sk_breast_cancer|random_forest|none|0|la=0.1|ratio=1.0|seed=1',
     'sk_breast_cancer|random_forest|uniform|auto|la=0.1|ratio=1.0|seed=1',
     'sk_breast_cancer|random_forest|uniform|1.0|la=0.1|ratio=1.0|seed=1']
    """

    def __init__(self, *positional, detector_params=None, generator_params=None, exclude=(),
                 **axes):
        required = [axis.plural for axis in AXES if axis.default is None]
        if len(positional) > len(required):
            raise TypeError(f"Grid takes at most {len(required)} positional axes ({required})")
        axes.update(zip(required, positional, strict=False))
        unknown = set(axes) - set(AXIS_BY_PLURAL)
        if unknown:
            raise TypeError(f"unknown grid axes {sorted(unknown)}; valid: {list(AXIS_BY_PLURAL)}")
        for axis in AXES:
            values = axes.get(axis.plural, axis.default)
            if values is None:
                raise TypeError(f"Grid needs the axis {axis.plural!r}")
            setattr(self, axis.plural, list(values))
        self.detector_params = dict(detector_params or {})
        self.generator_params = dict(generator_params or {})
        self.exclude = list(exclude)

    def __repr__(self) -> str:
        axes = ", ".join(f"{axis.plural}={getattr(self, axis.plural)!r}" for axis in AXES)
        return f"Grid({axes})"

    def axis_values(self) -> dict[str, list]:
        """The distinct canonical values of each axis, by axis name, in the order given."""
        values = {}
        for axis in AXES:
            given = getattr(self, axis.plural)
            if not given:
                raise ValueError(
                    f"the grid axis {axis.plural!r} is empty; give at least one value."
                )
            values[axis.name] = _unique(axis.canonical(value) for value in given)
        return values

    def runs(self) -> list[RunSpec]:
        """Every run of the grid, in a deterministic order (datasets outermost)."""
        values = self.axis_values()
        excluded = _check_exclude(self.exclude)
        runs: dict[str, RunSpec] = {}
        learns_labels: dict[str, bool] = {}
        for combination in itertools.product(*values.values()):
            point = dict(zip(values, combination, strict=True))
            if not _pairs_up(point, learns_labels):
                continue
            if point["generator"] == NO_AUGMENTATION:
                point["n_synthetic"] = NO_SYNTHETIC
            spec = RunSpec(
                **point,
                detector_params=dict(self.detector_params.get(point["detector"], {})),
                generator_params=dict(self.generator_params.get(point["generator"], {})),
            )
            if not any(_matches(spec, entry) for entry in excluded):
                runs.setdefault(spec.key, spec)
        return _drop_equivalent(list(runs.values()))


def _pairs_up(point: dict, learns_labels: dict[str, bool]) -> bool:
    """Whether a product point is a run (see ``Grid``); ``learns_labels`` caches lookups."""
    from pyod_synth.bench.names import learns_from_labels

    dataset = task_dataset(point["protocol"])
    if dataset is not None and dataset != point["dataset"]:
        return False
    if point["generator"] == NO_AUGMENTATION:
        return True
    detector = point["detector"]
    if detector not in learns_labels:
        learns_labels[detector] = learns_from_labels(detector)
    return learns_labels[detector]


def _check_exclude(entries) -> list[dict]:
    """Each exclude entry as a dict of canonical axis values; unknown axes are refused."""
    checked = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry:
            raise ValueError(f"each exclude entry must be a non-empty dict; got {entry!r}.")
        unknown = set(entry) - set(AXIS_BY_NAME)
        if unknown:
            raise ValueError(
                f"exclude entry {entry!r} names unknown axes {sorted(unknown)}; valid: "
                f"{', '.join(AXIS_BY_NAME)}."
            )
        checked.append({axis: AXIS_BY_NAME[axis].canonical(value) for axis, value in entry.items()})
    return checked


def _matches(run, entry: dict) -> bool:
    return all(_same(getattr(run, axis), value) for axis, value in entry.items())


def _same(a, b) -> bool:
    # la=1 (one anomaly) is not la=1.0 (all of them), though 1 == 1.0 in Python.
    return a == b and type(a) is type(b)


def _unique(values: Iterable) -> list:
    """Distinct values in first-seen order; 1 and 1.0 stay distinct (see ``_same``)."""
    return list({(type(value), value): value for value in values}.values())


# Equivalent runs ------------------------------------------------------------------------


def _drop_equivalent(runs: Sequence) -> list:
    """Keep the first of runs that differ only in how their count is written."""
    kept: dict[str, Any] = {}
    auto_counts: dict[tuple, str | None] = {}
    for run in runs:
        kept.setdefault(_effective_key(run, auto_counts), run)
    return list(kept.values())


def _effective_key(run, auto_counts: dict) -> str:
    """The run's key with "auto" replaced by the count it means, where that is known."""
    if run.n_synthetic != "auto" or not run.la:
        return run.key
    cache_key = (run.generator, _params_digest(run.generator_params))
    if cache_key not in auto_counts:
        auto_counts[cache_key] = _auto_per_anomaly(run.generator, run.generator_params)
    count = auto_counts[cache_key]
    if count is None:
        return run.key
    return _key(replace(run, n_synthetic=count))


def _auto_per_anomaly(generator: str, params: dict) -> str | None:
    """"<k>x" if the generator's "auto" means k per labeled anomaly when some are labeled.

    None when unknown (an unregistered name, a factory that fails: the name check reports
    those) or when "auto" depends on more than the labeled anomalies.
    """
    from pyod_synth.bench.names import build
    from pyod_synth.generators.base import BaseGenerator

    try:
        instance = build("generator", generator, params)
    except Exception:  # noqa: BLE001 - an invalid name or parameter is reported elsewhere
        return None
    if getattr(type(instance), "auto_n_samples", None) is not BaseGenerator.auto_n_samples:
        return None  # its own rule (e.g. mixture's), which this cannot read
    per_anomaly = getattr(instance, "auto_per_anomaly", None)
    if isinstance(per_anomaly, int) and not isinstance(per_anomaly, bool) and per_anomaly > 0:
        return f"{per_anomaly}x"
    return None
