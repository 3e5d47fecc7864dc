"""The known/unseen anomaly-type protocol: train with some types labeled, test on others.

Lau, Zhou et al. (2025) train on normal rows plus a few *known* anomaly types and test on
types the detector never saw (their evaluation protocol; the authors' code is
``mattlaued/Optimal-Classification-Based-Unsupervised-Anomaly-Detection``). This module
holds that protocol and its metrics:

* :func:`known_unseen_split`: a :class:`~pyod_synth.typed_datasets.TypedDataset` ->
  :class:`KnownUnseenSplit` (training rows = normals + labeled known types; test rows =
  normals + known and unseen types, each row with its type);
* :func:`per_type_scores`: AUPR and AUCROC of every type against the test normals,
  summarised for known and unseen types separately;
* ``PRESETS`` / :func:`preset_split`: Lau et al.'s splits of NSL-KDD, Thyroid, Arrhythmia;
* :func:`adbench_cross_type_split` / :func:`cross_type_pairs`: ADBench datasets with
  labeled anomalies of one realistic synthetic type and test anomalies of another;
* :func:`lau_preprocess`: Lau et al.'s encoding (one-hot groups first, then the other
  columns, min-max scaled on the training rows), for reproducing their numbers until the
  library's own feature-type encoding consumes the DataFrames directly.

The splits keep DataFrames with categorical dtypes: nothing is one-hot encoded here.
"""

from __future__ import annotations

import numbers
import warnings
from dataclasses import dataclass, replace
from math import ceil
from types import MappingProxyType

import numpy as np

from pyod_synth.typed_datasets import NORMAL, TypedDataset, load_typed_dataset
from pyod_synth.validation import as_generator, check_fraction, fit_min_max_scaler

IMPUTE_OPTIONS = ("train_mean", None)
UNLABELED = "unlabeled"  # type of an ADBench training row whose truth the split hides


@dataclass(frozen=True, eq=False)
class KnownUnseenSplit:
    """Training and test data of one known/unseen task.

    Attributes
    ----------
    name : str
    X_train : pandas.DataFrame or ndarray
        Rows keep the dataset's column dtypes (categoricals stay categorical) and, for a
        typed dataset, its row index.
    y_train : ndarray of int64
        1 = labeled anomaly of a known type, 0 = normal (or unlabeled).
    types_train : ndarray of str
    X_test : pandas.DataFrame or ndarray
    y_test : ndarray of int64
        The truth: 1 = anomaly of any type, 0 = normal.
    types_test : ndarray of str
        ``"normal"`` or the anomaly type of every test row.
    known, unseen : tuple of str
        The known (labeled in training) and unseen anomaly types.
    """

    name: str
    X_train: object
    y_train: np.ndarray
    types_train: np.ndarray
    X_test: object
    y_test: np.ndarray
    types_test: np.ndarray
    known: tuple[str, ...]
    unseen: tuple[str, ...]

    def per_type_scores(self, scores) -> PerTypeScores:
        """:func:`per_type_scores` of test-set anomaly scores, with this split's known types."""
        return per_type_scores(self.y_test, self.types_test, scores, known=self.known)


# ---------------------------------------------------------------------------------------
# The protocol on typed datasets
# ---------------------------------------------------------------------------------------


def known_unseen_split(dataset: TypedDataset, known, *, unseen=None, known_share=1.0,
                       test_size=0.2, random_state=None,
                       impute="train_mean") -> KnownUnseenSplit:
    """Lau et al.'s known/unseen protocol on a typed dataset.

    Training rows are the normals and the known types of the training part; test rows are
    the normals and the known and unseen types of the test part. **Training rows of other
    types (the unseen ones included) are dropped**, as Lau et al. do: the training set is
    normal + known, never contaminated.

    The parts are the dataset's official split (NSL-KDD, Thyroid). Without one
    (Arrhythmia), Lau et al.'s rule applies: the normals are split with
    ``train_test_split(test_size=test_size, random_state=...)``, **every** row of a known
    type goes to training and every row of an unseen type to the test, so the test holds
    no known type.

    Parameters
    ----------
    dataset : TypedDataset
        From :func:`pyod_synth.typed_datasets.load_typed_dataset`.
    known : sequence of str
        Anomaly types labeled in training (may be empty: the unsupervised setting).
    unseen : sequence of str, default=None
        Anomaly types in the test only; None = every type not in ``known``. Types in
        neither are dropped everywhere.
    known_share : float in (0, 1], default=1.0
        Share of each known type's training rows that are kept and labeled:
        ``ceil(known_share * n)`` rows drawn without replacement; the others are dropped.
    test_size : float, default=0.2
        Test share of the normals of a dataset without an official split.
    random_state : int, Generator or None, default=None
        Draws the known share and, without an official split, the normals' split (an int
        is handed to scikit-learn's ``train_test_split`` as is, so Arrhythmia with 42
        splits the normals as Lau et al.'s code does).
    impute : {"train_mean", None}, default="train_mean"
        Missing values (Arrhythmia's ``?``) of the training and test rows become the mean
        of their column over the **training rows**, as Lau et al. do; None leaves NaN (the
        rest of pyod-synth refuses NaN, so impute it yourself then).

    Returns
    -------
    KnownUnseenSplit

    Examples
    --------
    >>> from pyod_synth.typed_datasets import load_typed_dataset
    >>> data = load_typed_dataset("nsl-kdd", "/data/lau2025")  # doctest: +SKIP
    >>> task = known_unseen_split(data, ["R2L", "U2R"])  # doctest: +SKIP
    >>> task.unseen, int(task.y_train.sum())  # doctest: +SKIP
    (('DoS', 'Probe'), 220)
    """
    known, unseen = _check_types(dataset, known, unseen)
    share = check_fraction(known_share, "known_share", allow_zero=False, allow_one=True)
    if impute not in IMPUTE_OPTIONS:
        raise ValueError(f"impute must be one of {IMPUTE_OPTIONS}; got {impute!r}.")
    rng = as_generator(random_state)
    in_train, in_test = _parts(dataset, known, unseen, test_size, random_state, rng)
    types = dataset.anomaly_type
    train = in_train & (np.isin(types, known) | (types == NORMAL))
    test = in_test & (np.isin(types, known + unseen) | (types == NORMAL))
    train = _keep_share(train, types, known, share, rng)
    _check_nonempty(dataset.name, types, train, test, known)
    X_train, X_test = dataset.X.iloc[np.flatnonzero(train)], dataset.X.iloc[np.flatnonzero(test)]
    if impute == "train_mean":
        X_train, X_test = _impute_train_mean(X_train, X_test, dataset.name)
    return KnownUnseenSplit(
        name=f"{dataset.name}/{'+'.join(known) or 'none'}",
        X_train=X_train,
        y_train=np.isin(types[train], known).astype(np.int64),
        types_train=types[train],
        X_test=X_test,
        y_test=(types[test] != NORMAL).astype(np.int64),
        types_test=types[test],
        known=known,
        unseen=unseen,
    )


def _check_types(dataset, known, unseen) -> tuple[tuple[str, ...], tuple[str, ...]]:
    available = dataset.anomaly_types
    if isinstance(known, str) or (unseen is not None and isinstance(unseen, str)):
        raise ValueError(
            "known and unseen must be sequences of anomaly types, e.g. known=['R2L'], not "
            "a single string."
        )
    known = tuple(dict.fromkeys(str(t) for t in known))
    unseen = (tuple(t for t in available if t not in known) if unseen is None
              else tuple(dict.fromkeys(str(t) for t in unseen)))
    bad = [t for t in known + unseen if t not in available]
    if bad:
        raise ValueError(
            f"{dataset.name}: unknown anomaly type(s) {bad}; its types are {list(available)}."
        )
    both = sorted(set(known) & set(unseen))
    if both:
        raise ValueError(f"{dataset.name}: type(s) {both} cannot be both known and unseen.")
    if not unseen and not known:
        raise ValueError(f"{dataset.name}: give at least one known or unseen anomaly type.")
    return known, unseen


def _parts(dataset, known, unseen, test_size, random_state, rng):
    """Boolean masks of the rows eligible for training and for the test."""
    if dataset.part is not None:
        return dataset.part == "train", dataset.part == "test"
    from sklearn.model_selection import train_test_split

    seed = (int(random_state) if isinstance(random_state, numbers.Integral)
            else int(rng.integers(2**31 - 1)))
    normals = np.flatnonzero(dataset.anomaly_type == NORMAL)
    train_normals, _ = train_test_split(normals, test_size=test_size, random_state=seed)
    in_train = np.isin(dataset.anomaly_type, known)
    in_train[train_normals] = True
    return in_train, ~in_train


def _keep_share(train, types, known, share: float, rng) -> np.ndarray:
    if share == 1.0:
        return train
    train = train.copy()
    for kind in known:
        rows = np.flatnonzero(train & (types == kind))
        dropped = rng.choice(rows, len(rows) - ceil(share * len(rows)), replace=False)
        train[dropped] = False
    return train


def _check_nonempty(name, types, train, test, known) -> None:
    missing = [k for k in known if not (train & (types == k)).any()]
    if missing:
        raise ValueError(f"{name}: known type(s) {missing} have no training rows.")
    if not (test & (types == NORMAL)).any() or not (test & (types != NORMAL)).any():
        raise ValueError(f"{name}: the test part needs normal rows and anomalies.")


def _impute_train_mean(X_train, X_test, name):
    """Missing numeric values -> the column's mean over the training rows (Lau et al.)."""
    import pandas as pd

    columns = [c for c in X_train.columns
               if not isinstance(X_train[c].dtype, pd.CategoricalDtype)
               and (X_train[c].isna().any() or X_test[c].isna().any())]
    if not columns:
        return X_train, X_test
    means = X_train[columns].mean()
    empty = means.index[means.isna()].tolist()
    if empty:
        raise ValueError(
            f"{name}: column(s) {empty} have no value in the training rows, so there is no "
            "training mean to impute; drop them."
        )
    return X_train.fillna(means), X_test.fillna(means)


# ---------------------------------------------------------------------------------------
# Metrics per type
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class PerTypeScores:
    """Metrics of every anomaly type against the test normals, and their summaries.

    Attributes
    ----------
    per_type : pandas.DataFrame
        Indexed by type (known types first); columns ``role`` ("known" / "unseen"),
        ``n_anomalies``, ``n_normals``, ``aupr`` (``average_precision_score``), ``aucroc``
        and ``aupr_random`` (the type's prevalence among its rows: AUPR of random scores).
    summary : pandas.DataFrame
        Indexed by (role, how): ``how`` = ``"mean"`` (mean over the role's types) or
        ``"pooled"`` (all the role's anomalies at once against the normals); columns
        ``aupr``, ``aucroc``, ``n_types``, ``n_anomalies``.
    """

    per_type: object
    summary: object


def per_type_scores(y_test, types_test, scores, *, known=()) -> PerTypeScores:
    """AUPR and AUCROC of each anomaly type against the test normals.

    Parameters
    ----------
    y_test : array-like of shape (n_samples,)
        1 = anomaly, 0 = normal.
    types_test : array-like of str of shape (n_samples,)
        ``"normal"`` for every normal row, the anomaly type otherwise.
    scores : array-like of shape (n_samples,)
        Finite anomaly scores, higher = more anomalous.
    known : sequence of str, default=()
        The known types; every other type is unseen.

    Returns
    -------
    PerTypeScores

    Examples
    --------
    >>> import numpy as np
    >>> types = np.array(["normal", "normal", "DoS", "R2L"])
    >>> result = per_type_scores((types != "normal").astype(int), types,
    ...                          [0.1, 0.3, 0.9, 0.2], known=["R2L"])
    >>> result.per_type[["role", "aupr"]].round(2).to_dict("index")
    {'R2L': {'role': 'known', 'aupr': 0.5}, 'DoS': {'role': 'unseen', 'aupr': 1.0}}
    """
    import pandas as pd
    from sklearn.metrics import average_precision_score, roc_auc_score

    y, types, scores = _check_scored(y_test, types_test, scores)
    known = set(map(str, known))
    normal = types == NORMAL
    present = sorted(set(types[~normal].tolist()), key=lambda t: (t not in known, t))

    def metrics(anomalous: np.ndarray) -> dict:
        rows = normal | anomalous
        truth, score = anomalous[rows].astype(int), scores[rows]
        return {"n_anomalies": int(anomalous.sum()), "n_normals": int(normal.sum()),
                "aupr": float(average_precision_score(truth, score)),
                "aucroc": float(roc_auc_score(truth, score)),
                "aupr_random": float(truth.mean())}

    per_type = pd.DataFrame.from_dict(
        {t: {"role": "known" if t in known else "unseen", **metrics(types == t)}
         for t in present}, orient="index")
    per_type.index.name = "type"
    summary = {}
    for role in ("known", "unseen"):
        members = per_type[per_type["role"] == role]
        if members.empty:
            continue
        pooled = metrics(np.isin(types, members.index) & ~normal)
        summary[(role, "mean")] = {"aupr": members["aupr"].mean(),
                                   "aucroc": members["aucroc"].mean(),
                                   "n_types": len(members),
                                   "n_anomalies": int(members["n_anomalies"].sum())}
        summary[(role, "pooled")] = {"aupr": pooled["aupr"], "aucroc": pooled["aucroc"],
                                     "n_types": len(members),
                                     "n_anomalies": pooled["n_anomalies"]}
    summary = pd.DataFrame.from_dict(summary, orient="index")
    summary.index.names = ["role", "how"]
    return PerTypeScores(per_type=per_type, summary=summary)


def _check_scored(y_test, types_test, scores):
    y = np.asarray(y_test)
    types = np.asarray(types_test).astype(str)
    scores = np.asarray(scores, dtype=np.float64)
    if y.ndim != 1 or types.shape != y.shape or scores.shape != y.shape:
        raise ValueError(
            f"y_test, types_test and scores must be 1-D of one length; got shapes {y.shape}, "
            f"{types.shape}, {scores.shape}."
        )
    if not np.isfinite(scores).all():
        raise ValueError("scores must be finite; found NaN or infinite values.")
    if not np.array_equal(y == 1, types != NORMAL) or not np.isin(y, (0, 1)).all():
        raise ValueError(
            "y_test and types_test disagree: y_test must be 0 exactly where types_test is "
            f"{NORMAL!r} and 1 elsewhere."
        )
    if not (types == NORMAL).any() or (types == NORMAL).all():
        raise ValueError("per-type scores need test normals and at least one anomaly.")
    return y, types, scores


# ---------------------------------------------------------------------------------------
# Lau et al.'s splits
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownUnseenPreset:
    """One of Lau et al.'s known/unseen tasks (arguments of :func:`known_unseen_split`)."""

    dataset: str
    known: tuple[str, ...]
    unseen: tuple[str, ...] | None = None
    random_state: int | None = None
    note: str = ""


_KDD = ("DoS", "Probe", "R2L", "U2R")
PRESETS = MappingProxyType({
    "nsl-kdd/r2l+u2r": KnownUnseenPreset(
        "nsl-kdd", ("R2L", "U2R"),
        note="DoS and Probe unseen: the reading of Lau et al.'s reported 0.345 -> 0.793 "
             "(DoS) and 0.180 -> 0.649 (Probe). They train on the full KDDTrain+.txt "
             "(here 'nsl-kdd-full'); 'nsl-kdd' uses the official 20 % file."),
    **{f"nsl-kdd/{kind.lower()}": KnownUnseenPreset(
        "nsl-kdd", (kind,), note=f"{kind} known, the three other categories unseen.")
       for kind in _KDD},
    "thyroid-ann/hyperfunction": KnownUnseenPreset(
        "thyroid-ann", ("hyperfunction",), note="Subnormal unseen."),
    "thyroid-ann/subnormal": KnownUnseenPreset(
        "thyroid-ann", ("subnormal",), note="Hyperfunction unseen."),
    "arrhythmia/2+10+14": KnownUnseenPreset(
        "arrhythmia", ("2", "10", "14"), random_state=42,
        note="Lau et al.'s default: CAD, right BBB and LV hypertrophy known, every row of "
             "them in training; normals split 80/20 with random_state=42; the test holds "
             "the other nine classes only."),
})
"""Lau et al.'s known/unseen tasks by name (a read-only mapping)."""


def preset_split(name: str, data_dir=None, **overrides) -> KnownUnseenSplit:
    """Load the dataset of ``PRESETS[name]`` and split it; ``overrides`` go to the split.

    Examples
    --------
    >>> task = preset_split("thyroid-ann/subnormal", "/data/lau2025")  # doctest: +SKIP
    >>> task.known, task.unseen  # doctest: +SKIP
    (('subnormal',), ('hyperfunction',))
    """
    if name not in PRESETS:
        raise ValueError(f"Unknown known/unseen preset {name!r}; valid: {', '.join(PRESETS)}.")
    preset = PRESETS[name]
    options = {"unseen": preset.unseen, "random_state": preset.random_state, **overrides}
    split = known_unseen_split(load_typed_dataset(preset.dataset, data_dir), preset.known,
                               **options)
    return replace(split, name=name)


# ---------------------------------------------------------------------------------------
# ADBench cross-type tasks
# ---------------------------------------------------------------------------------------


def cross_type_pairs(include_dependency: bool | None = None) -> list[tuple[str, str]]:
    """Ordered (known, unseen) pairs of distinct ADBench realistic synthetic types.

    ``include_dependency=None`` includes the ``dependency`` type only when the copulas
    package it needs is installed, and warns when it is left out.
    """
    import importlib.util

    from pyod_synth.adbench.realistic_data import SYNTHETIC_MODES

    if include_dependency is None:
        include_dependency = importlib.util.find_spec("copulas") is not None
        if not include_dependency:
            warnings.warn(
                "copulas is not installed: the cross-type pairs leave out the 'dependency' "
                'type (pip install "pyod-synth[adbench]" to include it).', stacklevel=2)
    modes = [m for m in SYNTHETIC_MODES if include_dependency or m != "dependency"]
    return [(a, b) for a in modes for b in modes if a != b]


def adbench_cross_type_split(X, y, *, known_type: str, unseen_type: str, seed: int, la=1.0,
                             minmax=True, name="adbench", **split_options) -> KnownUnseenSplit:
    """Labeled anomalies of one ADBench realistic type, test anomalies of another.

    Built from two :func:`pyod_synth.adbench.split` calls with the same ``seed`` and the
    data replaced by ADBench's synthetic normals and anomalies (``realistic_synthetic_mode``):

    * training: the training part of the ``known_type`` split, exactly as ADBench returns
      it (``la`` of its anomalies labeled; with ``la < 1`` the others stay in training
      unlabeled, type ``"unlabeled"`` together with the normals since the split hides
      their truth);
    * test: the test part of the same split (its normals and its ``known_type``
      anomalies, so known-type metrics exist too) plus the test-part anomalies of the
      ``unseen_type`` split (fresh draws, never in training). Test normals therefore
      never overlap the training rows.
    * Both splits are left unscaled; then, with ``minmax``, a ``MinMaxScaler`` fitted on
      the training rows scales train and test (ADBench's convention).

    ``dependency`` needs copulas and keeps 50 random features of wider data, which a
    cross-type pair cannot line up with the other type's columns: a ValueError then.
    ``split_options`` go to both splits (``alpha``, ``percentage``, ...).

    Returns
    -------
    KnownUnseenSplit
        ndarrays; types are the mode names and ``"normal"``.
    """
    from pyod_synth.adbench.protocol import split
    from pyod_synth.adbench.realistic_data import SYNTHETIC_MODES

    for label, mode in (("known_type", known_type), ("unseen_type", unseen_type)):
        if mode not in SYNTHETIC_MODES:
            raise ValueError(f"{label} must be one of {SYNTHETIC_MODES}; got {mode!r}.")
    if known_type == unseen_type:
        raise ValueError(f"known_type and unseen_type must differ; both are {known_type!r}.")
    if "dependency" in (known_type, unseen_type) and np.shape(X)[1] > 50:
        raise ValueError(
            f"the 'dependency' type keeps 50 random features of data with more than 50 "
            f"({np.shape(X)[1]} here), so its rows cannot be paired with another type's; "
            "use a dataset with at most 50 features."
        )
    options = {**split_options, "minmax": False}
    with_known = split(X, y, seed, la, realistic_synthetic_mode=known_type, **options)
    with_unseen = split(X, y, seed, 0.0, realistic_synthetic_mode=unseen_type, **options)
    unseen_rows = with_unseen["X_test"][with_unseen["y_test"] == 1]
    X_train = with_known["X_train"]
    X_test = np.concatenate([with_known["X_test"], unseen_rows])
    y_test = np.concatenate([with_known["y_test"], np.ones(len(unseen_rows), dtype=np.int64)])
    if minmax:
        scaler = fit_min_max_scaler(X_train)
        X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    y_train = np.asarray(with_known["y_train"], dtype=np.int64)
    everything_labeled = isinstance(la, float) and la == 1.0
    types_test = np.where(y_test == 1, known_type, NORMAL).astype(object)
    types_test[len(with_known["y_test"]):] = unseen_type
    return KnownUnseenSplit(
        name=f"{name}/{known_type}->{unseen_type}/seed{seed}",
        X_train=X_train,
        y_train=y_train,
        types_train=np.where(y_train == 1, known_type,
                             NORMAL if everything_labeled else UNLABELED).astype(object),
        X_test=X_test,
        y_test=y_test,
        types_test=types_test,
        known=(known_type,),
        unseen=(unseen_type,),
    )


# ---------------------------------------------------------------------------------------
# Lau et al.'s preprocessing
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class EncodedSplit:
    """A split encoded as Lau et al. encode it (see :func:`lau_preprocess`).

    Attributes
    ----------
    X_train, X_test : ndarray of float64
    feature_names : list of str
        ``"column=category"`` for one-hot columns, then the other column names.
    one_hot_groups : tuple of tuple of int
        Column indices of each categorical column's one-hot group (the generator draws
        one category per group).
    scaler : sklearn.preprocessing.MinMaxScaler
        Fitted on the training rows.
    """

    X_train: np.ndarray
    X_test: np.ndarray
    feature_names: list
    one_hot_groups: tuple
    scaler: object


def lau_preprocess(split: KnownUnseenSplit) -> EncodedSplit:
    """Lau et al.'s preprocessing: one-hot groups first, then min-max scaling.

    Every categorical column becomes one 0/1 column per category of its dtype (the
    categories of train and test together, in dtype order); the one-hot groups come first,
    in column order, then the other columns in frame order. A ``MinMaxScaler`` fitted on
    the training rows (normals + known anomalies, as Lau et al. fit it before their
    validation split) scales every column, so test values may leave [0, 1].

    This is here to reproduce their numbers; pyod-synth's generators and detectors are to
    consume the DataFrames with categorical dtypes directly.
    """
    import pandas as pd

    frames = (split.X_train, split.X_test)
    if not all(isinstance(X, pd.DataFrame) for X in frames):
        raise ValueError("lau_preprocess needs a split of DataFrames (a typed dataset's).")
    X_train, X_test = frames
    categorical = [c for c in X_train.columns
                   if isinstance(X_train[c].dtype, pd.CategoricalDtype)]
    other = [c for c in X_train.columns if c not in categorical]
    strings = [c for c in other if not pd.api.types.is_numeric_dtype(X_train[c])
               and not pd.api.types.is_bool_dtype(X_train[c])]
    if strings:
        raise ValueError(f"columns {strings} are neither numeric nor categorical; give them "
                         "a category dtype (X[c] = X[c].astype('category')).")
    blocks = [_encode(X, categorical, other) for X in frames]
    if any(np.isnan(block).any() for block in blocks):
        raise ValueError("the split has missing values; build it with impute='train_mean'.")
    scaler = fit_min_max_scaler(blocks[0])
    names, groups, start = [], [], 0
    for column in categorical:
        categories = list(X_train[column].cat.categories)
        names += [f"{column}={c}" for c in categories]
        groups.append(tuple(range(start, start + len(categories))))
        start += len(categories)
    return EncodedSplit(
        X_train=scaler.transform(blocks[0]),
        X_test=scaler.transform(blocks[1]),
        feature_names=names + other,
        one_hot_groups=tuple(groups),
        scaler=scaler,
    )


def _encode(X, categorical, other) -> np.ndarray:
    import pandas as pd

    one_hot = [pd.get_dummies(X[c], dtype=np.float64).to_numpy() for c in categorical]
    return np.hstack([*one_hot, X[other].to_numpy(dtype=np.float64, na_value=np.nan)])
