"""Mixed feature types: numeric, binary and categorical columns, encoded for generators.

Generators draw in a numeric space. This module maps mixed-type data into that space and
back, and turns any generated row into a *valid* one:

- :func:`infer_feature_types` describes the input columns (:class:`FeatureTypes`):
  numeric, binary, categorical (one column of labels) and already one-hot encoded groups.
- :class:`MixedTypeEncoder` is a scikit-learn transformer that one-hot encodes the
  categorical columns with the categories learned in ``fit``, and records where every group,
  binary and numeric column sits in the encoded matrix.
- :meth:`MixedTypeEncoder.project_to_valid` maps an encoded row to the nearest valid one:
  each one-hot group becomes the one-hot of its largest entry, each binary column the nearer
  of 0 and 1, numeric columns are untouched. This one step makes every generator produce
  valid rows: projected uniform draws over the encoded box give each group a uniform category
  and each binary column Bernoulli(0.5) (Lau, Zhou et al. 2025's generator); a convex mix
  ``lam * a + (1 - lam) * b`` of two valid rows gives each categorical the category of the
  endpoint with the larger weight.
- :func:`check_valid_rows` and :func:`check_categories_from_training` are conformance checks
  that raise ``AssertionError`` with a message saying what is wrong.

Encoded layout (in place): the input columns keep their order; a categorical column is
replaced, at its position, by one column per category (categories sorted as
``OneHotEncoder`` sorts them); every other column (numeric, binary, member of a declared
one-hot group) is one encoded column. An array whose one-hot groups are declared with
``onehot_groups`` and that has no ``categorical`` column is therefore encoded as itself.

pandas is imported only inside the functions that handle DataFrames.
"""

from __future__ import annotations

import numbers
import sys
from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import OneHotEncoder
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from pyod_synth.validation import as_generator, check_X

__all__ = [
    "FeatureTypes",
    "MixedTypeEncoder",
    "infer_feature_types",
    "check_valid_rows",
    "check_categories_from_training",
    "check_input_table",
    "encode_fit",
    "encode",
    "encoded_space_types",
]

_HANDLE_UNKNOWN = ("error", "ignore")


@dataclass(frozen=True)
class FeatureTypes:
    """The type of every input column; indices are input column positions.

    Build it with :func:`infer_feature_types`. Every column is in exactly one of
    ``numeric``, ``binary``, ``categorical`` or one of the ``onehot_groups``.

    Attributes
    ----------
    names : tuple of str
        Input column names (``"x0"``, ``"x1"``, ... for arrays).
    numeric : tuple of int
        Real-valued columns.
    binary : tuple of int
        Columns with values in {0, 1} (bool columns, and numeric ones declared or detected).
    categorical : tuple of int
        Columns of labels, one-hot encoded by :class:`MixedTypeEncoder`.
    onehot_groups : tuple of tuple of int
        Groups of columns that already hold a one-hot encoding (exactly one 1 per row).

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.feature_types import infer_feature_types
    >>> X = np.array([[0.5, 1, 0, 1], [2.0, 0, 1, 0]])
    >>> types = infer_feature_types(X, onehot_groups=[[1, 2]])
    >>> types.numeric, types.binary, types.onehot_groups
    ((0,), (3,), ((1, 2),))
    """

    names: tuple[str, ...]
    numeric: tuple[int, ...]
    binary: tuple[int, ...]
    categorical: tuple[int, ...]
    onehot_groups: tuple[tuple[int, ...], ...]

    def kind(self, column: int) -> str:
        """``"numeric"``, ``"binary"``, ``"categorical"`` or ``"onehot"`` for an input column."""
        if column in self.categorical:
            return "categorical"
        if column in self.binary:
            return "binary"
        if any(column in group for group in self.onehot_groups):
            return "onehot"
        return "numeric"


# Column access: one code path for DataFrames and arrays --------------------------------


def _pandas():
    """The pandas module if the caller has imported it, else None (never imports it)."""
    return sys.modules.get("pandas")


def _is_frame(X) -> bool:
    pd = _pandas()
    return pd is not None and isinstance(X, pd.DataFrame)


def _as_table(X):
    """A DataFrame as is, anything else as a 2-D NumPy array (object if it mixes types)."""
    if _is_frame(X):
        return X
    if X is None:
        raise ValueError("X is None; pass a 2-D array or a pandas DataFrame.")
    if not hasattr(X, "dtype"):
        # A nested list mixing labels and numbers would become all strings.
        X = np.asarray(X) if np.asarray(X).dtype.kind not in "US" else np.asarray(X, object)
    # scikit-learn's own messages for sparse, complex, 1-D and empty input.
    return check_array(X, dtype=None, accept_sparse=False, ensure_all_finite=False)


def _names(X) -> tuple[str, ...]:
    if _is_frame(X):
        return tuple(str(c) for c in X.columns)
    return tuple(f"x{j}" for j in range(X.shape[1]))


def _column(X, j: int) -> np.ndarray:
    return X.iloc[:, j].to_numpy() if _is_frame(X) else X[:, j]


def _column_dtypes(X) -> list:
    return list(X.dtypes) if _is_frame(X) else [X.dtype] * X.shape[1]


def _missing(values: np.ndarray) -> np.ndarray:
    pd = _pandas()
    if pd is not None:
        return np.asarray(pd.isna(values), dtype=bool)
    if values.dtype.kind == "f":
        return np.isnan(values)
    if values.dtype.kind == "O":
        return np.array([v is None or v != v for v in values], dtype=bool)
    return np.zeros(values.shape, dtype=bool)


def _check_no_missing(values: np.ndarray, name: str) -> None:
    missing = _missing(values)
    if missing.any():
        raise ValueError(
            f"Column {name!r} has {int(missing.sum())} missing value(s) (first at row "
            f"{int(np.flatnonzero(missing)[0])}); pyod-synth refuses NaN: impute or drop them "
            "first."
        )


def _numeric(values: np.ndarray, name: str) -> np.ndarray:
    """A column as finite float64, or a ValueError naming it."""
    _check_no_missing(values, name)
    try:
        out = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"Column {name!r} is not numeric ({exc}); declare it in categorical=[...] or "
            "convert it to numbers."
        ) from exc
    if not np.isfinite(out).all():
        raise ValueError(f"Column {name!r} has infinite values; pyod-synth needs finite data.")
    return out


def _labels(values: np.ndarray, name: str) -> np.ndarray:
    """A categorical column as an object array of all-string or all-number labels."""
    _check_no_missing(values, name)
    out = np.asarray(values, dtype=object)
    is_str = np.array([isinstance(v, str) for v in out], dtype=bool)
    if is_str.any() and not is_str.all():
        raise ValueError(
            f"Categorical column {name!r} mixes strings and numbers; convert it to one type "
            f"first, e.g. df[{name!r}] = df[{name!r}].astype(str)."
        )
    return out


# Row validity: shared by the description, the encoder and the checks ---------------------


def _bad_onehot_rows(block: np.ndarray, allow_all_zero: bool) -> np.ndarray:
    """Rows of ``block`` that are not exactly one 1 among 0s (all-zero rows optionally ok)."""
    is_01 = ((block == 0) | (block == 1)).all(axis=1)
    n_ones = (block == 1).sum(axis=1)
    ok = is_01 & ((n_ones == 1) | (allow_all_zero & (n_ones == 0)))
    return ~ok


def _first_bad(bad: np.ndarray, values: np.ndarray) -> str:
    row = int(np.flatnonzero(bad)[0])
    return f"{int(bad.sum())} row(s), first row {row}: {values[row].tolist()}"


# The description ----------------------------------------------------------------------


def _resolve(spec, names: tuple[str, ...], what: str) -> tuple[int, ...]:
    """Column positions from a list of positions (or names, for a DataFrame)."""
    if isinstance(spec, (str, numbers.Integral)):
        raise ValueError(f"{what} must be a list of columns; got {spec!r}. Wrap it: [{spec!r}].")
    out = []
    for item in spec:
        if isinstance(item, str):
            if item not in names:
                raise ValueError(f"{what}: no column named {item!r}; columns are {list(names)}.")
            out.append(names.index(item))
        elif isinstance(item, numbers.Integral) and not isinstance(item, bool):
            if not 0 <= item < len(names):
                raise ValueError(
                    f"{what}: column index {item} is out of range for {len(names)} columns "
                    f"(valid: 0 to {len(names) - 1})."
                )
            out.append(int(item))
        else:
            raise ValueError(f"{what}: {item!r} is neither a column index nor a column name.")
    if len(set(out)) != len(out):
        raise ValueError(f"{what} names a column twice: {list(spec)}.")
    return tuple(out)


def _dtype_categorical(dtype) -> bool | None:
    """True for label dtypes, False for numeric/bool ones, None for anything else."""
    if isinstance(dtype, np.dtype):
        if dtype.kind in "biuf":
            return False
        return True if dtype.kind in "OUS" else None
    pd = _pandas()
    api = pd.api.types
    if isinstance(dtype, pd.CategoricalDtype) or api.is_string_dtype(dtype):
        return True
    return False if api.is_bool_dtype(dtype) or api.is_numeric_dtype(dtype) else None


def _is_bool_dtype(dtype) -> bool:
    if isinstance(dtype, np.dtype):
        return dtype.kind == "b"
    return bool(_pandas().api.types.is_bool_dtype(dtype))


def _auto_categorical(X, names) -> tuple[int, ...]:
    """Label-typed columns: dtype category/object/string for a DataFrame; for an object or
    string array, the columns holding strings."""
    found = []
    for j, dtype in enumerate(_column_dtypes(X)):
        is_label = _dtype_categorical(dtype)
        if is_label is None:
            raise ValueError(
                f"Column {names[j]!r} has dtype {dtype}, neither numeric nor categorical; "
                "convert it to numbers or to a 'category' dtype."
            )
        if is_label and (_is_frame(X) or any(isinstance(v, str) for v in _column(X, j))):
            found.append(j)
    return tuple(found)


def _check_disjoint(parts: dict[str, tuple[int, ...]], names) -> None:
    owner: dict[int, str] = {}
    for what, columns in parts.items():
        for j in columns:
            if j in owner:
                raise ValueError(
                    f"Column {names[j]!r} is declared twice ({owner[j]} and {what}); each "
                    "column has one type."
                )
            owner[j] = what


def _check_onehot_group(X, group, names) -> None:
    if len(group) < 2:
        raise ValueError(
            f"One-hot group {[names[j] for j in group]} has {len(group)} column; a group needs "
            "at least 2 (declare a single 0/1 column in binary=[...])."
        )
    block = np.column_stack([_numeric(_column(X, j), names[j]) for j in group])
    bad = _bad_onehot_rows(block, allow_all_zero=False)
    if bad.any():
        raise ValueError(
            f"One-hot group {[names[j] for j in group]} is not one-hot (each row needs exactly "
            f"one 1 and 0s elsewhere) in {_first_bad(bad, block)}."
        )


def _is_01(X, j, names) -> bool:
    return bool(np.isin(_numeric(_column(X, j), names[j]), (0.0, 1.0)).all())


def infer_feature_types(X, *, categorical="auto", binary="auto", onehot_groups=None):
    """Describe the columns of ``X`` as numeric, binary, categorical or one-hot groups.

    Parameters
    ----------
    X : pandas DataFrame or array-like of shape (n_samples, n_features)
        The training data. Nothing in it is modified.
    categorical : "auto" or list of int or str, default="auto"
        Columns of labels, to be one-hot encoded. ``"auto"``: for a DataFrame every column of
        dtype ``category``, ``object`` or string; for an array, the columns of an object or
        string array that hold strings (none for a numeric array). A list gives them by
        position (or by name, for a DataFrame); every column left out must convert to
        numbers.
    binary : "auto", None or list of int or str, default="auto"
        Numeric 0/1 columns. ``bool`` columns are always binary. ``"auto"``: also every other
        numeric column whose values all lie in {0, 1}, as Lau et al. do (a constant 0 or 1
        column included: projection keeps it constant, so it gives no synthetic row away).
        None: only the bool columns. A list: these columns (their values must be 0 or 1).
    onehot_groups : list of lists of int or str, optional
        Groups of columns that already hold a one-hot encoding: at least 2 columns each,
        exactly one 1 per row. They need not be adjacent.

    Returns
    -------
    FeatureTypes

    Raises
    ------
    ValueError
        For a bad or repeated column, a column declared twice, a declared group that is not
        one-hot, a declared binary column with other values, a column that is neither
        numeric nor categorical, or a missing value.

    Examples
    --------
    >>> import pandas as pd
    >>> from pyod_synth.feature_types import infer_feature_types
    >>> df = pd.DataFrame({"proto": pd.Categorical(["tcp", "udp"]), "urgent": [True, False],
    ...                    "bytes": [10.0, 20.0], "flag": [0, 1]})
    >>> types = infer_feature_types(df)
    >>> types.categorical, types.binary, types.numeric
    ((0,), (1, 3), (2,))
    >>> infer_feature_types(df, binary=None).binary
    (1,)
    """
    X = _as_table(X)
    names = _names(X)
    auto = _auto_categorical(X, names)
    cat = auto if _is_auto(categorical) else _resolve(categorical, names, "categorical")
    groups = tuple(_resolve(g, names, "onehot_groups") for g in (onehot_groups or ()))
    grouped = {j for g in groups for j in g}
    bools = {j for j, dtype in enumerate(_column_dtypes(X)) if _is_bool_dtype(dtype)}
    bools -= set(cat) | grouped
    declared = () if binary is None or _is_auto(binary) else _resolve(binary, names, "binary")
    declared = tuple(j for j in declared if j not in bools)
    parts = {"categorical": cat, "binary": declared}
    parts.update({f"onehot_groups[{i}]": g for i, g in enumerate(groups)})
    _check_disjoint(parts, names)
    for group in groups:
        _check_onehot_group(X, group, names)
    for j in cat:
        _labels(_column(X, j), names[j])
    rest = [j for j in range(len(names)) if j not in set(cat) | grouped | bools]
    is_01 = {j: _is_01(X, j, names) for j in rest}  # also checks every rest column is numeric
    for j in declared:
        if not is_01[j]:
            raise ValueError(
                f"Column {names[j]!r} is declared binary but has values other than 0 and 1."
            )
    if _is_auto(binary):
        declared = tuple(j for j in rest if is_01[j])
    binary_cols = tuple(sorted(bools | set(declared)))
    return FeatureTypes(
        names=names,
        numeric=tuple(j for j in rest if j not in binary_cols),
        binary=binary_cols,
        categorical=cat,
        onehot_groups=groups,
    )


def _is_auto(spec) -> bool:
    return isinstance(spec, str) and spec == "auto"


# The encoder --------------------------------------------------------------------------


class MixedTypeEncoder(TransformerMixin, BaseEstimator):
    """One-hot encode categorical columns, learn the encoded layout, project to valid rows.

    ``fit`` describes the columns (:func:`infer_feature_types`) and learns each categorical
    column's categories (a scikit-learn ``OneHotEncoder``, categories sorted). ``transform``
    gives a float64 matrix laid out in place: input columns in their order, each categorical
    column replaced at its position by one column per category. ``inverse_transform`` gives
    back the input's container, columns and dtypes.

    Parameters
    ----------
    categorical, binary, onehot_groups
        As in :func:`infer_feature_types`.
    handle_unknown : {"error", "ignore"}, default="error"
        What ``transform`` does with a value not seen in ``fit``. ``"error"``: a ValueError
        naming the column and the unseen values. ``"ignore"``: an unseen category is encoded
        as all zeros in its group (as ``OneHotEncoder(handle_unknown="ignore")`` does; no
        training row looks like that, so it is a meaningful anomaly signal), an all-zero row
        of a declared one-hot group is accepted, and a binary column's value other than 0
        and 1 is passed on as a number. ``inverse_transform`` turns an all-zero group into a
        missing value.

    Attributes
    ----------
    feature_types_ : FeatureTypes
        The input columns' types.
    categories_ : list of ndarray
        Per group (in the order of ``groups_``): a categorical column's categories, or a
        declared one-hot group's input column names.
    groups_ : list of ndarray of int
        Per one-hot group (categorical columns and declared groups, ordered by their first
        input column): the group's columns in the encoded matrix.
    binary_columns_ : ndarray of int
        Encoded columns holding 0/1 values.
    numeric_columns_ : ndarray of int
        Encoded real-valued columns.
    n_features_in_ : int
        Number of input columns.
    feature_names_in_ : ndarray of str
        Input column names; only when fitted on a DataFrame with string column names.

    See Also
    --------
    check_valid_rows, check_categories_from_training : conformance checks.

    Examples
    --------
    >>> import pandas as pd
    >>> from pyod_synth.feature_types import MixedTypeEncoder
    >>> df = pd.DataFrame({"bytes": [1.5, 2.0, 0.5],
    ...                    "proto": pd.Categorical(["tcp", "udp", "icmp"]),
    ...                    "urgent": [True, False, False]})
    >>> enc = MixedTypeEncoder().fit(df)
    >>> enc.get_feature_names_out().tolist()
    ['bytes', 'proto_icmp', 'proto_tcp', 'proto_udp', 'urgent']
    >>> enc.groups_, enc.binary_columns_, enc.numeric_columns_
    ([array([1, 2, 3])], array([4]), array([0]))
    >>> Xt = enc.transform(df)
    >>> Xt[0].tolist()
    [1.5, 0.0, 1.0, 0.0, 1.0]
    >>> enc.project_to_valid([[9.0, 0.2, 0.7, 0.1, 0.4]]).tolist()
    [[9.0, 0.0, 1.0, 0.0, 0.0]]
    >>> back = enc.inverse_transform(Xt)
    >>> back.equals(df)
    True
    """

    def __init__(self, categorical="auto", binary="auto", onehot_groups=None,
                 handle_unknown="error"):
        self.categorical = categorical
        self.binary = binary
        self.onehot_groups = onehot_groups
        self.handle_unknown = handle_unknown

    # skops (pyod-synth's model format) cannot save a pandas Index or CategoricalDtype, and
    # would not trust pandas types: the fitted column labels and dtypes are kept as plain
    # Python and NumPy values in the saved state, and rebuilt on load.
    def __getstate__(self):
        state = dict(super().__getstate__())  # a copy: the live object keeps its own
        if "_dtypes" in state:
            state["_dtypes"] = [_plain_dtype(dtype) for dtype in state["_dtypes"]]
            columns = state["_columns"]
            state["_columns"] = None if columns is None else _plain_labels(columns)
        return state

    def __setstate__(self, state):
        if "_dtypes" in state:
            state = dict(state, _dtypes=[_rebuilt_dtype(d) for d in state["_dtypes"]])
            columns = state["_columns"]
            if isinstance(columns, dict):  # an older pickled state holds the Index itself
                state["_columns"] = _rebuilt_labels(columns)
        super().__setstate__(state)

    def fit(self, X, y=None):
        """Learn the column types, the categories and the encoded layout.

        Parameters
        ----------
        X : pandas DataFrame or array-like of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self
        """
        if self.handle_unknown not in _HANDLE_UNKNOWN:
            raise ValueError(
                f"handle_unknown must be one of {_HANDLE_UNKNOWN}; got {self.handle_unknown!r}."
            )
        X = _as_table(X)
        types = infer_feature_types(X, categorical=self.categorical, binary=self.binary,
                                    onehot_groups=self.onehot_groups)
        self.feature_types_ = types
        validate_data(self, X, skip_check_array=True, reset=True)
        self._fitted_on_frame = _is_frame(X)
        self._columns = X.columns.copy() if self._fitted_on_frame else None
        self._dtypes = _column_dtypes(X)
        self._onehot = None
        learned = {}
        if types.categorical:
            self._onehot = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
            self._onehot.fit(self._label_matrix(X))
            learned = dict(zip(types.categorical, self._onehot.categories_, strict=True))
        self._learn_layout(types, learned)
        return self

    def _label_matrix(self, X) -> np.ndarray:
        names = self.feature_types_.names
        return np.column_stack(
            [_labels(_column(X, j), names[j]) for j in self.feature_types_.categorical]
        )

    def _learn_layout(self, types: FeatureTypes, learned: dict) -> None:
        slots, start = [], 0
        for j in range(len(types.names)):
            width = len(learned[j]) if j in learned else 1
            slots.append(np.arange(start, start + width))
            start += width
        self._slots, self._n_out = slots, start
        members = [(j,) for j in types.categorical] + list(types.onehot_groups)
        members.sort(key=min)
        self.groups_ = [np.concatenate([slots[j] for j in m]) for m in members]
        self.categories_ = [
            learned[m[0]] if m[0] in learned else np.array([types.names[j] for j in m], object)
            for m in members
        ]
        self._group_names = [
            repr(types.names[m[0]]) if m[0] in learned else f"{[types.names[j] for j in m]}"
            for m in members
        ]
        self.binary_columns_ = np.array([slots[j][0] for j in types.binary], dtype=np.intp)
        self.numeric_columns_ = np.array([slots[j][0] for j in types.numeric], dtype=np.intp)

    # encoding ----------------------------------------------------------------------

    def transform(self, X):
        """Encode ``X`` with the categories and layout learned in ``fit``.

        Parameters
        ----------
        X : pandas DataFrame or array-like of shape ``(n_samples, n_features_in_)``
            Same columns as in ``fit``.

        Returns
        -------
        ndarray of shape (n_samples, n_encoded) and dtype float64
        """
        return self._encode(X, self.handle_unknown)

    def _encode(self, X, handle_unknown: str) -> np.ndarray:
        check_is_fitted(self)
        X = _as_table(X)
        validate_data(self, X, skip_check_array=True, reset=False)
        types = self.feature_types_
        blocks = {}
        if types.categorical:
            labels = self._label_matrix(X)
            encoded = self._onehot.transform(labels)
            ends = np.cumsum([len(c) for c in self._onehot.categories_])[:-1]
            blocks = dict(zip(types.categorical, np.hsplit(encoded, ends), strict=True))
            if handle_unknown == "error":
                self._raise_on_unknown(labels, blocks)
        out = np.hstack([
            blocks[j] if j in blocks else _numeric(_column(X, j), types.names[j])[:, None]
            for j in range(self.n_features_in_)
        ])
        problem = self._first_invalid(
            out, allow_all_zero=handle_unknown == "ignore",
            check_binary=handle_unknown == "error",
        )
        if problem:
            raise ValueError(
                f"transform: {problem}. Fix the data, or pass handle_unknown='ignore' to "
                "accept all-zero groups and other binary values."
            )
        return out

    def _raise_on_unknown(self, labels: np.ndarray, blocks: dict) -> None:
        for k, j in enumerate(self.feature_types_.categorical):
            unseen = ~blocks[j].any(axis=1)
            if unseen.any():
                values = sorted({str(v) for v in labels[unseen, k]})
                raise ValueError(
                    f"Column {self.feature_types_.names[j]!r} has categories not seen in fit: "
                    f"{values[:10]}{' ...' if len(values) > 10 else ''} "
                    f"({int(unseen.sum())} row(s)). Pass handle_unknown='ignore' to encode them "
                    "as all zeros in their group."
                )

    def _first_invalid(self, Xt, *, allow_all_zero: bool, check_binary: bool = True):
        """A sentence on the first invalid group or binary column of ``Xt``, or None."""
        for name, columns in zip(self._group_names, self.groups_, strict=True):
            block = Xt[:, columns]
            bad = _bad_onehot_rows(block, allow_all_zero)
            if bad.any():
                return (
                    f"one-hot group {name} does not have exactly one 1 among 0s in "
                    f"{_first_bad(bad, block)}"
                )
        for column in self.binary_columns_ if check_binary else ():
            values = Xt[:, [column]]
            bad = ~np.isin(values[:, 0], (0.0, 1.0))
            if bad.any():
                name = self.feature_types_.names[self._input_of(column)]
                return f"binary column {name!r} is not 0 or 1 in {_first_bad(bad, values)}"
        return None

    def _input_of(self, encoded_column: int) -> int:
        return next(j for j, s in enumerate(self._slots) if encoded_column in s)

    def _encoded_array(self, Xt) -> np.ndarray:
        """``Xt`` as a finite float64 (n, n_encoded) array (a copy)."""
        check_is_fitted(self)
        arr = np.array(Xt, dtype=np.float64, copy=True)
        if arr.ndim != 2 or arr.shape[1] != self._n_out:
            raise ValueError(
                f"Encoded X must have shape (n_samples, {self._n_out}); got {arr.shape}."
            )
        if not np.isfinite(arr).all():
            raise ValueError("Encoded X has NaN or infinite values; pyod-synth refuses them.")
        return arr

    # projection --------------------------------------------------------------------

    def project_to_valid(self, Xt, random_state=None):
        """The nearest valid rows: each group one-hot, each binary column 0 or 1.

        A one-hot group becomes the one-hot of its largest entry; a binary column the
        nearer of 0 and 1 (a two-column group ``[1 - x, x]``); numeric columns are
        untouched. Ties (equal largest entries; a binary value of exactly 0.5) go to the
        first column of the group (to 0 for a binary column) when ``random_state`` is None,
        and to one of the tied columns drawn uniformly from ``random_state`` otherwise.

        Parameters
        ----------
        Xt : array-like or DataFrame of shape (n_samples, n_encoded)
            Encoded rows, e.g. a generator's output. Not modified.
        random_state : None, int or numpy Generator, default=None
            Only used to break ties.

        Returns
        -------
        ndarray of shape (n_samples, n_encoded), or a DataFrame with ``Xt``'s columns and
        index if ``Xt`` is one.

        Examples
        --------
        >>> import numpy as np
        >>> from pyod_synth.feature_types import MixedTypeEncoder
        >>> X = np.array([[1, 0, 0, 0.3], [0, 1, 1, 0.9], [0, 0, 1, 2.0]])
        >>> enc = MixedTypeEncoder(onehot_groups=[[0, 1]], binary=[2]).fit(X[:2])
        >>> a, b = enc.transform(X[:2])  # two valid rows
        >>> enc.project_to_valid([0.7 * a + 0.3 * b]).tolist()  # a's categories
        [[1.0, 0.0, 0.0, 0.48]]
        """
        out = self._encoded_array(Xt)
        rng = None if random_state is None else as_generator(random_state)
        for columns in self.groups_:
            out[:, columns] = _onehot_of_max(out[:, columns], rng)
        for column in self.binary_columns_:
            x = out[:, column]
            out[:, column] = _onehot_of_max(np.column_stack([1.0 - x, x]), rng)[:, 1]
        return _like(Xt, out)

    # decoding ----------------------------------------------------------------------

    def inverse_transform(self, Xt):
        """Decode valid rows to the input's container, columns and dtypes.

        A DataFrame comes back with the same columns, order and dtypes (a categorical
        dtype with the same categories; bool and integer columns as bool and integers when
        every value fits, float64 otherwise; float32 stays float32); an array comes back
        with the input array's dtype on the same rule. An all-zero group (an unseen category
        under ``handle_unknown="ignore"``) becomes a missing value.

        Parameters
        ----------
        Xt : array-like or DataFrame of shape (n_samples, n_encoded)
            Valid encoded rows; call :meth:`project_to_valid` first on generated rows.

        Returns
        -------
        DataFrame or ndarray of shape ``(n_samples, n_features_in_)``
        """
        arr = self._encoded_array(Xt)
        problem = self._first_invalid(arr, allow_all_zero=True)
        if problem:
            raise ValueError(
                f"inverse_transform needs valid rows, but {problem}; call "
                "project_to_valid(Xt) first."
            )
        columns = [self._decode_column(arr, j) for j in range(self.n_features_in_)]
        if self._fitted_on_frame:
            return self._frame(columns, Xt.index if _is_frame(Xt) else None)
        return _restore_array(columns, self._dtypes[0])

    def _decode_column(self, arr: np.ndarray, j: int) -> np.ndarray:
        if j not in self.feature_types_.categorical:
            return arr[:, self._slots[j][0]]
        block = arr[:, self._slots[j]]
        k = self.feature_types_.categorical.index(j)
        labels = self._onehot.categories_[k][block.argmax(axis=1)].astype(object)
        labels[~block.any(axis=1)] = np.nan
        return labels

    def _frame(self, columns, index):
        import pandas as pd

        series = [
            _restore_series(values, dtype, index)
            for values, dtype in zip(columns, self._dtypes, strict=True)
        ]
        frame = pd.DataFrame(dict(enumerate(series)), index=series[0].index)
        frame.columns = self._columns  # the fitted labels, whatever their type
        return frame

    def get_feature_names_out(self, input_features=None):
        """Encoded column names: ``"<column>_<category>"`` for a categorical column.

        Parameters
        ----------
        input_features : array-like of str, optional
            Input column names; default: those seen in ``fit`` (``x0``, ``x1``, ... for an
            array).

        Returns
        -------
        ndarray of str objects, shape (n_encoded,)
        """
        check_is_fitted(self)
        names = list(self.feature_types_.names if input_features is None else input_features)
        if len(names) != self.n_features_in_:
            raise ValueError(
                f"input_features has {len(names)} names; the encoder has "
                f"{self.n_features_in_} input columns."
            )
        out = []
        for j, name in enumerate(names):
            if j in self.feature_types_.categorical:
                k = self.feature_types_.categorical.index(j)
                out.extend(f"{name}_{c}" for c in self._onehot.categories_[k])
            else:
                out.append(str(name))
        return np.asarray(out, dtype=object)

    def discrete_mask(self) -> np.ndarray:
        """Boolean mask of the encoded columns that belong to a one-hot group or are binary.

        Generators keep their noise off these columns, so that after
        :meth:`project_to_valid` an interpolated row takes an endpoint's category.
        """
        check_is_fitted(self)
        mask = np.zeros(self._n_out, dtype=bool)
        for columns in self.groups_:
            mask[columns] = True
        mask[self.binary_columns_] = True
        return mask

    def decodes_to_labels(self) -> bool:
        """Whether decoded rows differ in container from a float64 array: the encoder was
        fitted on a DataFrame, or on an array with categorical columns."""
        check_is_fitted(self)
        return bool(self._fitted_on_frame or self.feature_types_.categorical)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.categorical = True
        tags.input_tags.string = True
        return tags


def _onehot_of_max(block: np.ndarray, rng) -> np.ndarray:
    """One-hot of each row's largest entry; ties to the first, or at random with ``rng``."""
    if rng is None:
        choice = block.argmax(axis=1)
    else:
        tied = block == block.max(axis=1, keepdims=True)
        choice = np.where(tied, rng.random(block.shape), -1.0).argmax(axis=1)
    out = np.zeros_like(block)
    out[np.arange(block.shape[0]), choice] = 1.0
    return out


def _like(template, arr: np.ndarray):
    """``arr`` in ``template``'s container: a DataFrame keeps its columns and index."""
    if _is_frame(template):
        return type(template)(arr, columns=template.columns, index=template.index)
    return arr


def _restore_numpy(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """``values`` as ``dtype``; bool and integers only when every value fits, else float64."""
    if dtype.kind not in "biu":
        return values.astype(dtype)
    as_float = values.astype(np.float64)
    if dtype.kind == "b":
        fits = np.isin(as_float, (0.0, 1.0)).all()
    else:
        info = np.iinfo(dtype)
        fits = (np.isfinite(as_float).all() and (as_float == np.round(as_float)).all()
                and as_float.min(initial=0) >= info.min and as_float.max(initial=0) <= info.max)
    return as_float.astype(dtype) if fits else as_float


def _plain_dtype(dtype):
    """A dtype as a NumPy dtype, a string or a dict of plain values: ``_rebuilt_dtype``
    inverts it."""
    if isinstance(dtype, np.dtype):
        return dtype
    pd = _pandas()
    if isinstance(dtype, pd.CategoricalDtype):
        return {"categories": _plain_labels(dtype.categories), "ordered": bool(dtype.ordered)}
    return str(dtype)  # a pandas extension dtype's name ("Int64", "boolean", "str", ...)


def _rebuilt_dtype(plain):
    if isinstance(plain, np.dtype):
        return plain
    pd = _pandas()
    if isinstance(plain, dict):
        return pd.CategoricalDtype(_rebuilt_labels(plain["categories"]), plain["ordered"])
    return pd.api.types.pandas_dtype(plain)


def _plain_labels(index) -> dict:
    """An Index as a list of Python values and its dtype's name."""
    return {"values": index.tolist(), "dtype": str(index.dtype)}


def _rebuilt_labels(plain):
    pd = _pandas()
    return pd.Index(plain["values"], dtype=plain["dtype"], tupleize_cols=False)


def _restore_series(values: np.ndarray, dtype, index):
    pd = _pandas()
    if isinstance(dtype, np.dtype):
        restored = _restore_numpy(values, dtype)
        # An explicit dtype, or pandas would turn an object column of strings into 'str'.
        return pd.Series(restored, index=index, dtype=restored.dtype)
    series = pd.Series(values, index=index, dtype=values.dtype)
    try:
        return series.astype(dtype)
    except (TypeError, ValueError):
        # A nullable integer or boolean column receiving fractional values.
        return series.astype(np.float64)


def _restore_array(columns, dtype: np.dtype) -> np.ndarray:
    if dtype.kind in "biuf":
        return _restore_numpy(np.column_stack(columns).astype(np.float64), dtype)
    # A string array gets the width its values need, not the input's (which would cut them).
    target = dtype.kind if dtype.kind in "US" else dtype
    return np.column_stack([np.asarray(c, dtype=object) for c in columns]).astype(target)


# Encoding for estimators: one entry point for generators, detectors and the sampler ----


def check_input_table(X):
    """A DataFrame, or an array holding strings, as is (the encoder describes its columns);
    anything else checked by ``check_X`` (a finite 2-D float64 array, or its clear errors:
    NaN, inf, 1-D input, a value that is not a number)."""
    if _is_frame(X) or X is None:
        return X
    try:
        arr = X if hasattr(X, "dtype") else np.asarray(X, dtype=object)
    except (TypeError, ValueError):
        return check_X(X)
    if arr.dtype.kind in "US":
        return X
    if arr.dtype.kind == "O" and any(isinstance(v, str) for v in np.ravel(arr)):
        return X
    return check_X(X)


def encode_fit(encoder: MixedTypeEncoder, X) -> np.ndarray:
    """Fit ``encoder`` on ``X`` and return the encoded rows (finite float64, a new array).

    A numeric array is checked as every pyod-synth input is (``check_X``: NaN, inf, shape),
    a DataFrame or an array of labels by the encoder (missing values are an error naming the
    column).
    """
    X = check_input_table(X)
    return check_X(encoder.fit(X).transform(X))


def encode(encoder: MixedTypeEncoder, X) -> np.ndarray:
    """Encode rows with a fitted ``encoder``: the same columns as in ``fit`` (a DataFrame with
    other columns is an error naming them), unseen categories as ``handle_unknown`` says."""
    return check_X(encoder.transform(check_input_table(X)))


def encoded_space_types(encoder: MixedTypeEncoder) -> MixedTypeEncoder:
    """An unfitted encoder that declares a fitted ``encoder``'s output layout.

    Fitted on ``encoder.transform(X)``, it encodes that matrix as itself and knows its one-hot
    groups and binary columns, so a generator fitted on encoded rows projects them the same
    way. A group of one column (a category that was alone in training) is declared binary.
    It keeps ``encoder.handle_unknown``: under "ignore", an all-zero group (an unseen
    category) is accepted.
    """
    check_is_fitted(encoder)
    groups = [g.tolist() for g in encoder.groups_ if len(g) > 1]
    singles = [int(g[0]) for g in encoder.groups_ if len(g) == 1]
    binary = sorted(encoder.binary_columns_.tolist() + singles)
    return MixedTypeEncoder(categorical=[], binary=binary, onehot_groups=groups or None,
                            handle_unknown=encoder.handle_unknown)


# Conformance checks -------------------------------------------------------------------


def _encoded_for_check(encoder: MixedTypeEncoder, X) -> np.ndarray:
    """Encoded rows, or an AssertionError saying why they are not (wrong width, NaN, an
    unseen category in a DataFrame of input columns, which is encoded first)."""
    try:
        if _is_frame(X):
            return encoder._encode(X, handle_unknown="error")
        return encoder._encoded_array(X)
    except ValueError as exc:
        raise AssertionError(f"Rows are not valid for the fitted encoder: {exc}") from exc


def check_valid_rows(encoder: MixedTypeEncoder, X_encoded) -> None:
    """Assert that every row is valid: each one-hot group exactly one 1, binary in {0, 1}.

    Parameters
    ----------
    encoder : MixedTypeEncoder
        Fitted.
    X_encoded : array-like of shape (n_samples, n_encoded), or DataFrame of input columns
        Rows to check, e.g. a generator's output in the encoded space. A DataFrame in the
        input columns (e.g. ``fit_resample``'s output) is encoded first.

    Raises
    ------
    AssertionError
        Naming the first invalid group or binary column and its first bad row.

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.feature_types import MixedTypeEncoder, check_valid_rows
    >>> enc = MixedTypeEncoder(onehot_groups=[[0, 1]]).fit([[1, 0], [0, 1]])
    >>> check_valid_rows(enc, [[0.0, 1.0]])  # silent when valid
    >>> check_valid_rows(enc, [[0.6, 0.4]])
    Traceback (most recent call last):
    ...
    AssertionError: check_valid_rows: one-hot group ['x0', 'x1'] does not have exactly one 1 \
among 0s in 1 row(s), first row 0: [0.6, 0.4]; project generated rows with \
encoder.project_to_valid.
    """
    problem = encoder._first_invalid(_encoded_for_check(encoder, X_encoded),
                                     allow_all_zero=False)
    if problem:
        raise AssertionError(
            f"check_valid_rows: {problem}; project generated rows with "
            "encoder.project_to_valid."
        )


def check_categories_from_training(encoder: MixedTypeEncoder, X_train, X_new) -> None:
    """Assert that ``X_new`` uses only categories (and binary values) seen in ``X_train``.

    Parameters
    ----------
    encoder : MixedTypeEncoder
        Fitted on ``X_train``.
    X_train, X_new : array-like of shape (n_samples, n_encoded), or DataFrames of input
        columns
        Valid rows (see :func:`check_valid_rows`). ``X_new`` may only set a group column
        that some training row sets, and give a binary column only values it has in training.

    Raises
    ------
    AssertionError
        Naming the column and the category that training never had.

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.feature_types import (MixedTypeEncoder,
    ...                                       check_categories_from_training)
    >>> X = np.array([[1, 0, 0], [0, 1, 0]])  # the third category never occurs
    >>> enc = MixedTypeEncoder(onehot_groups=[[0, 1, 2]]).fit(X)
    >>> check_categories_from_training(enc, X, [[0, 1, 0]])  # silent
    >>> check_categories_from_training(enc, X, [[0, 0, 1]])
    Traceback (most recent call last):
    ...
    AssertionError: check_categories_from_training: column 'x2' is 1 in 1 generated row(s) \
but never in training.
    """
    train = _encoded_for_check(encoder, X_train)
    new = _encoded_for_check(encoder, X_new)
    names = encoder.get_feature_names_out()
    watched = np.concatenate([*encoder.groups_, encoder.binary_columns_])
    for column in watched:
        for value in (0.0, 1.0):
            n_new = int((new[:, column] == value).sum())
            if n_new and not (train[:, column] == value).any():
                raise AssertionError(
                    f"check_categories_from_training: column {names[column]!r} is "
                    f"{value:g} in {n_new} generated row(s) but never in training."
                )
