"""The axes of a benchmark grid: one table, one entry per axis.

Everything that knows the axes reads ``AXES``: the run spec's fields and key, the grid's
product, the exclude entries, the ``pyod-synth bench`` options and their help, and the
dry run's per-axis listing. Adding an axis is one ``Axis`` entry appended to ``AXES``
(plus using its value in ``pyod_synth.bench.experiment``); give it a ``default`` and
``keyed_default=False`` so that the keys of runs already in a results file do not change.
The ``protocol`` axis (ADBench's split or a known/unseen task, see
``pyod_synth.bench.protocols``) was added that way: ``RunSpec.protocol`` (default
"standard", keyword-only so that positional ``RunSpec`` calls keep their meaning),
``Grid(protocols=[...])``, ``make_grid(protocols=...)``, ``--protocols`` with its help,
exclude entries ``{"protocol": "thyroid-ann/subnormal"}``, a results column ``protocol``
and keys ending in ``|protocol=thyroid-ann/subnormal`` for tasks only, so the keys of
results files written before it stay valid.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pyod_synth._augment import canonical_n_synthetic
from pyod_synth.bench.protocols import STANDARD, check_protocol
from pyod_synth.validation import check_fraction

# The generator axis value meaning "train the detector on the real rows only".
NO_AUGMENTATION = "none"
# The n_synthetic key of a run without augmentation (it draws nothing).
NO_SYNTHETIC = "0"


@dataclass(frozen=True)
class Axis:
    """One axis of the grid.

    Parameters
    ----------
    name : str
        The run spec's field, the results rows' column and the exclude entries' key.
    plural : str
        The ``Grid`` attribute and ``make_grid`` keyword holding the axis values.
    flag : str
        The ``pyod-synth bench`` option.
    parse : callable
        A command-line word to a value (before ``canonical``).
    canonical : callable
        A value to the form run keys compare; raises ValueError naming the axis.
    key : callable
        The canonical value to its part of the run key.
    default : tuple or None
        Values when the grid and the preset give none; None makes the axis required.
    help : str
        Help text of the command-line option.
    metavar : str
    keyed_default : bool, default=True
        False leaves the default value out of the run key (for an axis added after
        results files were written, so their keys stay valid).
    """

    name: str
    plural: str
    flag: str
    parse: Callable[[str], Any]
    canonical: Callable[[Any], Any]
    key: Callable[[Any], str]
    default: tuple | None
    help: str
    metavar: str
    keyed_default: bool = True

    def key_part(self, value) -> str | None:
        if not self.keyed_default and self.default and value == self.default[0]:
            return None
        return self.key(value)


# Canonical forms ------------------------------------------------------------------------

def _number_or_word(value):
    """A command-line word as a number when it is one ("100" -> 100, "1.0" -> 1.0)."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if re.fullmatch(r"\d+", text):
        return int(text)
    try:
        return float(text)
    except ValueError:
        return value


def n_synthetic_argument(key_form: str):
    """The ``Augmented(n_synthetic=...)`` argument for a canonical key form."""
    value = _number_or_word(key_form)
    return value if isinstance(value, (int, float)) else key_form


def parse_la(word: str) -> int | float:
    """A command-line ``--la`` word: digits only = a count ("5"), else a share ("0.05", "1.0")."""
    text = word.strip()
    if re.fullmatch(r"\d+", text):
        return int(text)
    try:
        return float(text)
    except ValueError:
        raise ValueError(
            f"--la takes counts of labeled anomalies (5) or shares of the training anomalies "
            f"(0.05); got {word!r}"
        ) from None


def canonical_la(value) -> int | float:
    """ADBench's two labeled-anomaly forms: an int count (NLA) or a float share (RLA).

    ``1`` labels one anomaly and ``1.0`` labels all of them; ``0`` and ``0.0`` both label
    none and are the same run ("la=0.0"), as are NumPy scalars and their Python twins.
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"la (a count of labeled anomalies) must be >= 0; got {value!r}.")
        return int(value) if value else 0.0
    try:
        return check_fraction(value, "la", allow_zero=True, allow_one=True)
    except ValueError:
        raise ValueError(
            f"la must be a share of the training anomalies in [0, 1] (0.1, 1.0) or a count of "
            f"labeled anomalies >= 0 (5, an int); got {value!r}."
        ) from None


def labeled_mode(la) -> str:
    """"count" for an int ``la`` (ADBench's NLA), "ratio" for a float (RLA)."""
    return "count" if isinstance(la, int) else "ratio"


def canonical_ratio(value) -> float:
    ratio = check_fraction(value, "ratio", allow_zero=True, allow_one=True)
    if ratio == 0.0:
        raise ValueError("ratio must be > 0: it is the share of labeled anomalies kept.")
    return ratio


def canonical_seed(value) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ValueError(f"seeds must be non-negative integers; got {value!r}.")
    return int(value)


def _name(value) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"names must be non-empty strings; got {value!r}.")
    return value


def _int(word: str) -> int:
    try:
        return int(word)
    except ValueError:
        raise ValueError(f"--seeds takes integers; got {word!r}") from None


def _float(word: str) -> float:
    try:
        return float(word)
    except ValueError:
        raise ValueError(f"--ratio takes numbers in (0, 1]; got {word!r}") from None


# The table -------------------------------------------------------------------------------

AXES: tuple[Axis, ...] = (
    Axis("dataset", "datasets", "--datasets", str, _name, str, None,
         "dataset names (see `pyod-synth datasets`) or paths of .npz (arrays X and y) or "
         ".csv files", "NAME"),
    Axis("detector", "detectors", "--detectors", str, _name, str, None,
         "registered detector names (see `pyod-synth detectors`)", "NAME"),
    Axis("generator", "generators", "--generators", str, _name, str, None,
         'registered generator names (see `pyod-synth generators`); "none" = no '
         "augmentation, the baseline", "NAME"),
    Axis("n_synthetic", "n_synthetic", "--n-synthetic", str, canonical_n_synthetic, str,
         ("auto",),
         'synthetic rows per run: "auto" (the generator\'s default), "5x" (5 per labeled '
         'anomaly), 100 (rows) or 1.0 (a fraction of the training rows)', "N"),
    Axis("la", "la", "--la", parse_la, canonical_la, lambda v: f"la={v!r}", (0.1,),
         "labeled anomalies, as ADBench gives them: a share of the training anomalies "
         "(0.1, 1.0: written with a point) or a count (5, 1: digits only), so 1 labels one "
         "anomaly and 1.0 labels all; 0 = unsupervised", "LA"),
    Axis("ratio", "ratio", "--ratio", _float, canonical_ratio, lambda v: f"ratio={v!r}", (1.0,),
         "NNG-Mix: keep this share of the labeled anomalies and discard the rest", "R"),
    Axis("seed", "seeds", "--seeds", _int, canonical_seed, lambda v: f"seed={v}", (1,),
         "seeds of the split, the generator and the detector", "SEED"),
    Axis("protocol", "protocols", "--protocols", str, check_protocol,
         lambda v: f"protocol={v}", (STANDARD,),
         f"{STANDARD}: ADBench's split of each dataset; or known/unseen tasks, each on its "
         "own dataset (no --datasets needed): Lau et al.'s splits nsl-kdd/r2l+u2r, "
         "nsl-kdd/dos (one category known), thyroid-ann/hyperfunction, "
         "thyroid-ann/subnormal, arrhythmia/2+10+14 (data: $PYOD_SYNTH_LAU2025_DIR), or "
         "ADBench cross-type tasks DATASET/KNOWN->UNSEEN such as 6_cardio/local->cluster; "
         "for a task, --la is the labeled share of the known types (1.0 = all)",
         "NAME", keyed_default=False),
)

AXIS_BY_NAME = {axis.name: axis for axis in AXES}
AXIS_BY_PLURAL = {axis.plural: axis for axis in AXES}
