"""The augmentation core: name-or-instance resolution, ``n_synthetic``, seeds and ``augment``.

``Augmented``, ``SyntheticAnomalySampler``, ``ScoreBlend``, LUNAR, the mixture generator
and the bench all go through these functions, so each rule exists once:

- :func:`resolve` turns a registered name into a new instance and clones an object;
- :func:`parse_n_synthetic` is the one grammar of ``n_synthetic`` (Python API and CLI),
  :func:`canonical_n_synthetic` its canonical string (the bench's run keys);
- :func:`derive_seeds` and :func:`seed_unset_random_states` turn one ``random_state`` into
  the seeds of the sample and of every nested estimator;
- :func:`augment` fits a generator and stacks real rows with synthetic anomalies.
"""

from __future__ import annotations

import inspect
import math
import numbers
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from sklearn.base import clone

from pyod_synth.feature_types import MixedTypeEncoder, encode_fit
from pyod_synth.foreign import wrap_foreign
from pyod_synth.generators.base import fit_encoded
from pyod_synth.registry import DEFAULT_GENERATOR, get_detector, get_generator
from pyod_synth.validation import as_generator, check_labels, check_synthetic_size

SEED_BOUND = 2**31 - 1
"""Exclusive upper bound of derived seeds: accepted by numpy, scikit-learn, xgboost and torch."""

N_SYNTHETIC_FORMS = (
    '"auto" (the generator\'s default count), an int >= 0 (exactly that many rows), '
    "a float >= 0 (that fraction of the training rows; 1.0 = as many as training rows), "
    'or a string "<m>x" such as "5x" (m per labeled anomaly); a string of digits such as '
    '"100" is an int and "0.5" a float; 0 or "0x" means no synthetic rows'
)

_MULTIPLIER = re.compile(r"^(\d+(?:\.\d*)?)\s*x$")
_DIGITS = re.compile(r"^\d+$")

# Registered-name builders, by the kind of estimator a parameter holds.
_BUILDERS: dict[str, Callable] = {"generator": get_generator, "detector": get_detector}
_SIGNATURES = {
    "fit": "fit(X, y)",
    "sample": "sample(n_samples, random_state)",
    "decision_function": "decision_function(X)",
}


# --------------------------------------------------------------------- name or instance


def resolve(value, kind: str, methods: Sequence[str]):
    """A new, unfitted estimator: a registered name is built, an object is cloned.

    Parameters
    ----------
    value : str or object
        A registered ``kind`` name, or an instance with every method in ``methods``.
    kind : {"generator", "detector"}
    methods : sequence of str
        Methods an instance must have.

    Raises
    ------
    UnknownNameError
        An unregistered name (a ValueError listing the valid names).
    TypeError
        A class instead of an instance, or an object lacking one of ``methods``.
    """
    if isinstance(value, str):
        return _BUILDERS[kind](value)
    if isinstance(value, type):
        raise TypeError(
            f"{kind} must be a registered name or an instance, not the class "
            f"{value.__name__}; pass {value.__name__}() instead."
        )
    missing = [method for method in methods if not callable(getattr(value, method, None))]
    if missing:
        wanted = " and ".join(_SIGNATURES.get(method, f"{method}()") for method in methods)
        raise TypeError(
            f"{kind} must be a registered name (see `pyod-synth {kind}s`) or an object "
            f"with {wanted}; got {value!r}."
        )
    if kind == "generator":  # a foreign object's rows are checked as a plugin's are
        return wrap_foreign(clone(value, safe=False))
    return clone(value, safe=False)


def resolve_generator(generator):
    """A new, unfitted generator from a registered name, an instance or None (the default)."""
    return resolve(DEFAULT_GENERATOR if generator is None else generator, "generator",
                   ("fit", "sample"))  # fmt: skip


class ResolvesNamedParams:
    """Mixin: ``set_params(detector__x=...)`` works when ``detector`` is a registered name.

    scikit-learn sets a nested parameter on the object the outer parameter holds; a name
    holds none. For each nested parameter whose outer value is a name, the name is first
    replaced by the registered object (``get_detector(name)``), which then receives the
    nested values: ``Augmented("random_forest").set_params(detector__n_estimators=5)``
    leaves ``detector=RandomForestClassifier(n_estimators=5)``, which fits exactly like
    the name with that parameter would. ``__init__`` still only stores, and
    ``get_params`` returns what was given (nested parameters of a name are not listed:
    listing them would build, and import, every named estimator).

    Subclasses list their name-or-instance parameters in ``_named_params`` (parameter ->
    kind).
    """

    _named_params: dict[str, str] = {}

    def set_params(self, **params):
        resolved = {}
        for outer, kind in self._named_params.items():
            given = outer in params
            value = params.pop(outer, getattr(self, outer, None))
            if isinstance(value, str) and any(key.startswith(f"{outer}__") for key in params):
                value = _BUILDERS[kind](value)
            if given or value is not getattr(self, outer, None):
                resolved[outer] = value
        # The outer objects first: PyOD's set_params would look nested keys up on the old value.
        if resolved:
            super().set_params(**resolved)
        return super().set_params(**params) if params else self


# --------------------------------------------------------------------- n_synthetic


@dataclass(frozen=True)
class CountRule:
    """A parsed ``n_synthetic``: ``kind`` is "auto", "count", "fraction" or "per_anomaly"."""

    kind: str
    value: float = 0.0


def _number_text(text: str):
    if _DIGITS.match(text):
        return int(text)
    try:
        return float(text)
    except ValueError:
        return None


def parse_n_synthetic(n_synthetic) -> CountRule:
    """Validate ``n_synthetic`` and say what it means; invalid forms list the valid ones.

    The one grammar of the Python API and the CLI: "auto"; an int >= 0 (a row count);
    a float >= 0 (a fraction of the training rows); "<m>x" (m per labeled anomaly, m a
    decimal >= 0); a string of digits is an int and any other number string a float.

    Examples
    --------
    >>> parse_n_synthetic("5x"), parse_n_synthetic("100"), parse_n_synthetic(1.0)
    (CountRule(kind='per_anomaly', value=5.0), CountRule(kind='count', value=100), \
CountRule(kind='fraction', value=1.0))
    """
    value = n_synthetic
    if isinstance(value, str):
        text = value.strip().lower()
        if text == "auto":
            return CountRule("auto")
        match = _MULTIPLIER.match(text)
        if match and math.isfinite(float(match.group(1))):
            return CountRule("per_anomaly", float(match.group(1)))
        value = _number_text(text)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        if value >= 0:
            return CountRule("count", int(value))
    elif isinstance(value, numbers.Real) and not isinstance(value, bool):
        if math.isfinite(value) and value >= 0:
            return CountRule("fraction", float(value))
    raise ValueError(f"n_synthetic must be {N_SYNTHETIC_FORMS}; got {n_synthetic!r}.")


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def canonical_n_synthetic(n_synthetic) -> str:
    """The canonical string of an ``n_synthetic`` value; it parses back to the same rule.

    "auto", "<m>x" (m without a trailing ".0"), a row count as digits, a fraction as
    Python's float repr. Equal rules give equal strings: the bench keys runs by it.

    Examples
    --------
    >>> [canonical_n_synthetic(v) for v in ("5X", "2.50x", 100, "100", 1.0, "auto")]
    ['5x', '2.5x', '100', '100', '1.0', 'auto']
    """
    rule = parse_n_synthetic(n_synthetic)
    if rule.kind == "auto":
        return "auto"
    if rule.kind == "per_anomaly":
        return f"{_plain(rule.value)}x"
    if rule.kind == "count":
        return str(int(rule.value))
    return repr(float(rule.value))


def _scaled(factor: float, base: int) -> int:
    # Round to nearest, but a positive request never silently becomes zero rows. Exact
    # (Fraction): 1e308 x the row count is a count the size check refuses, not an overflow.
    return max(1, round(Fraction(factor) * base)) if factor > 0 else 0


def count_synthetic(rule: CountRule, n_samples: int, n_anomalies: int, generator=None) -> int:
    """Number of synthetic rows ``rule`` asks for (``generator`` must be fitted for "auto")."""
    if rule.kind == "count":
        return int(rule.value)
    if rule.kind == "fraction":
        return _scaled(rule.value, n_samples)
    if rule.kind == "per_anomaly":
        if rule.value > 0 and n_anomalies == 0:
            raise ValueError(
                f'n_synthetic="{rule.value:g}x" asks for {rule.value:g} synthetic anomalies per '
                "labeled anomaly, but y labels none (no y == 1). Pass \"auto\", an int or a "
                "float (a fraction of the training rows) instead, or label some anomalies."
            )
        return _scaled(rule.value, n_anomalies)
    if not hasattr(generator, "auto_n_samples"):
        raise TypeError(
            f'n_synthetic="auto" needs the generator\'s auto_n_samples(), which '
            f"{type(generator).__name__} lacks; pass n_synthetic as an int, a float or \"<m>x\"."
        )
    return int(generator.auto_n_samples())


# --------------------------------------------------------------------- seeds


def derive_seeds(random_state, n: int = 2) -> list[int]:
    """``n`` independent seeds drawn from one local generator seeded by ``random_state``.

    ``Augmented`` and ``SyntheticAnomalySampler`` both take the first as the sample seed,
    so the same ``random_state`` gives them the same synthetic rows.
    """
    rng = as_generator(random_state)
    return [int(seed) for seed in rng.integers(0, SEED_BOUND, size=n)]


def seed_unset_random_states(estimator, seed: int):
    """Set every ``random_state`` left None in ``estimator``, nested ones included, to ``seed``.

    Parameters the user set are kept. A ``random_state`` that ``__init__`` takes but
    ``get_params`` leaves out counts as unset: CatBoost lists only the parameters that were
    given, so a deep ``get_params`` never shows it and it would stay unseeded. Returns
    ``estimator`` (modified in place); an object without ``get_params`` is returned unchanged.
    """
    if not hasattr(estimator, "get_params") or isinstance(estimator, type):
        return estimator
    params = estimator.get_params(deep=True)
    unset = {
        key: seed
        for key, value in params.items()
        if value is None and (key == "random_state" or key.endswith("__random_state"))
    }
    nested = [("", estimator)] + [
        (f"{key}__", value)
        for key, value in params.items()
        if hasattr(value, "get_params") and not isinstance(value, type)
    ]
    for prefix, obj in nested:
        if f"{prefix}random_state" not in params and _init_takes_random_state(obj):
            unset[f"{prefix}random_state"] = seed
    if unset:
        estimator.set_params(**unset)
    return estimator


def _init_takes_random_state(estimator) -> bool:
    try:
        return "random_state" in inspect.signature(type(estimator).__init__).parameters
    except (TypeError, ValueError):
        return False


# --------------------------------------------------------------------- augment


@dataclass(frozen=True)
class Augmentation:
    """The augmented training set and how it was made."""

    X: np.ndarray
    """Real rows first, then synthetic rows; float64, shape (n + n_synthetic, d)."""
    y: np.ndarray
    """0/1 ints: the real labels, then 1 for every synthetic row."""
    generator: object | None
    """The fitted generator, or None when no synthetic row was drawn."""
    n_synthetic: int
    encoder: MixedTypeEncoder
    """The encoder fitted on the real rows: ``X`` is in its encoded space."""


def feature_encoder(feature_types) -> MixedTypeEncoder:
    """A new, unfitted encoder for a wrapper's ``feature_types`` parameter.

    None: types inferred (``MixedTypeEncoder``'s defaults) and an unseen category at scoring
    time encoded as an all-zero group (``handle_unknown="ignore"``: no training row looks
    like that, so it scores as unusual rather than crashing). A ``MixedTypeEncoder`` is
    cloned, its own ``handle_unknown`` kept.
    """
    if feature_types is None:
        return MixedTypeEncoder(handle_unknown="ignore")
    if not isinstance(feature_types, MixedTypeEncoder):
        raise TypeError(
            "feature_types must be None (inferred) or a pyod_synth.feature_types."
            f"MixedTypeEncoder declaring the columns; got {feature_types!r}."
        )
    return clone(feature_types)


def _check_synthetic(X_syn, n: int, d: int, generator) -> np.ndarray:
    # BaseGenerator checks its own output; plugin generators need not derive from it.
    X_syn = np.asarray(X_syn, dtype=np.float64)
    if X_syn.shape != (n, d) or not np.isfinite(X_syn).all():
        raise RuntimeError(
            f"{type(generator).__name__}.sample({n}) returned an array of shape {X_syn.shape} "
            f"(expected {(n, d)}, all finite): this is a bug in the generator."
        )
    return X_syn


def augment(X, y, generator, n_synthetic, sample_seed, feature_types=None,
            check_rows=None) -> Augmentation:
    """Encode and validate ``(X, y)``, fit ``generator`` on it and append synthetic anomalies.

    Parameters
    ----------
    X : array-like or pandas DataFrame of shape (n_samples, n_features)
        Categorical columns are one-hot encoded (see :func:`feature_encoder`); the
        generator works in the encoded space and its rows are projected to valid ones.
    y : array-like of shape (n_samples,) or None
        1 = labeled anomaly, 0 = unlabeled; None = all unlabeled.
    generator : str, generator object or None
        A registered name, or an instance (cloned, never fitted in place).
    n_synthetic : "auto", int, float or "<m>x"
        See :func:`parse_n_synthetic`. A count whose rows exceed
        :func:`~pyod_synth.validation.max_synthetic_bytes` (4 GiB unless
        ``$PYOD_SYNTH_MAX_SYNTHETIC_BYTES`` says otherwise) is refused before fitting.
    sample_seed : None, int or numpy Generator
        Seed of the generator's ``sample``.
    feature_types : None or MixedTypeEncoder
        See :func:`feature_encoder`.
    check_rows : callable, default=None
        Called with the encoded real rows before anything is fitted (the detector's check
        that it can represent them: its message is the one to see first).

    Returns
    -------
    Augmentation
    """
    encoder = feature_encoder(feature_types)
    X = encode_fit(encoder, X)
    is_anomaly = check_labels(y, X.shape[0])
    if check_rows is not None:
        check_rows(X)
    rule = parse_n_synthetic(n_synthetic)
    # Resolve even when no row is drawn, so a misspelt name fails in the baseline run too.
    generator = resolve_generator(generator)
    n_samples, n_features = X.shape
    n_anomalies = int(is_anomaly.sum())
    y_real = is_anomaly.astype(np.int64)
    n = None if rule.kind == "auto" else count_synthetic(rule, n_samples, n_anomalies)
    if n == 0:
        return Augmentation(X, y_real, None, 0, encoder)  # X is a new array
    who = f"n_synthetic={n_synthetic!r}"
    if n is not None:  # refused before the generator's fit, which may take long
        check_synthetic_size(n, n_features, who)
    fit_encoded(generator, X, y_real, encoder)
    if n is None:
        n = count_synthetic(rule, n_samples, n_anomalies, generator)
        check_synthetic_size(n, n_features, who)  # a plugin's sample() may not check
    X_syn = generator.sample(n, random_state=sample_seed)
    # A plugin generator may know nothing of the layout; a projected row stays as it is.
    X_syn = encoder.project_to_valid(_check_synthetic(X_syn, n, n_features, generator))
    return Augmentation(
        np.vstack([X, X_syn]),
        np.concatenate([y_real, np.ones(n, dtype=np.int64)]),
        generator,
        n,
        encoder,
    )
