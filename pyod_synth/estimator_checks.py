"""Conformance checks for generator and detector plugins, as scikit-learn and imbalanced-learn
ship theirs (``sklearn.utils.estimator_checks``, ``imblearn.utils.estimator_checks``).

A plugin author runs ``check_generator(MyGenerator())`` or ``check_detector(MyDetector())``
in a test, or decorates one test with ``parametrize_with_checks([...])`` to get one test per
(object, check). Every check is also a public function of this module that takes the object,
e.g. ``check_deterministic(MyGenerator())``. A failed check raises an ``AssertionError``
whose message starts with the check's name and the object's class and says what to fix.

Every check works on clones of the object it is given (the caller's instance is never
fitted or modified) and on small fixed data sets: 3 features, a Gaussian cloud of rows
labeled 0 and a few rows shifted by +4 on every feature, labeled 1 (anomaly).

Checks of a generator (``check_generator``)
    check_estimator_api, check_init_stores_params, check_fit_returns_self,
    check_auto_n_samples, check_sample_output, check_sample_zero_rows, check_deterministic,
    check_no_input_mutation, check_not_fitted, check_requires_anomalies,
    check_rejects_non_finite_X, check_rejects_bad_X_shape, check_rejects_bad_y,
    check_rejects_bad_n_samples, check_mixed_type_samples, check_pickle_round_trip,
    check_global_rng_untouched.

Checks of a label-learning detector (``check_detector``)
    check_detector_api, check_init_stores_params, check_fit_returns_self,
    check_scores_output, check_ranks_obvious_anomalies, check_learns_from_labels,
    check_same_random_state_same_scores, check_no_input_mutation, check_not_fitted,
    check_requires_anomalies (only when the detector declares it),
    check_rejects_non_finite_X (unless its scikit-learn tags say ``allow_nan``),
    check_rejects_bad_X_shape, check_rejects_bad_y, check_dataframe_input,
    check_mixed_type_input, check_pickle_round_trip, check_global_rng_untouched.

The mixed-type checks use a DataFrame with a categorical, a bool and two float columns. A
detector without a ``feature_types`` parameter (a plain classifier) is checked as
``pyod_synth.Augmented`` wraps it, which encodes the categorical columns for it.

A detector is scored as ``pyod_synth.Augmented`` scores it: ``decision_function`` for a PyOD
detector, the ``predict_proba`` column of class 1 for a classifier; higher = more anomalous.
"""

from __future__ import annotations

import functools
import inspect
import numbers
import pickle
import random
import re
import sys
from collections.abc import Callable, Iterator, Mapping

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.exceptions import NotFittedError

__all__ = [
    "check_detector",
    "check_generator",
    "estimator_checks_generator",
    "parametrize_with_checks",
]

_N_ROWS, _N_FEATURES, _N_ANOMALIES = 60, 3, 6
# The detector's ranking checks need enough rows for tree learners' minimum leaf sizes.
_N_RANKING_ROWS, _N_RANKING_ANOMALIES = 220, 20
_MIN_AUROC = 0.9

# kind -> [(check, applies_to)], in the order they run.
_CHECKS: dict[str, list[tuple[Callable, Callable[[object], bool]]]] = {
    "generator": [],
    "detector": [],
}


def _check(*kinds: str, when: Callable[[object], bool] = lambda obj: True):
    """Register a check for ``kinds``; ``when(obj)`` says whether it applies to ``obj``."""

    def register(func):
        @functools.wraps(func)
        def check(obj) -> None:
            _refuse_class(obj, func.__name__)
            label = type(obj).__name__
            try:
                func(obj)
            except AssertionError as exc:
                raise AssertionError(f"{func.__name__} failed for {label}: {exc}") from exc
            except Exception as exc:  # noqa: BLE001 - any crash is a failed check, named as such
                raise AssertionError(
                    f"{func.__name__} failed for {label}: it raised {type(exc).__name__}: {exc}"
                ) from exc

        for kind in kinds:
            _CHECKS[kind].append((check, when))
        return check

    return register


# --------------------------------------------------------------------------- public API


def check_generator(generator, *, expected_failed_checks: Mapping[str, str] | None = None):
    """Run every generator check; raise at the first one that fails.

    Parameters
    ----------
    generator : BaseGenerator
        An unfitted or fitted generator instance. It is cloned for each check and never
        modified.
    expected_failed_checks : dict of {check name: reason}, default=None
        Checks known to fail for this generator; they are not run.

    Raises
    ------
    AssertionError
        At the first failed check. The message starts with the check's name and says
        what the generator did wrong and how to fix it.

    See Also
    --------
    parametrize_with_checks : the same checks as one pytest test each.

    Examples
    --------
    >>> from pyod_synth.generators.uniform import UniformGenerator
    >>> from pyod_synth.estimator_checks import check_generator
    >>> check_generator(UniformGenerator(margin=0.1))  # silent when everything passes
    """
    _run_all(generator, "generator", expected_failed_checks)


def check_detector(detector, *, expected_failed_checks: Mapping[str, str] | None = None):
    """Run every check of a label-learning detector; raise at the first one that fails.

    The contract: ``fit(X, y)`` takes y with 1 = anomaly and 0 = unlabeled, learns from it
    (the same rows with other rows labeled 1 give another ranking), ranks obvious
    anomalies first, gives the same scores for the same ``random_state``, leaves its input
    alone, clones and pickles, refuses NaN with a ValueError that says so (unless its
    scikit-learn tags declare ``allow_nan``) and takes pandas DataFrames.

    Parameters
    ----------
    detector : estimator
        An unfitted detector instance (a PyOD detector, a scikit-learn classifier or a
        registered detector). It is cloned for each check and never modified.
    expected_failed_checks : dict of {check name: reason}, default=None
        Checks known to fail for this detector; they are not run.

    Raises
    ------
    AssertionError
        At the first failed check, naming it and what to fix.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from pyod_synth.estimator_checks import check_detector
    >>> check_detector(LogisticRegression(), expected_failed_checks={
    ...     "check_rejects_bad_y": "a classifier takes any label as a class"})
    """
    _run_all(detector, "detector", expected_failed_checks)


def estimator_checks_generator(
    obj, *, expected_failed_checks: Mapping[str, str] | None = None, mark: str | None = None
) -> Iterator[tuple]:
    """Yield ``(obj, check)`` pairs for every check that applies to ``obj``.

    ``check(obj)`` runs one check. A generator (an object with ``sample``) gets the
    generator checks, anything else the detector checks.

    Parameters
    ----------
    obj : generator or detector instance
    expected_failed_checks : dict of {check name: reason}, default=None
        With ``mark="xfail"`` these pairs come as ``pytest.param`` marked xfail (strict:
        a listed check that passes fails the test, so stale entries get noticed).
    mark : {"xfail"} or None, default=None

    Examples
    --------
    >>> from pyod_synth.generators.uniform import UniformGenerator
    >>> from pyod_synth.estimator_checks import estimator_checks_generator
    >>> [check.__name__ for _, check in estimator_checks_generator(UniformGenerator())][:2]
    ['check_estimator_api', 'check_init_stores_params']
    """
    _refuse_class(obj, "estimator_checks_generator")
    kind = _kind(obj)
    expected = _check_expected(kind, expected_failed_checks)
    if mark not in (None, "xfail"):
        raise ValueError(f'mark must be None or "xfail"; got {mark!r}.')
    for check, applies in _CHECKS[kind]:
        if not applies(obj):
            continue
        reason = expected.get(check.__name__)
        if reason is None or mark is None:
            yield obj, check
            continue
        import pytest

        yield pytest.param(
            obj, check, marks=pytest.mark.xfail(reason=reason, raises=AssertionError, strict=True)
        )


def parametrize_with_checks(objects, *, expected_failed_checks=None):
    """A pytest decorator giving one test per (object, check), like scikit-learn's.

    Parameters
    ----------
    objects : list of generator or detector instances
        Generators (objects with ``sample``) get the generator checks, the others the
        detector checks.
    expected_failed_checks : dict or callable, default=None
        ``{check name: reason}`` for every object, or a callable taking an object and
        returning such a dict (scikit-learn's form). Those tests are marked xfail (strict:
        once the check passes, remove the entry).

    Returns
    -------
    decorator : ``pytest.mark.parametrize("estimator, check", ...)``
        Test ids read ``<object repr>-<check name>``, so ``pytest -k check_deterministic``
        selects one check.

    Examples
    --------
    >>> from pyod_synth.estimator_checks import parametrize_with_checks
    >>> from pyod_synth.generators.uniform import UniformGenerator
    >>> @parametrize_with_checks([UniformGenerator(), UniformGenerator(margin=0.5)])
    ... def test_uniform(estimator, check):
    ...     check(estimator)
    """
    import pytest

    params = []
    for obj in objects:
        expected = (
            expected_failed_checks(obj) if callable(expected_failed_checks)
            else expected_failed_checks
        )
        for param in estimator_checks_generator(obj, expected_failed_checks=expected, mark="xfail"):
            values, marks = (param.values, param.marks) if hasattr(param, "values") else (param, ())
            check = values[1]
            params.append(pytest.param(*values, marks=marks, id=f"{_id(obj)}-{check.__name__}"))
    return pytest.mark.parametrize("estimator, check", params)


# --------------------------------------------------------------------------- plumbing


def _run_all(obj, kind: str, expected_failed_checks) -> None:
    _refuse_class(obj, f"check_{kind}")
    expected = _check_expected(kind, expected_failed_checks)
    for check, applies in _CHECKS[kind]:
        if applies(obj) and check.__name__ not in expected:
            check(obj)


def _check_expected(kind: str, expected_failed_checks) -> dict[str, str]:
    expected = dict(expected_failed_checks or {})
    names = [check.__name__ for check, _ in _CHECKS[kind]]
    unknown = sorted(set(expected) - set(names))
    if unknown:
        raise ValueError(
            f"expected_failed_checks names {unknown}, which are not {kind} checks; valid: "
            f"{', '.join(names)}."
        )
    return expected


def _refuse_class(obj, caller: str) -> None:
    if isinstance(obj, type):
        raise TypeError(
            f"{caller} needs an instance, e.g. {obj.__name__}(), not the class."
        )


def _kind(obj) -> str:
    return "generator" if callable(getattr(obj, "sample", None)) else "detector"


def _id(obj) -> str:
    """``Class(param=value,...)`` with the parameters that differ from ``__init__``'s defaults.

    scikit-learn's ``print_changed_only`` does this for its own estimators only; PyOD and
    XGBoost print every parameter, which makes unreadable test ids.
    """
    try:
        params = obj.get_params(deep=False)
        defaults = {
            name: p.default for name, p in inspect.signature(type(obj).__init__).parameters.items()
        }
    except Exception:  # noqa: BLE001 - an object without get_params: its class names it
        return type(obj).__name__
    changed = [
        f"{key}={_value_id(value)}"
        for key, value in params.items()
        if _changed(key, value, defaults)
    ]
    return f"{type(obj).__name__}({','.join(changed)})"


def _changed(key: str, value, defaults: dict) -> bool:
    if key not in defaults:  # taken through **kwargs (XGBoost's): unset when None
        return value is not None
    return not _same_value(value, defaults[key])


def _value_id(value) -> str:
    # A default repr holds a memory address, which differs between pytest-xdist workers.
    text = type(value).__name__ if " at 0x" in repr(value) else repr(value)
    text = re.sub(r"\s", "", text)
    return text if len(text) <= 40 else text[:37] + "..."


def _flag(obj, name: str):
    """The capability ``name`` of ``obj`` ("requires_anomalies", "learns_from_labels").

    The one place that reads capabilities: the anomaly tags of ``__sklearn_tags__``
    (``pyod_synth.tags``), which fall back to the documented guess for objects declaring
    none. A foreign generator's class attribute ``requires_anomalies`` is read as declared.
    """
    from pyod_synth.tags import get_anomaly_tags

    declared = getattr(obj, name, None)
    if declared is not None and not hasattr(obj, "__sklearn_tags__"):
        return declared
    return getattr(get_anomaly_tags(obj), name)  # as declared, not coerced to bool


def _scores(detector, X) -> np.ndarray:
    """Anomaly scores of a fitted detector, exactly as ``Augmented`` reads them."""
    from pyod_synth.detector_adapter import anomaly_scores

    return anomaly_scores(detector, X)


def _allows_nan(obj) -> bool:
    from sklearn.utils import get_tags

    try:
        return bool(get_tags(obj).input_tags.allow_nan)
    except Exception:  # noqa: BLE001 - an object without usable tags declares nothing
        return False


def _data(seed: int = 20240611, n_rows: int = _N_ROWS, n_anomalies: int = _N_ANOMALIES):
    """``n_rows`` rows, 3 features; the first ``n_anomalies`` are shifted by +4, labeled 1."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_rows, _N_FEATURES))
    X[:n_anomalies] += 4.0
    y = np.zeros(n_rows, dtype=np.int64)
    y[:n_anomalies] = 1
    return X, y


def _fresh(obj):
    """A clone whose unset ``random_state``s (nested ones too) are 0, like scikit-learn's checks."""
    from pyod_synth._augment import seed_unset_random_states

    return seed_unset_random_states(clone(obj), 0)


def _fitted(obj):
    X, y = _data()
    return _fresh(obj).fit(X, y)


def _output(fitted, X_test=None) -> np.ndarray:
    """What a fitted object produces: a generator's samples, a detector's scores of
    ``X_test`` (default: held-out rows)."""
    if _kind(fitted) == "generator":
        return fitted.sample(15, random_state=0)
    return _scores(fitted, _data(seed=1)[0] if X_test is None else X_test)


def _same_value(a, b) -> bool:
    if a is b:
        return True
    if isinstance(a, BaseEstimator) and isinstance(b, BaseEstimator):
        return type(a) is type(b) and _same_params(
            a.get_params(deep=False), b.get_params(deep=False)
        )
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(a, b)
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - values without a usable == are not the same
        return False


def _same_params(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(_same_value(a[k], b[k]) for k in a)


def _expect_value_error(
    action: Callable[[], object], case: str, fix: str, match: str | None = None
) -> None:
    try:
        action()
    except ValueError as exc:
        if match is None or re.search(match, str(exc), re.IGNORECASE):
            return
        raise AssertionError(
            f"{case} raised ValueError({exc!r}), whose message does not say what was wrong. "
            f"{fix}"
        ) from exc
    except Exception as exc:  # noqa: BLE001
        raise AssertionError(
            f"{case} raised {type(exc).__name__} ({exc}) instead of ValueError. {fix}"
        ) from exc
    raise AssertionError(f"{case} was accepted silently; it must raise ValueError. {fix}")


_VALIDATE_FIT = (
    "Validate input in fit with pyod_synth.validation.check_training_data (inherit "
    "BaseGenerator.fit, which does it)."
)


def _validate_fit(obj) -> str:
    if _kind(obj) == "generator":
        return _VALIDATE_FIT
    return "Validate input in fit with pyod_synth.validation.check_training_data."


# --------------------------------------------------------------------------- API checks


@_check("generator")
def check_estimator_api(generator) -> None:
    """A scikit-learn estimator with fit, sample, auto_n_samples and a bool requires_anomalies."""
    assert isinstance(generator, BaseEstimator), (
        "a generator must be a scikit-learn estimator: subclass "
        "pyod_synth.generators.BaseGenerator."
    )
    for method in ("fit", "sample", "auto_n_samples", "get_params", "set_params"):
        assert callable(getattr(generator, method, None)), (
            f"method {method}() is missing; subclass pyod_synth.generators.BaseGenerator."
        )
    flag = _flag(generator, "requires_anomalies")
    assert isinstance(flag, bool), (
        f"the requires_anomalies tag must be True or False, got {flag!r}: set it to True "
        "(on a BaseGenerator, the class attribute requires_anomalies = True) if fit needs "
        "labeled anomalies (y == 1)."
    )


@_check("detector")
def check_detector_api(detector) -> None:
    """An estimator with fit, get_params/set_params, a way to score, and that learns from y."""
    for method in ("fit", "get_params", "set_params"):
        assert callable(getattr(detector, method, None)), (
            f"method {method}() is missing: a detector must be a scikit-learn-style "
            "estimator (subclass pyod.models.base.BaseDetector or sklearn's BaseEstimator)."
        )
    scorers = ("decision_function", "predict_proba")
    assert any(callable(getattr(detector, m, None)) for m in scorers), (
        "the detector has neither decision_function nor predict_proba, so nothing can score "
        "rows with it: add decision_function(X) returning one score per row, higher = more "
        "anomalous."
    )
    assert _flag(detector, "learns_from_labels") is True, (
        "the detector does not declare that fit learns from y: declare it in "
        "__sklearn_tags__ with pyod_synth.tags.add_anomaly_tags(tags, "
        "learns_from_labels=True) (scikit-learn classifiers are recognised without it). "
        "Detectors "
        "that ignore y would learn synthetic anomalies as normal data."
    )
    flag = _flag(detector, "requires_anomalies")
    assert flag is None or isinstance(flag, bool), (
        f"requires_anomalies must be True or False when declared, got {flag!r}."
    )


@_check("generator", "detector")
def check_init_stores_params(obj) -> None:
    """``__init__`` stores each parameter unchanged and nothing else; clone round-trips."""
    params = obj.get_params(deep=False)
    signature = inspect.signature(type(obj).__init__)
    variadic = [
        p.name for p in signature.parameters.values() if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    assert not variadic, (
        f"__init__ takes *{variadic[0]}: list every parameter explicitly, since clone() "
        "and get_params() drop anything else."
    )
    fresh = type(obj)(**params)
    for key, value in params.items():
        assert hasattr(fresh, key), (
            f"__init__ does not store parameter {key!r}: add self.{key} = {key}."
        )
        assert getattr(fresh, key) is value, (
            f"__init__ changes parameter {key!r} (stores {getattr(fresh, key)!r} for "
            f"{value!r}): store it unchanged (self.{key} = {key}) and validate or convert "
            "it in fit."
        )
    extra = sorted(k for k in vars(fresh) if k not in params and not k.startswith("_"))
    assert not extra, (
        f"__init__ sets {extra}, which are not parameters: compute derived values in "
        "fit and name them with a trailing underscore."
    )
    cloned = clone(obj)
    assert _same_params(cloned.get_params(), obj.get_params()), (
        "clone(obj).get_params() differs from obj.get_params(): get_params must return "
        "exactly the constructor arguments."
    )
    assert cloned.set_params(**params) is cloned, "set_params must return self."
    assert _same_params(cloned.get_params(deep=False), params), (
        "set_params(**obj.get_params()) changed the parameters: set_params must store "
        "values unchanged."
    )


@_check("generator", "detector")
def check_fit_returns_self(obj) -> None:
    """``fit`` returns the object itself, so ``gen.fit(X).sample(n)`` chains."""
    X, y = _data()
    fresh = _fresh(obj)
    assert fresh.fit(X, y) is fresh, "fit must end with `return self`."


# --------------------------------------------------------------------------- output checks


@_check("generator")
def check_auto_n_samples(generator) -> None:
    """``auto_n_samples()`` of a fitted generator is a positive int."""
    n = _fitted(generator).auto_n_samples()
    assert isinstance(n, numbers.Integral) and not isinstance(n, bool) and n >= 1, (
        f"auto_n_samples() returned {n!r}; it must return a positive int (the default "
        "number of anomalies to draw)."
    )


@_check("generator")
def check_sample_output(generator) -> None:
    """``sample(n)`` returns a finite float ndarray of shape (n, n_features)."""
    out = _fitted(generator).sample(25, random_state=0)
    assert isinstance(out, np.ndarray), (
        f"sample must return a numpy array, got {type(out).__name__}."
    )
    assert out.shape == (25, _N_FEATURES), (
        f"sample(25) returned shape {out.shape}, expected (25, {_N_FEATURES}): one row per "
        "sample, one column per training feature."
    )
    assert np.issubdtype(out.dtype, np.floating), (
        f"sample must return floats, got dtype {out.dtype}."
    )
    assert np.isfinite(out).all(), "sample returned NaN or inf values; every value must be finite."


@_check("generator")
def check_sample_zero_rows(generator) -> None:
    """``sample(0)`` returns an empty float array of shape (0, n_features)."""
    out = _fitted(generator).sample(0, random_state=0)
    assert isinstance(out, np.ndarray) and out.shape == (0, _N_FEATURES), (
        f"sample(0) returned {getattr(out, 'shape', type(out).__name__)}, expected an "
        f"array of shape (0, {_N_FEATURES})."
    )
    assert np.issubdtype(out.dtype, np.floating), (
        f"sample(0) must return floats, got dtype {out.dtype}."
    )


@_check("detector")
def check_scores_output(detector) -> None:
    """Scoring a fitted detector gives one finite float per row."""
    X_test = _data(seed=1)[0]
    scores = np.asarray(_scores(_fitted(detector), X_test))
    assert scores.shape == (len(X_test),), (
        f"scores have shape {scores.shape} for {len(X_test)} rows: return one score per row."
    )
    assert np.issubdtype(scores.dtype, np.floating) and np.isfinite(scores).all(), (
        "scores must be finite floats; a NaN score silently corrupts every ranking metric."
    )


@_check("detector")
def check_ranks_obvious_anomalies(detector) -> None:
    """Trained on an easy problem, held-out anomalies score above held-out normal rows."""
    from sklearn.metrics import roc_auc_score

    X, y = _data(n_rows=_N_RANKING_ROWS, n_anomalies=_N_RANKING_ANOMALIES)
    X_test, y_test = _data(seed=1, n_rows=_N_RANKING_ROWS, n_anomalies=_N_RANKING_ANOMALIES)
    auroc = roc_auc_score(y_test, _scores(_fresh(detector).fit(X, y), X_test))
    assert auroc >= _MIN_AUROC, (
        f"on rows shifted by +4 in every feature (labeled 1) against a standard normal cloud, "
        f"the test AUROC is {auroc:.3f} (< {_MIN_AUROC}): scores must be higher for "
        "anomalies (y == 1). Check the score's sign and that class 1 means anomaly."
    )


def _two_clusters() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A normal cloud plus two equal, mirrored outlying clusters; and test rows of each."""
    rng = np.random.default_rng(7)
    n, k = _N_RANKING_ROWS - 2 * _N_RANKING_ANOMALIES, _N_RANKING_ANOMALIES
    cloud = rng.normal(size=(n, _N_FEATURES))
    high = rng.normal(4.0, 0.5, (2 * k, _N_FEATURES))
    low = -rng.normal(4.0, 0.5, (2 * k, _N_FEATURES))
    X = np.vstack([cloud, high[:k], low[:k]])
    return X, high[k:], low[k:]


@_check("detector")
def check_learns_from_labels(detector) -> None:
    """Labeling one of two mirrored clusters 1 ranks that cluster first, either way round."""
    X, high_test, low_test = _two_clusters()
    n, k = _N_RANKING_ROWS - 2 * _N_RANKING_ANOMALIES, _N_RANKING_ANOMALIES
    cases = (
        (slice(n, n + k), high_test, low_test, "+4"),
        (slice(n + k, None), low_test, high_test, "-4"),
    )
    for rows, labeled, other, name in cases:
        y = np.zeros(len(X), dtype=np.int64)
        y[rows] = 1
        fitted = _fresh(detector).fit(X, y)
        gap = _scores(fitted, labeled).mean() - _scores(fitted, other).mean()
        assert gap > 0, (
            f"with the cluster at {name} labeled 1 and its mirror image labeled 0, the "
            "labeled cluster's test rows do not score higher on average: fit must learn "
            "from y (1 = anomaly). A detector that ignores y cannot be augmented."
        )


# --------------------------------------------------------------------------- behaviour checks


@_check("generator")
def check_deterministic(generator) -> None:
    """Same ``random_state``, same rows (across fits and calls); another seed, other rows."""
    first, second = _fitted(generator), _fitted(generator)
    a = first.sample(20, random_state=0)
    assert np.array_equal(a, second.sample(20, random_state=0)), (
        "two generators fitted on the same data gave different samples for random_state=0: "
        "fit must be deterministic (use the random_state parameter, never global RNGs or "
        "OS entropy)."
    )
    assert np.array_equal(a, first.sample(20, random_state=0)), (
        "sampling twice with random_state=0 gave different rows: build the RNG from "
        "random_state on every call (pyod_synth.validation.as_generator) and do not keep "
        "RNG state between calls."
    )
    assert not np.array_equal(a, first.sample(20, random_state=1)), (
        "random_state=0 and random_state=1 gave identical samples: the output must depend "
        "on random_state."
    )


@_check("detector")
def check_same_random_state_same_scores(detector) -> None:
    """Two fits with the same ``random_state`` give identical scores."""
    assert np.array_equal(_output(_fitted(detector)), _output(_fitted(detector))), (
        "two fits on the same data with the same random_state gave different scores: draw "
        "every random number from a local generator built from random_state "
        "(pyod_synth.validation.as_generator; a torch.Generator seeded from it), never from "
        "global RNGs or OS entropy."
    )


@_check("generator", "detector")
def check_no_input_mutation(obj) -> None:
    """``fit`` and the output (samples or scores) leave the caller's X and y unchanged."""
    X, y = _data()
    X_before, y_before = X.copy(), y.copy()
    _output(_fresh(obj).fit(X, y), X_test=X)
    assert np.array_equal(X, X_before), (
        "fit, sample or scoring modified the caller's X in place: work on a copy (X = X.copy()) "
        "before in-place operations."
    )
    assert np.array_equal(y, y_before), (
        "fit modified the caller's y in place: work on a copy."
    )


@_check("generator", "detector")
def check_not_fitted(obj) -> None:
    """Sampling or scoring before ``fit`` raises ``sklearn.exceptions.NotFittedError``."""
    action = "sample()" if _kind(obj) == "generator" else "scoring"
    fix = "call sklearn.utils.validation.check_is_fitted(self) first."
    try:
        _output(_fresh(obj))
    except NotFittedError:
        return
    except Exception as exc:  # noqa: BLE001
        raise AssertionError(
            f"{action} before fit() raised {type(exc).__name__} ({exc}) instead of "
            f"NotFittedError: {fix}"
        ) from exc
    raise AssertionError(
        f"{action} before fit() returned output instead of raising NotFittedError: {fix}"
    )


def _declares_requires_anomalies(obj) -> bool:
    """Declared in the anomaly tags (a guess for an object without them is not checked)."""
    from sklearn.utils import get_tags

    try:
        declared = getattr(get_tags(obj), "anomaly_tags", None) is not None
    except (AttributeError, TypeError):
        declared = False
    return declared and isinstance(_flag(obj, "requires_anomalies"), bool)


@_check("generator", "detector", when=_declares_requires_anomalies)
def check_requires_anomalies(obj) -> None:
    """``requires_anomalies`` tells the truth about needing labeled anomalies in ``fit``."""
    X, _ = _data()
    no_labels = {"y=None": None, "an all-zero y": np.zeros(_N_ROWS, dtype=np.int64)}
    if _flag(obj, "requires_anomalies"):
        for case, y in no_labels.items():
            _expect_value_error(
                lambda y=y: _fresh(obj).fit(X, y),
                f"requires_anomalies is True, but fit with {case} (no labeled anomaly)",
                "Raise a ValueError saying that labeled anomalies (y == 1) are needed.",
            )
        return
    expected = _output(_fitted(obj)).shape
    for case, y in no_labels.items():
        try:
            out = _output(_fresh(obj).fit(X, y))
        except Exception as exc:  # noqa: BLE001
            raise AssertionError(
                f"requires_anomalies is False, but fit and use with {case} raised "
                f"{type(exc).__name__} ({exc}): either work without labeled anomalies or "
                "declare requires_anomalies=True in its anomaly tags."
            ) from exc
        assert out.shape == expected and np.isfinite(out).all(), (
            f"with {case}, the output has shape {out.shape} or non-finite values; expected "
            f"finite values of shape {expected}."
        )


# --------------------------------------------------------------------------- input checks


@_check("generator", "detector", when=lambda obj: not _allows_nan(obj))
def check_rejects_non_finite_X(obj) -> None:
    """``fit`` raises a ``ValueError`` naming NaN or inf when X holds them (no silent NaN row)."""
    X, y = _data()
    for bad in (np.nan, np.inf):
        X_bad = X.copy()
        X_bad[7, 1] = bad
        _expect_value_error(
            lambda X_bad=X_bad: _fresh(obj).fit(X_bad, y),
            f"fit with {bad} in X",
            _validate_fit(obj) + " Say in the message that X holds NaN or inf.",
            match=r"nan|inf|finite",
        )


@_check("generator", "detector")
def check_rejects_bad_X_shape(obj) -> None:
    """``fit`` raises ``ValueError`` on a 1-D X and on an X with no rows."""
    X, y = _data()
    fix = _validate_fit(obj)
    _expect_value_error(lambda: _fresh(obj).fit(X[:, 0], y), "fit with a 1-D X", fix)
    _expect_value_error(
        lambda: _fresh(obj).fit(X[:0], y[:0]), "fit with an empty X (0 rows)", fix
    )


@_check("generator", "detector")
def check_rejects_bad_y(obj) -> None:
    """``fit`` raises ``ValueError`` on a y of the wrong length or with values other than 0/1."""
    X, y = _data()
    fix = _validate_fit(obj)
    _expect_value_error(lambda: _fresh(obj).fit(X, y[:-1]), "fit with len(y) != len(X)", fix)
    for bad in (2, -1):
        y_bad = y.copy()
        y_bad[-1] = bad
        _expect_value_error(
            lambda y_bad=y_bad: _fresh(obj).fit(X, y_bad),
            f"fit with the label {bad} in y (only 0 = unlabeled and 1 = anomaly are valid)",
            fix,
        )


@_check("generator")
def check_rejects_bad_n_samples(generator) -> None:
    """``sample`` raises ``ValueError`` on a negative or non-integer ``n_samples``."""
    gen = _fitted(generator)
    for bad in (-1, 2.5, "3"):
        _expect_value_error(
            lambda bad=bad: gen.sample(bad, random_state=0),
            f"sample(n_samples={bad!r})",
            "Validate n_samples with pyod_synth.validation.check_n_samples (inherit "
            "BaseGenerator.sample, which does it).",
        )


@_check("detector")
def check_dataframe_input(detector) -> None:
    """Fit and score with a pandas DataFrame (and y as a Series) as with the array."""
    import pandas as pd

    X, y = _data()
    X_test = _data(seed=1)[0]
    columns = [f"feature_{j}" for j in range(_N_FEATURES)]
    fitted = _fresh(detector).fit(pd.DataFrame(X, columns=columns), pd.Series(y, name="label"))
    from_frame = _scores(fitted, pd.DataFrame(X_test, columns=columns))
    assert np.allclose(from_frame, _output(_fitted(detector))), (
        "fitting and scoring with a DataFrame gave other scores than with the same values "
        "as an ndarray: convert input with sklearn.utils.check_array (or "
        "pyod_synth.validation.check_X), which reads DataFrames by value."
    )


# --------------------------------------------------------------------------- mixed types

_CATEGORIES = ("icmp", "tcp", "udp")


def _mixed_frame(seed: int = 20240611, n_rows: int = _N_ROWS, n_anomalies: int = _N_ANOMALIES):
    """A DataFrame with a categorical, a bool and two float columns; the first
    ``n_anomalies`` rows are shifted by +4 and labeled 1. "icmp" is absent from training
    rows 30 and up, so held-out rows may carry it as a rare category."""
    import pandas as pd

    X, y = _data(seed, n_rows, n_anomalies)
    rng = np.random.default_rng(seed + 1)
    frame = pd.DataFrame({
        "bytes": X[:, 0],
        "proto": pd.Categorical(rng.choice(_CATEGORIES, n_rows), categories=_CATEGORIES),
        "urgent": rng.random(n_rows) < 0.3,
        "duration": X[:, 1].astype(np.float32),
    })
    return frame, pd.Series(y, name="label")


@_check("generator")
def check_mixed_type_samples(generator) -> None:
    """Fitted on a DataFrame with a categorical and a bool column, ``sample`` returns a
    DataFrame with the same columns and dtypes, every row valid, categories from training."""
    from pyod_synth.feature_types import (
        MixedTypeEncoder,
        check_categories_from_training,
        check_valid_rows,
    )

    frame, y = _mixed_frame()
    train = frame.assign(proto=frame["proto"].where(frame.index < 40, "tcp"))
    train["proto"] = train["proto"].cat.remove_unused_categories()
    out = _fresh(generator).fit(train, y).sample(40, random_state=0)
    assert hasattr(out, "columns") and list(out.columns) == list(train.columns), (
        f"sample must return a DataFrame with the training columns {list(train.columns)}; "
        f"got {type(out).__name__}. Inherit BaseGenerator.fit/sample, which encode a "
        "DataFrame with pyod_synth.feature_types.MixedTypeEncoder and decode the samples."
    )
    assert out.dtypes.tolist() == train.dtypes.tolist(), (
        f"sample returned dtypes {out.dtypes.tolist()}, expected the training dtypes "
        f"{train.dtypes.tolist()}."
    )
    encoder = MixedTypeEncoder().fit(train)
    check_valid_rows(encoder, out)
    check_categories_from_training(encoder, train, out)


def _mixed_type_detector(detector):
    """The detector itself if it encodes mixed types (``Augmented``, ``ScoreBlend``: the
    ``MetaDetector`` base), else ``Augmented`` around it."""
    from pyod_synth._meta_detector import MetaDetector
    from pyod_synth.augmented import Augmented

    if isinstance(detector, MetaDetector):
        return detector

    return Augmented(detector, n_synthetic=0)


@_check("detector")
def check_mixed_type_input(detector) -> None:
    """Fit and score a DataFrame with a categorical column: one finite score per row, an
    unseen category scored (not a crash), other columns refused with their names."""
    frame, y = _mixed_frame()
    fitted = _fresh(_mixed_type_detector(detector)).fit(frame.iloc[:45], y.iloc[:45])
    test = frame.iloc[45:].copy()
    test["proto"] = test["proto"].cat.add_categories("gre")
    test.iloc[0, test.columns.get_loc("proto")] = "gre"  # not seen in fit
    scores = _scores(fitted, test)
    assert scores.shape == (len(test),) and np.isfinite(scores).all(), (
        f"scoring a DataFrame with a categorical column gave {scores.shape} scores (finite: "
        f"{bool(np.isfinite(scores).all())}); expected {len(test)} finite scores."
    )
    renamed = test.rename(columns={"bytes": "n_bytes"})
    try:
        _scores(fitted, renamed)
    except ValueError as exc:
        assert "n_bytes" in str(exc) or "bytes" in str(exc), (
            f"scoring rows with a renamed column raised {exc!r}, which names no column."
        )
    else:
        raise AssertionError("scoring rows with a renamed column ('n_bytes') raised nothing.")


# --------------------------------------------------------------------------- state checks


@_check("generator", "detector")
def check_pickle_round_trip(obj) -> None:
    """A pickled and unpickled fitted object gives the same samples or scores."""
    fitted = _fitted(obj)
    try:
        restored = pickle.loads(pickle.dumps(fitted))
    except Exception as exc:  # noqa: BLE001
        raise AssertionError(
            f"a fitted {_kind(obj)} does not pickle ({type(exc).__name__}: {exc}): keep no "
            "lambdas, closures, open files or locks in fitted state."
        ) from exc
    assert np.array_equal(_output(fitted), _output(restored)), (
        f"the unpickled {_kind(obj)} gives different output than the original: all fitted "
        "state must survive pickling."
    )


def _rng_states() -> list:
    states = [np.random.get_state(), random.getstate()]
    if "torch" in sys.modules:  # never import torch just to check it
        states.append(sys.modules["torch"].random.get_rng_state().numpy().copy())
    return states


def _same_rng_states(a: list, b: list) -> bool:
    np_a, np_b = a[0], b[0]
    same_numpy = np_a[0] == np_b[0] and np.array_equal(np_a[1], np_b[1]) and np_a[2:] == np_b[2:]
    # torch may first be imported during the check: compare only the states seen twice.
    same_torch = all(np.array_equal(x, y) for x, y in zip(a[2:], b[2:], strict=False))
    return same_numpy and a[1] == b[1] and same_torch


@_check("generator", "detector")
def check_global_rng_untouched(obj) -> None:
    """Building, fitting and using never read or seed the global NumPy/Python/torch RNGs."""
    X, y = _data()
    before = _rng_states()
    fitted = _fresh(obj).fit(X, y)
    _output(fitted)
    if _kind(obj) == "generator":
        fitted.sample(10, random_state=None)
    assert _same_rng_states(before, _rng_states()), (
        "the global random state changed (np.random.*, random.*, torch.manual_seed or "
        "torch.rand...): draw from the local generator given by "
        "pyod_synth.validation.as_generator(random_state) instead."
    )
