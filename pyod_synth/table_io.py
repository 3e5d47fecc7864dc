"""A user's table on disk: CSV, Parquet or ``.npz`` in, the same formats out.

:func:`read_table` gives the feature table ``X`` (a pandas DataFrame for CSV and Parquet,
text columns as ``category`` dtype; an array for ``.npz``), the 0/1 labels of the label
column and the id column, each taken out of ``X``. :class:`Schema` records ``X``'s columns
and their kinds when a model is fitted and checks tomorrow's table against them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from pyod_synth.datasets import check_labeled_data, read_npz

SUFFIXES = (".csv", ".parquet", ".npz")
KINDS = ("numeric", "bool", "categorical")


@dataclass(frozen=True)
class Table:
    """Features, labels and ids read from one file."""

    X: object  # pandas DataFrame (CSV, Parquet) or ndarray (.npz)
    y: np.ndarray | None  # 1 = labeled anomaly, 0 = normal/unlabeled; None without labels
    ids: object  # the id column (a pandas Series) or None
    columns: tuple = ()  # every column of the file, in its order (CSV, Parquet)


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if path.is_dir():
        raise ValueError(f"{path} is a folder; give a file name in it, such as "
                         f"{path / ('scores' + SUFFIXES[0])}.")
    if suffix not in SUFFIXES:
        raise ValueError(f"{path}: unsupported file type {suffix!r}; use one of {SUFFIXES}.")
    return suffix


def _pandas():
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - pandas is in the cli extra
        raise ImportError("reading CSV or Parquet needs pandas: pip install "
                          "'pyod-synth[cli]'") from exc
    return pandas


def _read_frame(path: Path, suffix: str):
    pd = _pandas()
    try:
        return pd.read_csv(path) if suffix == ".csv" else pd.read_parquet(path)
    except ImportError as exc:
        raise ImportError(f"{path}: reading Parquet needs pyarrow: pip install "
                          "'pyod-synth[parquet]'") from exc
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        # pandas' EmptyDataError / ParserError and pyarrow's errors do not name the file.
        what = "CSV with a header row" if suffix == ".csv" else "Parquet file"
        raise ValueError(f"{path}: not a readable {what} ({type(exc).__name__}: {exc}). "
                         f"Tables are read from {', '.join(SUFFIXES)} files.") from exc


def _pop(frame, column, what: str, path: Path, missing_ok: bool):
    if column is None or (missing_ok and column not in frame.columns):
        return None
    if column not in frame.columns:
        raise ValueError(f"{path}: no {what} column {column!r}; the columns are "
                         f"{list(frame.columns)}.")
    return frame.pop(column)


def _as_categories(frame):
    """Text columns become ``category`` dtype: what the encoders and generators read."""
    pd = _pandas()
    text = [c for c in frame.columns if pd.api.types.is_object_dtype(frame[c])
            or pd.api.types.is_string_dtype(frame[c])]
    return frame.astype({c: "category" for c in text}) if text else frame


def _check_complete(frame, path: Path) -> None:
    missing = [str(c) for c in frame.columns if frame[c].isna().any()]
    if missing:
        raise ValueError(f"{path}: missing values in the columns {missing}; fill or drop "
                         "those rows first (no row is scored or trained on with a gap).")
    pd = _pandas()
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])
               and not pd.api.types.is_bool_dtype(frame[c])]
    infinite = [str(c) for c in numeric if not np.isfinite(frame[c].to_numpy(float)).all()]
    if infinite:
        raise ValueError(f"{path}: infinite values in the columns {infinite}; replace or drop "
                         "those rows first (pyod-synth needs finite data).")


def check_output_path(path) -> Path:
    """``path`` as a Path whose folder exists; else a FileNotFoundError naming the folder."""
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"{path}: the folder {path.parent} does not exist; create it "
                                "or write elsewhere (--out).")
    return path


def _labels(values, path: Path) -> np.ndarray:
    values = np.asarray(values)
    # check_labeled_data checks labels against a stand-in X: the real one may be categorical.
    return check_labeled_data(np.zeros((values.shape[0], 1)), values, path)[1]


def read_table(path, *, label_column=None, id_column=None, missing_ok=False) -> Table:
    """Read a CSV, Parquet or ``.npz`` file as features, labels and ids.

    Parameters
    ----------
    path : str or Path
        ``.csv`` or ``.parquet`` (one row per sample, a header row) or ``.npz`` (array
        ``X``; array ``y`` of 0/1 labels if present).
    label_column : str, default=None
        CSV/Parquet: the column of 0/1 labels (1 = labeled anomaly). None: no labels.
    id_column : str, default=None
        CSV/Parquet: a column identifying rows, kept out of the features.
    missing_ok : bool, default=False
        A named label or id column the file lacks is an error, unless True (scoring:
        tomorrow's rows have no labels).

    Returns
    -------
    Table

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from pyod_synth.table_io import read_table
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "rows.csv"
    >>> _ = path.write_text("id,a,color,label\\n7,0.5,red,0\\n8,9.0,blue,1\\n")
    >>> table = read_table(path, label_column="label", id_column="id")
    >>> list(table.X.columns), str(table.X["color"].dtype), table.y.tolist()
    (['a', 'color'], 'category', [0, 1])
    """
    path = Path(path)
    suffix = _suffix(path)
    if not path.is_file():
        raise FileNotFoundError(f"No such file: {path}")
    if suffix == ".npz":
        if id_column is not None or label_column not in (None, "y"):
            raise ValueError(f"{path}: a .npz has no named columns; its labels are the array "
                             "'y'. Drop --label-column/--id-column or use a CSV.")
        return _read_npz(path)
    frame = _read_frame(path, suffix)
    columns = tuple(frame.columns)
    labels = _pop(frame, label_column, "label", path, missing_ok)
    ids = _pop(frame, id_column, "id", path, missing_ok)
    if frame.shape[1] == 0 or frame.shape[0] == 0:
        raise ValueError(f"{path}: no feature columns or no rows left.")
    _check_complete(frame, path)
    y = None if labels is None else _labels(labels, path)
    return Table(_as_categories(frame), y, ids, columns)


def _read_npz(path: Path) -> Table:
    arrays = read_npz(path, required=("X",))
    X, y = arrays["X"], arrays.get("y")
    X, checked = check_labeled_data(X, np.zeros(len(X)) if y is None else y, path)
    return Table(X, None if y is None else checked, None)


def write_table(X, path, columns=None) -> Path:
    """Write rows as CSV, Parquet or ``.npz`` (array ``X``), chosen by the file's suffix.

    ``X`` is a DataFrame or a 2-D array (then ``columns`` names its columns for CSV and
    Parquet). The file is written whole or not at all: a temporary file is renamed.
    """
    path = check_output_path(path)
    suffix = _suffix(path)
    tmp = path.with_name(f".{path.name}.partial")
    if suffix == ".npz":
        with open(tmp, "wb") as handle:
            np.savez(handle, X=np.asarray(X))
    else:
        frame = X if hasattr(X, "columns") else _pandas().DataFrame(X, columns=columns)
        if suffix == ".csv":
            frame.to_csv(tmp, index=False)
        else:
            frame.to_parquet(tmp, index=False)
    tmp.replace(path)
    return path


def _kind(dtype) -> str:
    if np.dtype(dtype).kind == "b":
        return "bool"
    return "numeric" if np.issubdtype(np.dtype(dtype), np.number) else "categorical"


def _kind_of_column(series) -> str:
    pd = _pandas()
    if pd.api.types.is_bool_dtype(series.dtype):
        return "bool"
    return "numeric" if pd.api.types.is_numeric_dtype(series.dtype) else "categorical"


@dataclass(frozen=True)
class Schema:
    """The feature columns a model was fitted on: names, kinds and dtypes.

    An ``.npz`` table's columns are named ``x0, x1, ...``. ``kinds`` are ``"numeric"``,
    ``"bool"`` or ``"categorical"``: what :meth:`check` compares (a CSV column of integers
    may come back as int64 or float64, the kind is the same).
    """

    columns: tuple[str, ...]
    kinds: tuple[str, ...]
    dtypes: tuple[str, ...]
    table: str  # "frame" or "array"

    @classmethod
    def of(cls, X) -> Schema:
        if hasattr(X, "columns"):
            return cls(tuple(str(c) for c in X.columns),
                       tuple(_kind_of_column(X[c]) for c in X.columns),
                       tuple(str(X[c].dtype) for c in X.columns), "frame")
        X = np.asarray(X)
        n = X.shape[1]
        return cls(tuple(f"x{j}" for j in range(n)), (_kind(X.dtype),) * n,
                   (str(X.dtype),) * n, "array")

    def to_dict(self) -> dict:
        return {key: list(value) if isinstance(value, tuple) else value
                for key, value in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict) -> Schema:
        return cls(tuple(data["columns"]), tuple(data["kinds"]), tuple(data["dtypes"]),
                   data["table"])

    def check(self, X, source=""):
        """``X`` with the fitted columns in the fitted order; a ValueError naming every mismatch.

        Missing, extra and wrongly typed columns are all listed at once.
        """
        found = Schema.of(X)
        where = f"{source}: " if str(source) else ""
        if found.table != self.table:
            raise ValueError(f"{where}the model was fitted on a {self._what()} and this is a "
                             f"{found._what()}; score a file of the same kind.")
        problems = []
        if self.table == "array":
            if found.columns != self.columns:
                problems.append(f"{len(found.columns)} columns where the model was fitted on "
                                f"{len(self.columns)}")
        else:
            missing = [c for c in self.columns if c not in found.columns]
            extra = [c for c in found.columns if c not in self.columns]
            if missing:
                problems.append(f"missing columns {missing}")
            if extra:
                problems.append(f"extra columns {extra}")
        fitted = dict(zip(self.columns, self.kinds, strict=True))
        given = dict(zip(found.columns, found.kinds, strict=True))
        wrong = [f"{c!r} is {given[c]} but was {fitted[c]} ({self.dtypes[i]}) when fitted"
                 for i, c in enumerate(self.columns) if c in given and given[c] != fitted[c]]
        if wrong:
            problems.append("wrong types: " + "; ".join(wrong))
        if problems:
            raise ValueError(f"{where}the columns do not match the model's: "
                             + ", ".join(problems) + f". The model expects {self.describe()}.")
        return X[list(self.columns)] if self.table == "frame" else X

    def _what(self) -> str:
        return "table with named columns (CSV/Parquet)" if self.table == "frame" else ".npz array"

    def describe(self) -> str:
        return ", ".join(f"{c} ({k})" for c, k in zip(self.columns, self.kinds, strict=True))
