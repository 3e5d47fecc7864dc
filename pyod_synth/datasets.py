"""Anomaly-detection datasets: ADBench's ``.npz`` files, small built-in tasks and user files.

``load_dataset(name)`` returns ``(X, y)`` with ``y`` in {0, 1} (1 = anomaly). ``name`` is

* an embedded task built from data scikit-learn ships (no download, no data folder):
  ``"sk_breast_cancer"``, ``"sk_wine"``, ``"sk_digits"`` (see ``EMBEDDED``);
* an ADBench dataset: the file stem (``"6_cardio"``, ``"CIFAR10_0"``, ``"20news_3"``),
  the stem without its number prefix when that is unambiguous (``"cardio"``), or a
  folder-qualified stem (``"CV_by_ViT/MVTec-AD_bottle"``);
* a path to a user ``.npz`` (arrays ``X`` and ``y``) or ``.csv`` file.

Typed datasets
--------------
The benchmarks of Lau et al. (group ``"lau2025"``: ``"nsl-kdd"``, ``"thyroid-ann"``,
``"arrhythmia"``) have categorical columns, an anomaly type per row and an official
train/test split, which ``(X, y)`` would lose: they load with :func:`load_typed_dataset`
(:mod:`pyod_synth.typed_datasets`), from ``data_dir`` or ``$PYOD_SYNTH_LAU2025_DIR``, and
``load_dataset`` refuses their names, pointing there. ``list_datasets(group="lau2025")``
lists them; ``list_datasets()`` without a group lists only names ``load_dataset`` takes.

ADBench data folders
--------------------
The root searched is the ``data_dir`` argument, else the environment variable
``PYOD_SYNTH_ADBENCH_DIR``, else the ``datasets/`` folder of an installed ``adbench``
package (found without importing it: importing adbench imports TensorFlow). Inside a
root both ADBench's folder names (``Classical/``, ``CV_by_ResNet18/``, ``CV_by_ViT/``,
``NLP_by_BERT/``, ``NLP_by_RoBERTa/``) and this project's lower-case layout
(``classical/``, ``cv/CV_by_ResNet18/``, ``cv/CV_by_ViT/``, ``nlp/NLP_by_BERT/``,
``nlp/NLP_by_RoBERTa/``) work; ``.npz`` files directly in the root are found too.

A plain stem is looked up in ADBench's order (``Classical``, ``CV_by_ResNet18``,
``NLP_by_BERT``), then in ``CV_by_ViT`` and ``NLP_by_RoBERTa``: the same stem exists in
both embeddings of a parent dataset, so a plain ``"MVTec-AD_bottle"`` is the ResNet-18
file ADBench's ``DataGenerator`` would read and the ViT file is
``"CV_by_ViT/MVTec-AD_bottle"``.
"""

from __future__ import annotations

import csv
import importlib.util
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pyod_synth.typed_datasets import (  # noqa: F401 (load_typed_dataset: public here too)
    TYPED_DATASETS,
    list_typed_datasets,
    load_typed_dataset,
)

ADBENCH_DIR_ENV = "PYOD_SYNTH_ADBENCH_DIR"
GROUPS = ("classical", "cv", "nlp", "embedded")  # what load_dataset loads as (X, y)
TYPED_GROUPS = ("lau2025",)  # what load_typed_dataset loads
USER_FILE_SUFFIXES = (".npz", ".csv")
USER_FILE_FORMATS = (
    "pyod-synth reads .npz (arrays X and y, as np.savez(path, X=X, y=y) writes) and .csv "
    "(one row per sample, the label column last or named 'label') datasets"
)


@dataclass(frozen=True)
class _Folder:
    group: str
    adbench_name: str  # folder name in ADBench's repository and package
    project_path: str  # folder in this project's lower-case layout
    qualify: bool  # names from this folder carry the folder prefix (not read by ADBench)


# ADBench's DataGenerator lookup order first, then the embeddings it never reads.
_FOLDERS = (
    _Folder("classical", "Classical", "classical", False),
    _Folder("cv", "CV_by_ResNet18", "cv/CV_by_ResNet18", False),
    _Folder("nlp", "NLP_by_BERT", "nlp/NLP_by_BERT", False),
    _Folder("cv", "CV_by_ViT", "cv/CV_by_ViT", True),
    _Folder("nlp", "NLP_by_RoBERTa", "nlp/NLP_by_RoBERTa", True),
)


# ---------------------------------------------------------------------------------------
# Embedded tasks
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmbeddedDataset:
    """An anomaly-detection task built deterministically from a scikit-learn toy dataset.

    Every row of the ``normal_classes`` is kept; ``n_anomalies`` rows are drawn without
    replacement from the ``anomaly_classes`` with a local legacy ``RandomState(seed)``
    (its stream is frozen across NumPy versions). Rows keep scikit-learn's order.
    """

    loader: str  # function name in sklearn.datasets
    normal_classes: tuple[int, ...]
    anomaly_classes: tuple[int, ...]
    n_anomalies: int
    seed: int
    description: str

    def build(self) -> tuple[np.ndarray, np.ndarray]:
        import sklearn.datasets

        data = getattr(sklearn.datasets, self.loader)()
        target = np.asarray(data.target)
        normal = np.flatnonzero(np.isin(target, self.normal_classes))
        candidates = np.flatnonzero(np.isin(target, self.anomaly_classes))
        picked = np.random.RandomState(self.seed).choice(
            candidates, self.n_anomalies, replace=False
        )
        rows = np.sort(np.concatenate([normal, picked]))
        X = np.asarray(data.data, dtype=np.float64)[rows]
        y = np.isin(target[rows], self.anomaly_classes).astype(np.int64)
        return X, y


EMBEDDED: dict[str, EmbeddedDataset] = {
    # load_breast_cancer is the WDBC data (ADBench's 43_WDBC keeps only 10 malignant rows).
    "sk_breast_cancer": EmbeddedDataset(
        "load_breast_cancer", (1,), (0,), 30, 0,
        "Breast cancer Wisconsin (diagnostic), 30 features: all 357 benign rows are "
        "normal, 30 of the 212 malignant rows are anomalies (387 rows, 7.8 %).",
    ),
    # Built like ODDS/ADBench's 45_wine from the same UCI data: classes 2 and 3 normal,
    # class 1 down-sampled to 10 rows.
    "sk_wine": EmbeddedDataset(
        "load_wine", (1, 2), (0,), 10, 0,
        "Wine recognition, 13 features: classes 1 and 2 (119 rows) are normal, 10 of "
        "the 59 class-0 rows are anomalies (129 rows, 7.8 %).",
    ),
    # Built like ODDS/ADBench's optdigits: digit 0 is the rare class.
    "sk_digits": EmbeddedDataset(
        "load_digits", (1, 2, 3, 4, 5, 6, 7, 8, 9), (0,), 90, 0,
        "8x8 handwritten digits, 64 features (pixel counts 0-16): digits 1-9 (1619 rows) "
        "are normal, 90 of the 178 zeros are anomalies (1709 rows, 5.3 %).",
    ),
}


# ---------------------------------------------------------------------------------------
# Where ADBench data lives
# ---------------------------------------------------------------------------------------


def _installed_adbench_datasets() -> Path | None:
    """``<adbench package>/datasets`` of an installed adbench, without importing it."""
    try:
        spec = importlib.util.find_spec("adbench")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "datasets"


def _roots(data_dir) -> list[tuple[str, Path]]:
    """The root to search, as (where it came from, path); empty when none is configured."""
    if data_dir is not None:
        return [("data_dir argument", Path(data_dir))]
    env = os.environ.get(ADBENCH_DIR_ENV)
    if env:
        return [(f"${ADBENCH_DIR_ENV}", Path(env))]
    installed = _installed_adbench_datasets()
    if installed is not None:
        return [("installed adbench package", installed)]
    return []


def no_adbench_data_message(data_dir=None) -> str:
    """Where ADBench data was looked for and how to point pyod-synth at it."""
    roots = _roots(data_dir)
    if not roots:
        return (f"no ADBench data found: no data folder is configured (pass --data-dir, set "
                f"${ADBENCH_DIR_ENV}, or install the adbench package); only the embedded "
                "datasets are listed")
    where = "; ".join(f"{origin}: {path}" for origin, path in roots)
    return (f"no ADBench .npz files found (looked in {where}); only the embedded datasets "
            "are listed")


def _folders_in(root: Path) -> list[tuple[_Folder | None, Path]]:
    """Existing dataset folders of a root in lookup order; ``None`` marks the root itself."""
    found = []
    for folder in _FOLDERS:
        for candidate in (root / folder.adbench_name, root / folder.project_path):
            if candidate.is_dir():
                found.append((folder, candidate))
                break
    found.append((None, root))
    return found


def _catalogue(roots: list[Path]) -> dict[str, tuple[str, Path]]:
    """Every ADBench-style name -> (group, file); the first occurrence of a name wins."""
    names: dict[str, tuple[str, Path]] = {}
    for root in roots:
        if not root.is_dir():
            continue
        for folder, path in _folders_in(root):
            for file in sorted(path.glob("*.npz"), key=_file_order):
                if folder is None:
                    names.setdefault(file.stem, ("other", file))
                    continue
                qualified = f"{folder.adbench_name}/{file.stem}"
                names.setdefault(qualified, (folder.group, file))
                if not folder.qualify:
                    names.setdefault(file.stem, (folder.group, file))
    return names


def _strip_prefix(stem: str) -> str:
    return re.sub(r"^\d+_", "", stem)


def _file_order(path: Path) -> tuple[int, str]:
    """ADBench's numbered files by number (1_ALOI before 10_cover), the rest by name."""
    number = re.match(r"^(\d+)_", path.stem)
    return (int(number.group(1)) if number else 10**9, path.stem)


def _resolve(name: str, catalogue: dict[str, tuple[str, Path]]) -> Path | None:
    """Exact name, then the unique name without number prefix, then case-insensitively."""
    if name in catalogue:
        return catalogue[name][1]
    plain = [n for n in catalogue if "/" not in n]
    for same in (
        lambda n: _strip_prefix(n) == name,
        lambda n: n.lower() == name.lower() or _strip_prefix(n).lower() == name.lower(),
    ):
        hits = [n for n in plain if same(n)]
        if len(hits) > 1:
            raise ValueError(
                f"Dataset name {name!r} is ambiguous: it matches {sorted(hits)}. "
                "Use the full file stem."
            )
        if hits:
            return catalogue[hits[0]][1]
    return None


# ---------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------


def list_datasets(data_dir=None, group: str | None = None) -> list[str]:
    """Names that :func:`load_dataset` accepts (group ``"lau2025"``: :func:`load_typed_dataset`).

    Parameters
    ----------
    data_dir : str or Path, default=None
        ADBench data root; default ``$PYOD_SYNTH_ADBENCH_DIR``, else the installed
        adbench package's ``datasets/`` folder. For group ``"lau2025"``: the root of Lau
        et al.'s data (default ``$PYOD_SYNTH_LAU2025_DIR``).
    group : {"classical", "cv", "nlp", "embedded", "lau2025"}, default=None
        Only this group; None lists the embedded tasks and every ADBench dataset found
        (not the typed ``"lau2025"`` datasets, which ``load_dataset`` does not load).

    Returns
    -------
    list of str
        Embedded names first, then ADBench names in lookup order (Classical, CV, NLP,
        numbered files by number, the rest by name). ViT and RoBERTa files are folder-qualified
        (``"CV_by_ViT/MVTec-AD_bottle"``).

    Raises
    ------
    FileNotFoundError
        If ``group`` is an ADBench group and no data root exists, or ``data_dir`` is
        given and is not a folder.

    Examples
    --------
    >>> from pyod_synth.datasets import list_datasets
    >>> list_datasets(group="embedded")
    ['sk_breast_cancer', 'sk_digits', 'sk_wine']
    """
    if group is not None and group not in GROUPS + TYPED_GROUPS:
        raise ValueError(f"group must be one of {GROUPS + TYPED_GROUPS} or None; got {group!r}.")
    if group == "embedded":
        return sorted(EMBEDDED)
    if group == "lau2025":
        return list_typed_datasets(data_dir)
    roots = _roots(data_dir)
    if data_dir is not None and not Path(data_dir).is_dir():
        raise FileNotFoundError(f"data_dir {str(data_dir)!r} is not a folder.")
    existing = [root for _, root in roots if root.is_dir()]
    if group is not None and not existing:
        raise FileNotFoundError(_not_found_message(f"ADBench data ({group})", roots))
    catalogue = _catalogue(existing)
    adbench_names = [
        n for n, (g, _) in catalogue.items()
        if ("/" not in n or _is_qualified_only(n, catalogue)) and (group is None or g == group)
    ]
    return (sorted(EMBEDDED) if group is None else []) + adbench_names


def _is_qualified_only(name: str, catalogue: dict[str, tuple[str, Path]]) -> bool:
    """A folder-qualified name whose plain stem points elsewhere (or nowhere)."""
    stem = name.split("/", 1)[1]
    return stem not in catalogue or catalogue[stem][1] != catalogue[name][1]


def load_dataset(name, data_dir=None, *, label_column="label") -> tuple[np.ndarray, np.ndarray]:
    """Load an anomaly-detection dataset as ``(X, y)``.

    Parameters
    ----------
    name : str or Path
        An embedded name (``"sk_wine"``), an ADBench name (``"6_cardio"``, ``"cardio"``,
        ``"CIFAR10_0"``, ``"CV_by_ViT/MVTec-AD_bottle"``) or the path of a ``.npz``
        (arrays ``X``, ``y``) or ``.csv`` file.
    data_dir : str or Path, default=None
        ADBench data root; default ``$PYOD_SYNTH_ADBENCH_DIR``, else the installed
        adbench package's ``datasets/`` folder.
    label_column : str or int, default="label"
        CSV only: the label column's header name or 0-based index. With the default,
        a file without a ``label`` column uses its last column.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        In the stored dtype (ADBench's protocol scales before any cast; CSV gives
        float64).
    y : ndarray of shape (n_samples,)
        Integer labels, 1 = anomaly, 0 = normal.

    Raises
    ------
    FileNotFoundError
        The name is neither embedded, nor found under the searched roots, nor an
        existing file; the message lists every place searched.
    ValueError
        A malformed file; the message names the file (and the CSV line).

    Examples
    --------
    >>> from pyod_synth.datasets import load_dataset
    >>> X, y = load_dataset("sk_wine")
    >>> X.shape, int(y.sum())
    ((129, 13), 10)
    """
    name_str = os.fspath(name)
    if name_str in TYPED_DATASETS:
        raise ValueError(
            f"{name_str!r} is a typed dataset (categorical columns, an anomaly type per row, "
            f"an official train/test split) that (X, y) would lose: load it with "
            f"pyod_synth.datasets.load_typed_dataset({name_str!r}, data_dir=...), or run "
            "the known/unseen protocol with pyod_synth.known_unseen.known_unseen_split."
        )
    if name_str in EMBEDDED:
        return EMBEDDED[name_str].build()
    path = Path(name_str)
    if path.suffix and path.suffix.lower() not in USER_FILE_SUFFIXES and path.is_file():
        raise ValueError(unsupported_file_message(path))
    if path.suffix.lower() in USER_FILE_SUFFIXES:
        if not path.is_file():
            raise FileNotFoundError(f"No such dataset file: {path}")
        if path.suffix.lower() == ".csv":
            return _load_csv(path, label_column)
        return _load_npz(path)
    roots = _roots(data_dir)
    found = _resolve(name_str, _catalogue([root for _, root in roots if root.is_dir()]))
    if found is None:
        raise FileNotFoundError(_not_found_message(f"Dataset {name_str!r}", roots))
    return _load_npz(found)


def unsupported_file_message(path: Path) -> str:
    """Why an existing file of another type is no dataset, and what is read instead."""
    return (f"{path}: a {path.suffix} file is not a dataset file; {USER_FILE_FORMATS}. "
            "Save an array saved with np.save as np.savez(path, X=X, y=y).")


def _not_found_message(what: str, roots: list[tuple[str, Path]]) -> str:
    looked = [f"  - embedded datasets: {', '.join(sorted(EMBEDDED))}"]
    for source, root in roots:
        if not root.is_dir():
            looked.append(f"  - {source}: {root} (does not exist)")
            continue
        folders = [str(path) for folder, path in _folders_in(root) if folder is not None]
        looked.append(f"  - {source}: {root}, i.e. the folders {folders + [str(root)]}")
    if not roots:
        looked.append(
            f"  - no ADBench data folder: no data_dir argument, ${ADBENCH_DIR_ENV} is unset "
            "and no adbench package is installed"
        )
    return (
        f"{what} not found. Looked in:\n" + "\n".join(looked) + "\n"
        f"Point to the data with load_dataset(name, data_dir=...) or the environment "
        f"variable {ADBENCH_DIR_ENV}: a folder holding Classical/, CV_by_ResNet18/, "
        f"NLP_by_BERT/ (ADBench's layout) or classical/, cv/, nlp/. A path to a .npz "
        f"(arrays X, y) or .csv file also works."
    )


# ---------------------------------------------------------------------------------------
# File readers
# ---------------------------------------------------------------------------------------


def check_labeled_data(X, y, source: str | Path = "") -> tuple[np.ndarray, np.ndarray]:
    """A dataset's ``(X, y)``: X numeric, finite, non-empty 2-D; y 0 (normal) / 1 (anomaly).

    X keeps its dtype (ADBench's protocol depends on it); y becomes an integer array.
    ``source`` (a file path, say) starts every error message. Not
    ``pyod_synth.validation.check_training_data``: that one casts X to float64 and reads y
    as training labels (labeled / unlabeled), while this checks ground truth in its dtype.
    """
    where = f"{source}: " if str(source) else ""
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"{where}X must be a non-empty 2-D array; got shape {X.shape}.")
    if not (np.issubdtype(X.dtype, np.number) or X.dtype == bool):
        raise ValueError(f"{where}X must be numeric; got dtype {X.dtype}.")
    if np.issubdtype(X.dtype, np.floating) and not np.isfinite(X).all():
        bad_row = int(np.flatnonzero(~np.isfinite(X).all(axis=1))[0])
        raise ValueError(
            f"{where}X must be finite but has NaN or infinite values (first in row {bad_row})."
        )
    y = np.ravel(y) if y.ndim == 2 and 1 in y.shape else y
    if y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise ValueError(
            f"{where}y must be 1-D with one label per row of X ({X.shape[0]}); "
            f"got shape {y.shape}."
        )
    if not np.isin(y, (0, 1)).all():
        raise ValueError(
            f"{where}y must hold 0 (normal) and 1 (anomaly) only; found "
            f"{np.unique(y[~np.isin(y, (0, 1))])[:5].tolist()}."
        )
    if not np.issubdtype(y.dtype, np.integer):
        y = y.astype(np.int64)
    return X, y


def read_npz(path: Path, required=("X", "y")) -> dict[str, np.ndarray]:
    """Every array of an ``.npz`` file; a ValueError naming the file when it is not one.

    A truncated or non-zip file (``BadZipFile``), ``.npy`` bytes under an ``.npz`` name and
    pickled content all say the same: not a readable .npz, and what is read.
    """
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except (OSError, EOFError, ValueError, AttributeError, TypeError,
            zipfile.BadZipFile) as exc:
        # np.load gives an ndarray (no context manager) for .npy bytes, a ValueError about
        # pickles for any other bytes.
        raise ValueError(
            f"{path}: not a readable .npz file, i.e. not the zip of arrays np.savez writes "
            f"(damaged, truncated, or another format: {type(exc).__name__}). "
            f"{USER_FILE_FORMATS}."
        ) from exc
    missing = [name for name in required if name not in arrays]
    if missing:
        raise ValueError(
            f"{path}: a dataset .npz needs arrays {list(required)}; missing {missing} (found "
            f"{sorted(arrays)})."
        )
    return arrays


def _load_npz(path: Path) -> tuple[np.ndarray, np.ndarray]:
    arrays = read_npz(path)
    return check_labeled_data(arrays["X"], arrays["y"], path)


def _parse_float(text: str) -> float:
    value = float(text)
    if not np.isfinite(value):
        raise ValueError(text)
    return value


def _load_csv(path: Path, label_column) -> tuple[np.ndarray, np.ndarray]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = [(i, r) for i, r in enumerate(csv.reader(handle), start=1) if any(r)]
    if not rows:
        raise ValueError(f"{path}: the CSV file is empty.")
    header = None
    try:
        [_parse_float(v) for v in rows[0][1]]
    except ValueError:
        header, rows = [h.strip() for h in rows[0][1]], rows[1:]
    if not rows:
        raise ValueError(f"{path}: the CSV file has a header but no data rows.")
    n_columns = len(header) if header is not None else len(rows[0][1])
    label_index = _label_index(label_column, header, n_columns, path)
    values = np.empty((len(rows), n_columns))
    for r, (line, row) in enumerate(rows):
        if len(row) != n_columns:
            raise ValueError(
                f"{path}, line {line}: expected {n_columns} values, found {len(row)}."
            )
        for c, text in enumerate(row):
            try:
                values[r, c] = _parse_float(text)
            except ValueError:
                raise ValueError(
                    f"{path}, line {line}, column {c + 1}: {text!r} is not a finite number."
                ) from None
        if values[r, label_index] not in (0.0, 1.0):
            raise ValueError(
                f"{path}, line {line}: the label is {row[label_index]!r}; labels must be "
                "0 (normal) or 1 (anomaly)."
            )
    y = values[:, label_index].astype(np.int64)
    X = np.delete(values, label_index, axis=1)
    return check_labeled_data(X, y, path)


def _label_index(label_column, header, n_columns: int, path: Path) -> int:
    if isinstance(label_column, (int, np.integer)) and not isinstance(label_column, bool):
        if not -n_columns <= label_column < n_columns:
            raise ValueError(
                f"{path}: label_column={label_column} is out of range for {n_columns} columns."
            )
        return int(label_column) % n_columns
    if header is not None and label_column in header:
        return header.index(label_column)
    if label_column == "label":
        return n_columns - 1
    raise ValueError(
        f"{path}: no column named {label_column!r}"
        + (f"; the header has {header}." if header is not None else " (the file has no header).")
        + " Pass label_column as a header name or a 0-based column index."
    )

