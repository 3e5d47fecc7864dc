"""Values of the bench's ``protocol`` axis: ADBench's split, or a known/unseen task.

A protocol is ``"standard"`` (ADBench's split of the run's dataset) or a **task** that names
its own dataset:

* a known/unseen preset of :data:`pyod_synth.known_unseen.PRESETS`, Lau et al.'s splits of
  their typed datasets (``"nsl-kdd/r2l+u2r"``, ``"thyroid-ann/hyperfunction"``,
  ``"arrhythmia/2+10+14"``), read from ``$PYOD_SYNTH_LAU2025_DIR``;
* an ADBench cross-type task ``"DATASET/KNOWN->UNSEEN"`` (``"6_cardio/local->cluster"``):
  labeled anomalies of one realistic synthetic type, test anomalies of another
  (:func:`pyod_synth.known_unseen.adbench_cross_type_split`).

A task runs on its own dataset only (the grid pairs it with no other). For a task, ``la``
is the labeled share of the known types' training anomalies (``1.0``: all of them) and
``ratio`` must stay 1.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from functools import lru_cache

STANDARD = "standard"
CROSS_ARROW = "->"
# Report families: the settings of a report never average two of them together.
KNOWN_UNSEEN, CROSS_TYPE = "known/unseen", "cross-type"


@dataclass(frozen=True)
class Task:
    """A parsed task: its name, dataset, family and, for a cross-type task, the two types."""

    name: str
    dataset: str
    family: str
    known_type: str | None = None
    unseen_type: str | None = None


def _valid_text() -> str:
    from pyod_synth.adbench.realistic_data import SYNTHETIC_MODES
    from pyod_synth.known_unseen import PRESETS

    return (f"valid: {STANDARD!r}, the known/unseen tasks {', '.join(PRESETS)}, or an "
            f"ADBench cross-type task DATASET/KNOWN{CROSS_ARROW}UNSEEN with two different "
            f"types of {', '.join(SYNTHETIC_MODES)} (e.g. 6_cardio/local{CROSS_ARROW}cluster)")


def parse_task(value: str) -> Task | None:
    """The task a protocol names; None for ``"standard"``. Raises ValueError listing the
    valid protocols for anything else."""
    from pyod_synth.adbench.realistic_data import SYNTHETIC_MODES
    from pyod_synth.known_unseen import PRESETS

    if value == STANDARD:
        return None
    if not isinstance(value, str):
        raise ValueError(f"protocols must be strings; got {value!r}. {_valid_text()}.")
    if value in PRESETS:
        return Task(value, PRESETS[value].dataset, KNOWN_UNSEEN)
    dataset, _, types = value.rpartition("/")
    known, arrow, unseen = types.partition(CROSS_ARROW)
    if dataset and arrow and known != unseen and {known, unseen} <= set(SYNTHETIC_MODES):
        return Task(value, dataset, CROSS_TYPE, known, unseen)
    raise ValueError(f"unknown protocol {value!r}; {_valid_text()}.")


def check_protocol(value) -> str:
    """The canonical protocol (the value itself once it parses)."""
    parse_task(value)
    return value


def family(protocol: str) -> str:
    """``"standard"``, ``"known/unseen"`` or ``"cross-type"``."""
    task = parse_task(protocol)
    return STANDARD if task is None else task.family


def task_dataset(protocol: str) -> str | None:
    """The dataset a task runs on; None for ``"standard"`` (any dataset)."""
    task = parse_task(protocol)
    return None if task is None else task.dataset


def _known_share(la, task: str) -> float:
    if isinstance(la, float) and 0.0 < la <= 1.0:
        return la
    raise ValueError(
        f"the task {task!r} labels a share of each known type's training rows: la must be a "
        f"share in (0, 1] such as 1.0 (all of them); got la={la!r}"
    )


def load_task(protocol: str, *, la, ratio: float, seed: int, data_dir=None):
    """The :class:`~pyod_synth.known_unseen.KnownUnseenSplit` of one task's run.

    ``data_dir`` is the ADBench folder (cross-type tasks); the typed datasets are read from
    ``$PYOD_SYNTH_LAU2025_DIR``. A preset with its own ``random_state`` (Arrhythmia's 42
    for the normals' split) keeps it; otherwise ``seed`` draws the known share.

    A process keeps the last splits it made (a cross-type split fits ADBench's realistic
    anomaly models: tens of seconds, once per task rather than once per detector), and every
    call returns its own copy, so a detector that writes into its input cannot change a later
    run's data. :func:`clear_task_cache` forgets them.
    """
    task = parse_task(protocol)
    if task is None:
        raise ValueError("load_task needs a task, not the standard protocol")
    if ratio != 1.0:
        raise ValueError(f"the task {protocol!r} takes no NNG-Mix ratio (ratio must be 1; "
                         f"got {ratio!r}): use la for the labeled share of the known types")
    if task.family != CROSS_TYPE:
        _known_share(la, protocol)
    sources = (None if data_dir is None else str(data_dir),
               os.environ.get("PYOD_SYNTH_ADBENCH_DIR"), os.environ.get("PYOD_SYNTH_LAU2025_DIR"))
    return copy.deepcopy(_made_task(protocol, la, seed, sources))


@lru_cache(maxsize=12)  # the 12 cross-type pairs of a dataset
def _made_task(protocol: str, la, seed: int, sources: tuple):
    from pyod_synth.known_unseen import PRESETS, adbench_cross_type_split, preset_split

    task = parse_task(protocol)
    if task.family == CROSS_TYPE:
        from pyod_synth.datasets import load_dataset

        X, y = load_dataset(task.dataset, data_dir=sources[0])
        return adbench_cross_type_split(X, y, known_type=task.known_type,
                                        unseen_type=task.unseen_type, seed=seed, la=la,
                                        name=task.dataset)
    options = {"known_share": la}  # load_task checked it
    if PRESETS[protocol].random_state is None:
        options["random_state"] = seed
    return preset_split(protocol, **options)


def clear_task_cache() -> None:
    """Forget the splits :func:`load_task` keeps (a bench in this process starts afresh, so
    a dataset file changed since the last bench is read again)."""
    _made_task.cache_clear()


def type_metrics(split, scores) -> dict:
    """The results-row fields of a task: AUPR/AUCROC per type and known/unseen means.

    ``per_type`` is a list of ``{"type", "role", "aupr", "aucroc", "n_anomalies"}``;
    ``known_aupr``, ``unseen_aupr``, ``known_aucroc``, ``unseen_aucroc`` are means over the
    role's types (None when the test holds no type of that role, as in Arrhythmia's task).
    """
    result = split.per_type_scores(scores)
    per_type = [
        {"type": str(kind), "role": row["role"], "aupr": float(row["aupr"]),
         "aucroc": float(row["aucroc"]), "n_anomalies": int(row["n_anomalies"])}
        for kind, row in result.per_type.iterrows()
    ]
    fields = {"per_type": per_type}
    for role in ("known", "unseen"):
        for metric in ("aupr", "aucroc"):
            present = (role, "mean") in result.summary.index
            fields[f"{role}_{metric}"] = (
                float(result.summary.loc[(role, "mean"), metric]) if present else None)
    return fields
