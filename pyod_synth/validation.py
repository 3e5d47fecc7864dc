"""Input checks shared by generators, the Augmented detector and the sampler.

Every error says what was wrong and what to do about it.
"""

from __future__ import annotations

import numbers
import os
from collections.abc import Collection
from decimal import Decimal

import numpy as np
from sklearn.utils import check_array


def check_X(X, *, name: str = "X") -> np.ndarray:
    """A finite, non-empty 2-D float64 array (the caller's array is never modified)."""
    if X is None:
        raise ValueError(f"{name} is None; pass a 2-D array of shape (n_samples, n_features).")
    try:
        return check_array(
            X,
            dtype=np.float64,
            ensure_2d=True,
            ensure_all_finite=True,
            ensure_min_samples=1,
            ensure_min_features=1,
            input_name=name,
        )
    except ValueError as exc:
        if str(exc).startswith("Complex data not supported"):
            # scikit-learn's message prints the whole array after its first line, which
            # is kept: scikit-learn's estimator checks look for it.
            raise ValueError(
                f"Complex data not supported: {name} holds complex numbers; pass "
                f"{name}.real or np.abs({name}), or put the real and imaginary parts in "
                "separate columns."
            ) from None
        raise ValueError(
            f"{exc} pyod-synth needs a non-empty, finite, numeric 2-D array of shape "
            "(n_samples, n_features): impute or drop NaN/inf values and reshape 1-D data "
            "with X.reshape(-1, 1)."
        ) from exc


FLOAT32_MAX = float(np.finfo(np.float32).max)
FLOAT64_ARITHMETIC_MAX = 1e150
"""Largest magnitude the float64 generators and detectors take: squared differences of such
values, summed over many columns, stay below float64's 1.8e308 (distances, variances)."""
FLOAT64_RANGE_MAX = float(np.finfo(np.float64).max) / 2
"""Largest magnitude whose column range (max - min) is still a finite float64."""

RESCALE_ADVICE = (
    "Rescale the features first, e.g. divide the large columns by a power of ten or take "
    "logs, then sklearn.preprocessing.MinMaxScaler or StandardScaler."
)


def check_value_range(X: np.ndarray, limit: float, problem: str) -> None:
    """Refuse values beyond ``limit`` in magnitude before anything computes with them.

    ``problem`` says who cannot take them and why ("too large for X: ..."); the message adds
    the largest value, the columns holding such values and how to rescale. One check for
    every range a part of pyod-synth cannot represent: float32 models, float64 arithmetic,
    min-max scaling.
    """
    if not X.size:
        return
    largest_per_column = np.max(np.abs(X), axis=0)
    beyond = np.flatnonzero(largest_per_column > limit)
    if beyond.size:
        columns = beyond[:10].tolist() + (["..."] if beyond.size > 10 else [])
        raise ValueError(
            f"X holds values up to {float(largest_per_column.max()):.3g} in magnitude (in "
            f"column(s) {columns}), {problem}. {RESCALE_ADVICE}"
        )


def check_float32_range(X: np.ndarray, who: str) -> None:
    """Refuse values beyond float32's range, which ``who`` computes in.

    Cast to float32 they would become inf, and the scores NaN or one constant, silently.
    """
    check_value_range(X, FLOAT32_MAX, f"beyond float32's range (±{FLOAT32_MAX:.1e}), in "
                                      f"which {who} computes: they would become inf")


def check_float64_range(X: np.ndarray, who: str) -> None:
    """Refuse values whose squared differences overflow float64 in ``who``."""
    check_value_range(X, FLOAT64_ARITHMETIC_MAX,
                      f"too large for {who}: its differences and squared distances would "
                      f"overflow float64 (limit ±{FLOAT64_ARITHMETIC_MAX:.0e})")


def fit_min_max_scaler(X):
    """A ``MinMaxScaler`` fitted on ``X``, refusing columns whose range overflows.

    scikit-learn would scale such a column by 1/inf and return it as zeros, with a warning.
    """
    from sklearn.preprocessing import MinMaxScaler

    X = np.asarray(X)
    if np.issubdtype(X.dtype, np.floating):
        check_value_range(X, FLOAT64_RANGE_MAX,
                          f"too large for MinMaxScaler: max - min overflows float64 (limit "
                          f"±{FLOAT64_RANGE_MAX:.1e}) and the column would be scaled to zeros")
    return MinMaxScaler().fit(X)


def check_labels(y, n_samples: int) -> np.ndarray:
    """y as a boolean mask of labeled anomalies; None means every row is unlabeled.

    The convention is ADBench's and PyOD's: 1 = labeled anomaly, 0 = unlabeled row
    (normal, or an anomaly nobody labeled).
    """
    if y is None:
        return np.zeros(n_samples, dtype=bool)
    y_arr = np.asarray(y)
    if y_arr.ndim == 2 and y_arr.shape[1] == 1:
        y_arr = y_arr[:, 0]
    if y_arr.ndim != 1:
        raise ValueError(
            f"y must be 1-D with one label per row of X; got shape {y_arr.shape}."
        )
    if y_arr.shape[0] != n_samples:
        raise ValueError(
            f"y has {y_arr.shape[0]} labels but X has {n_samples} rows; pass one label per "
            "row (1 = labeled anomaly, 0 = unlabeled)."
        )
    if y_arr.dtype == bool:
        return y_arr.copy()
    if not np.issubdtype(y_arr.dtype, np.number):
        # "Unknown label type" is scikit-learn's wording for this, which its checks expect.
        raise ValueError(
            f"Unknown label type: y must be numeric 0/1 labels (1 = labeled anomaly, "
            f"0 = unlabeled); got dtype {y_arr.dtype}."
        )
    bad = ~np.isin(y_arr, (0, 1))
    if bad.any():
        examples = np.unique(y_arr[bad])[:5].tolist()
        raise ValueError(
            f"y may only contain 0 (unlabeled) and 1 (labeled anomaly); found {examples}. "
            "Map your labels to 0/1 first, e.g. y = (labels == anomaly_label).astype(int)."
        )
    return y_arr == 1


def check_training_data(X, y=None) -> tuple[np.ndarray, np.ndarray]:
    """Validated ``(X, anomaly_mask)`` for fitting."""
    X_checked = check_X(X)
    return X_checked, check_labels(y, X_checked.shape[0])


ALL_ANOMALIES_FIX = ("Pass y with 0 for the normal or unlabeled rows (only labeled anomalies "
                     "are 1), or y=None if no row is labeled.")


def check_not_all_anomalies(is_anomaly: np.ndarray, name: str, needs: str) -> None:
    """A ValueError when y labels every row an anomaly; ``needs`` says why ``name`` cannot."""
    if is_anomaly.size and is_anomaly.all():
        raise ValueError(
            f"{name} {needs}, but y has one class only: it labels every row as an anomaly "
            f"(y == 1) and none 0 (normal/unlabeled). {ALL_ANOMALIES_FIX}"
        )


def check_both_labels(is_anomaly: np.ndarray, name: str) -> None:
    """A ValueError unless at least one row is labeled 1 and one labeled 0."""
    check_not_all_anomalies(is_anomaly, name, "learns from labels and needs rows of both kinds")
    if not is_anomaly.any():
        raise ValueError(
            f"{name} learns from labels and needs rows of both kinds, but y has one class "
            "only: no row labeled 1 (anomaly). Label some anomalies, or wrap the detector in "
            "pyod_synth.Augmented to add synthetic ones."
        )


def check_n_features(X: np.ndarray, n_features_in: int, name: str) -> None:
    """A ValueError when ``X`` does not have the training number of columns."""
    if X.shape[1] != n_features_in:
        raise ValueError(
            f"X has {X.shape[1]} features, but {name} was fitted with {n_features_in}; pass "
            "rows with the training columns, in the same order."
        )


def check_n_samples(n_samples) -> int:
    """A non-negative Python int."""
    if isinstance(n_samples, bool) or not isinstance(n_samples, numbers.Integral):
        raise ValueError(
            f"n_samples must be a non-negative integer; got {n_samples!r} "
            f"({type(n_samples).__name__})."
        )
    if n_samples < 0:
        raise ValueError(f"n_samples must be >= 0; got {n_samples}.")
    return int(n_samples)


MAX_SYNTHETIC_BYTES_ENV = "PYOD_SYNTH_MAX_SYNTHETIC_BYTES"
DEFAULT_MAX_SYNTHETIC_BYTES = 4 * 2**30
"""Largest synthetic block drawn at once (float64 rows), unless ``$PYOD_SYNTH_MAX_SYNTHETIC_BYTES``
says otherwise: a mistyped count (``1.5e9`` read as a fraction, ``10**12``) is refused
instead of one allocation that swaps or kills the machine."""


def max_synthetic_bytes() -> int:
    """The synthetic-size limit in bytes: ``$PYOD_SYNTH_MAX_SYNTHETIC_BYTES`` or 4 GiB."""
    text = os.environ.get(MAX_SYNTHETIC_BYTES_ENV, "").strip()
    if not text:
        return DEFAULT_MAX_SYNTHETIC_BYTES
    try:
        limit = int(float(text))
    except (ValueError, OverflowError):
        limit = -1
    if limit <= 0:
        raise ValueError(f"{MAX_SYNTHETIC_BYTES_ENV} must be a positive number of bytes, such "
                         f"as 17179869184 (16 GiB) or 1.6e10; got {text!r}.")
    return limit


def _large(number: Decimal, small: str) -> str:
    """A number for a message: in the ``small`` format, or three significant digits if huge."""
    return format(number, small) if number < 10**15 else f"{number:.3g}"


def byte_size(n_bytes) -> str:
    """``n_bytes`` in binary units with one decimal, e.g. "21.8 TiB" (any size, no overflow)."""
    units = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")
    power = 0
    while n_bytes >= 1024 ** (power + 1) and power < len(units) - 1:
        power += 1
    return f"{_large(Decimal(n_bytes) / 1024**power, '.1f')} {units[power]}"


def check_synthetic_size(n_samples: int, n_features: int, who: str) -> None:
    """Refuse, before drawing, a synthetic block larger than :func:`max_synthetic_bytes`."""
    needed, limit = int(n_samples) * int(n_features) * 8, max_synthetic_bytes()
    if needed > limit:
        raise ValueError(
            f"{who}: {_large(Decimal(int(n_samples)), ',')} synthetic rows x {n_features} "
            f"columns need {byte_size(needed)} (float64) at once, above the limit of "
            f"{byte_size(limit)}. "
            "Ask for fewer rows (n_synthetic, n_samples, sample -n; a float n_synthetic is a "
            "fraction of the training rows), or, if the machine has the memory, raise the "
            f"limit with the environment variable {MAX_SYNTHETIC_BYTES_ENV} (bytes)."
        )


def as_generator(random_state) -> np.random.Generator:
    """A local ``numpy.random.Generator``; the global NumPy RNG is never read or seeded.

    ``None`` gives fresh OS entropy; an int or SeedSequence seeds a new generator; a
    Generator is used as is (and advanced); a RandomState seeds a new generator from
    one draw of it.
    """
    if isinstance(random_state, np.random.Generator):
        return random_state
    if isinstance(random_state, np.random.RandomState):
        return np.random.default_rng(random_state.randint(0, 2**31 - 1))
    if random_state is None or isinstance(random_state, np.random.SeedSequence):
        return np.random.default_rng(random_state)
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        if random_state < 0:
            raise ValueError(f"random_state must be >= 0; got {random_state}.")
        return np.random.default_rng(int(random_state))
    raise ValueError(
        f"random_state must be None, a non-negative int, a numpy Generator, SeedSequence "
        f"or RandomState; got {random_state!r}."
    )


# Parameter checks of generators and detectors (called from fit, never __init__) --------


def check_positive_int(value, name: str, minimum: int = 1) -> int:
    """A Python int >= ``minimum``, or a ValueError naming the parameter."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}.")
    return int(value)


def check_fraction(value, name: str, *, allow_zero: bool, allow_one: bool = False) -> float:
    """A float in [0, 1) by default; ``allow_zero``/``allow_one`` close either end."""
    is_real = isinstance(value, numbers.Real) and not isinstance(value, bool)
    low_ok = is_real and ((value >= 0) if allow_zero else (value > 0))
    if not (low_ok and ((value <= 1) if allow_one else (value < 1))):
        bound = f"{'[' if allow_zero else '('}0, 1{']' if allow_one else ')'}"
        raise ValueError(f"{name} must be a number in {bound}; got {value!r}.")
    return float(value)


def check_positive_real(value, name: str) -> float:
    """A finite float > 0, or a ValueError naming the parameter."""
    is_real = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not is_real or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0; got {value!r}.")
    return float(value)


def check_non_negative_real(value, name: str, hint: str = "") -> float:
    """A finite float >= 0, or a ValueError naming the parameter (``hint`` explains 0)."""
    is_real = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not is_real or not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0{hint}; got {value!r}.")
    return float(value)


def check_contamination(contamination) -> None:
    """PyOD's contamination: a number in (0, 0.5] or a PyThresh thresholder object."""
    if isinstance(contamination, numbers.Real) and not isinstance(contamination, bool):
        if 0.0 < contamination <= 0.5:
            return
    elif callable(getattr(contamination, "fit", None)) and callable(
        getattr(contamination, "predict", None)
    ):
        return
    raise ValueError(
        f"contamination must be a float in (0, 0.5] (the expected share of anomalies) or a "
        f"PyThresh thresholder; got {contamination!r}."
    )


def check_choice(value, name: str, choices: Collection, hint: str = ""):
    """``value`` if it is one of ``choices``; else a ValueError listing them (``hint``
    says what they mean)."""
    if isinstance(value, bool) or value not in choices:
        raise ValueError(f"{name} must be one of {tuple(choices)}{hint}; got {value!r}.")
    return value


def check_bool(value, name: str) -> bool:
    """True or False (NumPy's bool too), or a ValueError naming the parameter."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False; got {value!r}.")
    return bool(value)


def check_finite_real(value, name: str, hint: str = "") -> float:
    """A finite float, or a ValueError naming the parameter."""
    is_real = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not is_real or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number{hint}; got {value!r}.")
    return float(value)


def check_hidden_sizes(hidden_sizes) -> tuple[int, ...]:
    """A non-empty tuple of positive ints (the widths of a network's hidden layers)."""
    try:
        sizes = tuple(hidden_sizes)
    except TypeError:
        sizes = ()
    if not sizes or any(
        isinstance(s, bool) or not isinstance(s, numbers.Integral) or s < 1 for s in sizes
    ):
        raise ValueError(
            f"hidden_sizes must be a non-empty sequence of positive integers; got {hidden_sizes!r}."
        )
    return sizes


def check_block_params(width_range, min_width) -> None:
    """A block width range ``(low, high)`` with 0 <= low <= high <= 1 and an int min_width >= 0."""
    try:
        low, high = width_range
    except (TypeError, ValueError):
        low = high = None
    if not all(
        isinstance(v, numbers.Real) and not isinstance(v, bool) and np.isfinite(v)
        for v in (low, high)
    ) or not 0 <= low <= high <= 1:
        raise ValueError(
            "width_range must be two numbers (low, high) with 0 <= low <= high <= 1, the "
            f"range of the block width as a fraction of n_features; got {width_range!r}."
        )
    if isinstance(min_width, bool) or not isinstance(min_width, numbers.Integral) or min_width < 0:
        raise ValueError(
            f"min_width must be an integer >= 0 (0 = reference behaviour); got {min_width!r}."
        )


LAMBDA_DISTRIBUTIONS = ("beta", "uniform")
POOLS = ("all", "anomalies")


def check_lambda_params(lam: str, alpha, beta) -> None:
    """A known mixing-weight distribution and, for "beta", positive shape parameters."""
    check_choice(lam, "lam", LAMBDA_DISTRIBUTIONS)
    if lam == "beta":
        check_positive_real(alpha, "alpha")
        check_positive_real(beta, "beta")


def check_pool(pool) -> None:
    """A known partner pool of the mixing and patching generators."""
    check_choice(
        pool,
        "pool",
        POOLS,
        " ('all' = labeled anomalies plus unlabeled rows, as in the NNG-Mix reference; "
        "'anomalies' = labeled anomalies only)",
    )
