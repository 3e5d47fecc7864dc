"""Datasets with named, typed columns and the anomaly type of every row.

:func:`load_typed_dataset` reads the three tabular benchmarks of Lau, Zhou et al. (2025,
arXiv 2506.13955) from their original raw files and returns a :class:`TypedDataset`: a
pandas DataFrame (categorical dtype for categorical columns), the 0/1 label, the anomaly
type of every row and the official train/test split where the dataset has one. The
known/unseen protocol built on them is :mod:`pyod_synth.known_unseen`.

============== ========================================== ================================
name           files (under the data root)                anomaly types
============== ========================================== ================================
``nsl-kdd``    ``nsl-kdd/KDDTrain+_20Percent.txt`` (train) ``DoS``, ``Probe``, ``U2R``,
               and ``nsl-kdd/KDDTest+.txt`` (test)         ``R2L``
``nsl-kdd-full`` ``nsl-kdd/KDDTrain+.txt`` (train, the     as ``nsl-kdd``
               file Lau et al. train on; not in the
               project's copy) and ``nsl-kdd/KDDTest+.txt``
``thyroid-ann`` ``thyroid/ann-train.data`` (train) and     ``hyperfunction`` (class 1),
               ``thyroid/ann-test.data`` (test)            ``subnormal`` (class 2)
``arrhythmia`` ``arrhythmia/arrhythmia.data`` (no split)   the class number as a string,
                                                          ``"2"`` ... ``"16"``
                                                          (``ARRHYTHMIA_CLASSES``)
============== ========================================== ================================

Normal rows have the type ``"normal"`` (NSL-KDD ``normal``, Thyroid class 3, Arrhythmia
class 1). NSL-KDD's attack names map to categories as in Lau et al.'s code
(``NSL_KDD_ATTACKS``), with one correction: their list spells ``http_tunnel`` but the data
spells ``httptunnel``, so here its 133 test rows are R2L, where their code scores them as
normal traffic; say so beside any comparison with their numbers. An attack name outside the
map is a ``ValueError``.

Data root
---------
The ``data_dir`` argument, else the environment variable ``PYOD_SYNTH_LAU2025_DIR``: a
folder holding ``nsl-kdd/``, ``thyroid/`` and ``arrhythmia/`` as distributed (see the
table). Files are not checksummed (a user's own copy of the same data is fine), but every
line must have the dataset's number of fields and every feature must be a finite number
(a category name for categorical columns): anything else is a ``ValueError`` naming the
file and line.

Missing values
--------------
Arrhythmia marks missing values ``?``; they stay NaN in the frame (408 of them, mostly in
column ``J_angle``). The protocol (:func:`pyod_synth.known_unseen.known_unseen_split`)
imputes them with the training mean, as Lau et al. do. Elsewhere pyod-synth refuses NaN.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

LAU2025_DIR_ENV = "PYOD_SYNTH_LAU2025_DIR"
NORMAL = "normal"
PANDAS_HINT = 'The typed datasets need pandas: pip install "pyod-synth[datasets]".'

# ---------------------------------------------------------------------------------------
# Column names and class maps
# ---------------------------------------------------------------------------------------

NSL_KDD_COLUMNS = (
    "duration", "protocol_type", "service", "flag", "src_bytes", "dst_bytes", "land",
    "wrong_fragment", "urgent", "hot", "num_failed_logins", "logged_in", "num_compromised",
    "root_shell", "su_attempted", "num_root", "num_file_creations", "num_shells",
    "num_access_files", "num_outbound_cmds", "is_host_login", "is_guest_login", "count",
    "srv_count", "serror_rate", "srv_serror_rate", "rerror_rate", "srv_rerror_rate",
    "same_srv_rate", "diff_srv_rate", "srv_diff_host_rate", "dst_host_count",
    "dst_host_srv_count", "dst_host_same_srv_rate", "dst_host_diff_srv_rate",
    "dst_host_same_src_port_rate", "dst_host_srv_diff_host_rate", "dst_host_serror_rate",
    "dst_host_srv_serror_rate", "dst_host_rerror_rate", "dst_host_srv_rerror_rate",
)

# Lau et al.'s attack categories (their Utils/kdd.py), spelled as the data spells them:
# their list has "http_tunnel", which never occurs, so their code scores the 133 test rows
# of "httptunnel" as normal traffic; here they are R2L.
NSL_KDD_ATTACKS = {
    "DoS": ("apache2", "back", "land", "neptune", "mailbomb", "pod", "processtable", "smurf",
            "teardrop", "udpstorm", "worm"),
    "Probe": ("ipsweep", "mscan", "nmap", "portsweep", "saint", "satan"),
    "U2R": ("buffer_overflow", "loadmodule", "perl", "ps", "rootkit", "sqlattack", "xterm"),
    "R2L": ("ftp_write", "guess_passwd", "httptunnel", "imap", "multihop", "named", "phf",
            "sendmail", "snmpgetattack", "snmpguess", "spy", "warezclient", "warezmaster",
            "xlock", "xsnoop"),
}
NSL_KDD_CATEGORY = {
    "normal": NORMAL,
    **{attack: category for category, attacks in NSL_KDD_ATTACKS.items() for attack in attacks},
}

THYROID_COLUMNS = (
    "age", "sex", "on_thyroxine", "query_on_thyroxine", "on_antithyroid_medication", "sick",
    "pregnant", "thyroid_surgery", "I131_treatment", "query_hypothyroid",
    "query_hyperthyroid", "lithium", "goitre", "tumor", "hypopituitary", "psych", "TSH",
    "T3", "TT4", "T4U", "FTI",
)
THYROID_CLASSES = {"1": "hyperfunction", "2": "subnormal", "3": NORMAL}

_ECG_CHANNELS = ("DI", "DII", "DIII", "AVR", "AVL", "AVF", "V1", "V2", "V3", "V4", "V5", "V6")
_ECG_WIDTHS = (
    "Q_width", "R_width", "S_width", "Rprime_width", "Sprime_width", "n_deflections",
    "ragged_R", "diphasic_R", "ragged_P", "diphasic_P", "ragged_T", "diphasic_T",
)
_ECG_AMPLITUDES = ("JJ_amp", "Q_amp", "R_amp", "S_amp", "Rprime_amp", "Sprime_amp", "P_amp",
                   "T_amp", "QRSA", "QRSTA")
# Attribute order of arrhythmia.names: 15 global features, 12 widths/flags per channel
# (attributes 16-159), then 10 amplitudes per channel (160-279).
ARRHYTHMIA_COLUMNS = (
    "age", "sex", "height", "weight", "QRS_duration", "PR_interval", "QT_interval",
    "T_interval", "P_interval", "QRS_angle", "T_angle", "P_angle", "QRST_angle", "J_angle",
    "heart_rate",
    *(f"{c}_{w}" for c in _ECG_CHANNELS for w in _ECG_WIDTHS),
    *(f"{c}_{a}" for c in _ECG_CHANNELS for a in _ECG_AMPLITUDES),
)
ARRHYTHMIA_CLASSES = {
    "1": "normal", "2": "coronary artery disease", "3": "old anterior myocardial infarction",
    "4": "old inferior myocardial infarction", "5": "sinus tachycardia",
    "6": "sinus bradycardia", "7": "ventricular premature contraction (PVC)",
    "8": "supraventricular premature contraction", "9": "left bundle branch block",
    "10": "right bundle branch block", "11": "1st degree AV block",
    "12": "2nd degree AV block", "13": "3rd degree AV block",
    "14": "left ventricular hypertrophy", "15": "atrial fibrillation or flutter",
    "16": "others",
}
"""Arrhythmia class number -> name (arrhythmia.names); classes 11-13 have no rows."""


def _nsl_kdd_type(attack: str) -> str:
    return NSL_KDD_CATEGORY[attack]


def _thyroid_type(label: str) -> str:
    return THYROID_CLASSES[label]


def _arrhythmia_type(label: str) -> str:
    if label not in ARRHYTHMIA_CLASSES:
        raise KeyError(label)
    return NORMAL if label == "1" else label


# ---------------------------------------------------------------------------------------
# What each dataset's files look like
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    folder: str
    files: tuple[tuple[str, str | None], ...]  # (file name, official part or None)
    columns: tuple[str, ...]  # feature names, in file order
    label_fields: tuple[str, ...]  # what follows the features on a line
    to_type: Callable[[str], str]  # raw label -> anomaly type; KeyError if unknown
    known_labels: str  # for the unknown-label error
    categorical: tuple[str, ...] = ()
    missing: str | None = None  # token of a missing value, kept as NaN
    trailing_comma: bool = False

    @property
    def n_fields(self) -> int:
        return len(self.columns) + len(self.label_fields)


_NSL_KDD = dict(
    folder="nsl-kdd", columns=NSL_KDD_COLUMNS, label_fields=("attack name", "difficulty level"),
    to_type=_nsl_kdd_type, known_labels="the attack names of NSL_KDD_ATTACKS or 'normal'",
    categorical=("protocol_type", "service", "flag"),
)
SOURCES: dict[str, _Source] = {
    "nsl-kdd": _Source(
        files=(("KDDTrain+_20Percent.txt", "train"), ("KDDTest+.txt", "test")), **_NSL_KDD),
    "nsl-kdd-full": _Source(
        files=(("KDDTrain+.txt", "train"), ("KDDTest+.txt", "test")), **_NSL_KDD),
    "thyroid-ann": _Source(
        folder="thyroid", files=(("ann-train.data", "train"), ("ann-test.data", "test")),
        columns=THYROID_COLUMNS, label_fields=("class",), to_type=_thyroid_type,
        known_labels="classes 1, 2, 3", trailing_comma=True,
    ),
    "arrhythmia": _Source(
        folder="arrhythmia", files=(("arrhythmia.data", None),), columns=ARRHYTHMIA_COLUMNS,
        label_fields=("class",), to_type=_arrhythmia_type, known_labels="classes 1-16",
        missing="?",
    ),
}
TYPED_DATASETS = tuple(SOURCES)


# ---------------------------------------------------------------------------------------
# The container
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TypedDataset:
    """A dataset with typed columns and the anomaly type of every row.

    Attributes
    ----------
    name : str
    X : pandas.DataFrame of shape (n_samples, n_features)
        Named columns in file order. Categorical columns have a ``category`` dtype whose
        categories are the sorted values found in all the dataset's files (train and test
        share them); the other columns are int64 or float64 as parsed (binary columns
        stay 0/1 integers; a column with a missing value is float64 with NaN).
    y : ndarray of shape (n_samples,)
        int64, 1 = anomaly (any type), 0 = normal.
    anomaly_type : ndarray of shape (n_samples,)
        The type of every row as a str, ``"normal"`` for normal rows.
    raw_label : ndarray of shape (n_samples,)
        The label as the file spells it (NSL-KDD's attack name, the class number).
    part : ndarray of shape (n_samples,) or None
        ``"train"`` or ``"test"``: the official split; None when the dataset has none.
    files : tuple of Path
        The files read, in row order.
    """

    name: str
    X: object
    y: np.ndarray
    anomaly_type: np.ndarray
    raw_label: np.ndarray
    part: np.ndarray | None
    files: tuple[Path, ...] = field(default=())

    def __post_init__(self):
        n = len(self.X)
        arrays = {"y": self.y, "anomaly_type": self.anomaly_type, "raw_label": self.raw_label,
                  **({"part": self.part} if self.part is not None else {})}
        wrong = {k: np.shape(v) for k, v in arrays.items() if np.shape(v) != (n,)}
        if wrong:
            raise ValueError(f"{self.name}: X has {n} rows but {wrong} (one value per row).")
        if not np.array_equal(np.asarray(self.y) == 1, self.anomaly_type != NORMAL):
            raise ValueError(f"{self.name}: y must be 1 exactly where anomaly_type is not "
                             f"{NORMAL!r}.")
        if self.part is not None and not np.isin(self.part, ("train", "test")).all():
            raise ValueError(f"{self.name}: part holds 'train' or 'test' only.")

    @property
    def anomaly_types(self) -> tuple[str, ...]:
        """The anomaly types present, sorted (``"normal"`` excluded)."""
        return tuple(sorted(set(self.anomaly_type.tolist()) - {NORMAL}))

    def counts(self):
        """Rows per (part, anomaly type) as a pandas DataFrame (part ``"all"`` if no split)."""
        import pandas as pd

        part = self.part if self.part is not None else np.full(len(self.y), "all")
        table = pd.crosstab(pd.Series(part, name="part"),
                            pd.Series(self.anomaly_type, name="type"))
        return table


# ---------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------


def lau2025_root(data_dir=None) -> tuple[str, Path | None]:
    """The data root as (where it came from, path); path None when nothing is configured."""
    if data_dir is not None:
        return "data_dir argument", Path(data_dir)
    env = os.environ.get(LAU2025_DIR_ENV)
    if env:
        return f"${LAU2025_DIR_ENV}", Path(env)
    return "", None


def list_typed_datasets(data_dir=None) -> list[str]:
    """Names of the typed datasets whose files exist under the data root.

    Raises
    ------
    FileNotFoundError
        If no data root is configured or it is not a folder.

    Examples
    --------
    >>> from pyod_synth.typed_datasets import list_typed_datasets
    >>> list_typed_datasets("/data/lau2025")  # doctest: +SKIP
    ['nsl-kdd', 'thyroid-ann', 'arrhythmia']
    """
    root = _existing_root(data_dir, "The typed datasets (group 'lau2025')")
    return [
        name for name, source in SOURCES.items()
        if all((root / source.folder / f).is_file() for f, _ in source.files)
    ]


def load_typed_dataset(name: str, data_dir=None) -> TypedDataset:
    """Load ``"nsl-kdd"``, ``"nsl-kdd-full"``, ``"thyroid-ann"`` or ``"arrhythmia"``.

    Parameters
    ----------
    name : str
        A name of ``TYPED_DATASETS``.
    data_dir : str or Path, default=None
        The folder holding ``nsl-kdd/``, ``thyroid/``, ``arrhythmia/``; default
        ``$PYOD_SYNTH_LAU2025_DIR``.

    Returns
    -------
    TypedDataset

    Raises
    ------
    FileNotFoundError
        No data root, or a file of the dataset is missing (the message names it).
    ValueError
        An unknown name, or a damaged file: a line with the wrong number of fields, a
        value that is not a finite number, an unknown attack name or class (the message
        names the file, the line and the column).

    Examples
    --------
    >>> from pyod_synth.typed_datasets import load_typed_dataset
    >>> data = load_typed_dataset("nsl-kdd", "/data/lau2025")  # doctest: +SKIP
    >>> data.X["service"].dtype, data.anomaly_types  # doctest: +SKIP
    (CategoricalDtype(...), ('DoS', 'Probe', 'R2L', 'U2R'))
    """
    if name not in SOURCES:
        raise ValueError(f"Unknown typed dataset {name!r}; valid: {', '.join(SOURCES)}.")
    source = SOURCES[name]
    root = _existing_root(data_dir, f"Typed dataset {name!r}")
    paths = [root / source.folder / file for file, _ in source.files]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise FileNotFoundError(
            f"Typed dataset {name!r}: missing file(s) {missing}. The data root {root} must "
            f"hold {source.folder}/ with {[f for f, _ in source.files]}."
        )
    return _build(name, source, paths)


def _existing_root(data_dir, what: str) -> Path:
    origin, root = lau2025_root(data_dir)
    if root is None:
        raise FileNotFoundError(
            f"{what}: no data folder given. Pass data_dir=... or set the environment "
            f"variable {LAU2025_DIR_ENV} to a folder holding nsl-kdd/, thyroid/ and "
            "arrhythmia/ (the raw files of Lau et al.'s benchmarks)."
        )
    if not root.is_dir():
        raise FileNotFoundError(
            f"{what}: the data folder {root} ({origin}) does not exist. Point data_dir or "
            f"{LAU2025_DIR_ENV} to a folder holding nsl-kdd/, thyroid/ and arrhythmia/."
        )
    return root


# ---------------------------------------------------------------------------------------
# Reading and checking the files
# ---------------------------------------------------------------------------------------


def _build(name: str, source: _Source, paths: list[Path]) -> TypedDataset:
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(PANDAS_HINT) from exc

    frames, labels, parts = [], [], []
    for path, (_, part) in zip(paths, source.files, strict=True):
        rows, numbers = _read_rows(path, source)
        frames.append(_frame(rows, numbers, path, source))
        labels.append(_types(rows, numbers, path, source))
        parts.append(np.full(len(rows), part, dtype=object) if part else None)
    X = pd.concat(frames, ignore_index=True)
    for column in source.categorical:
        X[column] = pd.Categorical(X[column], categories=sorted(X[column].unique()))
    raw = np.concatenate([raw for raw, _ in labels])
    types = np.concatenate([t for _, t in labels])
    return TypedDataset(
        name=name,
        X=X,
        y=(types != NORMAL).astype(np.int64),
        anomaly_type=types,
        raw_label=raw,
        part=None if parts[0] is None else np.concatenate(parts),
        files=tuple(paths),
    )


def _read_rows(path: Path, source: _Source) -> tuple[list[list[str]], np.ndarray]:
    """Non-blank rows (fields stripped) and their 1-based line numbers."""
    expected = source.n_fields + source.trailing_comma
    layout = ", ".join((f"{len(source.columns)} features", *source.label_fields))
    rows, numbers = [], []
    with open(path, newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if not any(field.strip() for field in row):
                continue
            if len(row) != expected or (source.trailing_comma and row[-1].strip()):
                raise ValueError(
                    f"{path}, line {number}: expected {expected} comma-separated fields "
                    f"({layout}{', then a trailing comma' if source.trailing_comma else ''})"
                    f", found {len(row)}. The file is truncated or damaged; restore it from "
                    "the original download."
                )
            rows.append([field.strip() for field in row[:source.n_fields]])
            numbers.append(number)
    if not rows:
        raise ValueError(f"{path}: the file is empty; restore it from the original download.")
    return rows, np.asarray(numbers)


def _frame(rows, numbers, path: Path, source: _Source):
    import pandas as pd

    n = len(source.columns)
    X = pd.DataFrame([row[:n] for row in rows], columns=list(source.columns), dtype=object)
    for column in source.columns:
        if column not in source.categorical:
            X[column] = _numbers(X[column], numbers, path, source.missing)
    return X


def _numbers(text, numbers: np.ndarray, path: Path, missing: str | None):
    """A column as int64 (when every value is an integer literal) or float64."""
    import pandas as pd

    is_missing = (text == missing).to_numpy() if missing is not None else None
    values = pd.to_numeric(text.where(~is_missing) if is_missing is not None else text,
                           errors="coerce")
    bad = values.isna().to_numpy() | ~np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))
    if is_missing is not None:
        bad &= ~is_missing
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{path}, line {numbers[first]}, column {text.name!r}: {text.iloc[first]!r} is "
            "not a finite number"
            + (f" (missing values must be written {missing!r})" if missing else "")
            + ". The file is damaged; restore it from the original download."
        )
    return values


def _types(rows, numbers, path: Path, source: _Source) -> tuple[np.ndarray, np.ndarray]:
    n = len(source.columns)
    raw = np.asarray([row[n] for row in rows], dtype=object)
    for extra, name in enumerate(source.label_fields[1:], start=n + 1):
        _numbers_only(rows, extra, name, numbers, path)
    types = np.empty(len(raw), dtype=object)
    mapped: dict[str, str] = {}
    for i, label in enumerate(raw):
        if label not in mapped:
            try:
                mapped[label] = source.to_type(label)
            except KeyError:
                raise ValueError(
                    f"{path}, line {numbers[i]}: unknown {source.label_fields[0]} {label!r}; "
                    f"expected {source.known_labels}. The file is damaged or not the "
                    "expected dataset."
                ) from None
        types[i] = mapped[label]
    return raw, types


def _numbers_only(rows, index: int, name: str, numbers, path: Path) -> None:
    """A non-feature numeric field (NSL-KDD's difficulty level) is checked, then dropped."""
    for i, row in enumerate(rows):
        if not row[index].lstrip("-").isdigit():
            raise ValueError(
                f"{path}, line {numbers[i]}: the {name} {row[index]!r} is not an integer. "
                "The file is damaged; restore it from the original download."
            )
