"""Conformance checks for generator plugins, in the spirit of scikit-learn's ``check_estimator``.

A plugin author runs ``check_generator(MyGenerator())`` in their test suite; it raises an
``AssertionError`` naming the first check that fails and what to fix. ``iter_checks``
yields the checks one by one, for ``pytest.mark.parametrize``.

Every check works on clones of the generator it is given (the caller's instance is never
fitted or modified) and on a small fixed data set with a few labeled anomalies.
"""

from __future__ import annotations

import functools
import inspect
import numbers
import pickle
import random
import sys
from collections.abc import Callable, Iterator

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.exceptions import NotFittedError

__all__ = ["check_generator", "iter_checks"]

_N_ROWS, _N_FEATURES, _N_ANOMALIES = 60, 3, 6

_CHECKS: dict[str, Callable[[BaseEstimator], None]] = {}


def _check(func):
    _CHECKS[func.__name__] = func
    return func


def check_generator(generator) -> None:
    """Run every conformance check on a generator instance.

    Parameters
    ----------
    generator : BaseGenerator
        An unfitted or fitted generator instance. It is cloned for each check and never
        modified.

    Raises
    ------
    AssertionError
        At the first failed check. The message starts with the check's name and says
        what the generator did wrong and how to fix it.

    See Also
    --------
    iter_checks : the same checks one by one, to parametrize a test.

    Examples
    --------
    >>> from pyod_synth.generators.uniform import UniformGenerator
    >>> from pyod_synth.testing import check_generator
    >>> check_generator(UniformGenerator(margin=0.1))  # silent when everything passes
    """
    for _name, check in iter_checks(generator):
        check()


def iter_checks(generator) -> Iterator[tuple[str, Callable[[], None]]]:
    """Yield ``(check_name, check)`` pairs; calling ``check()`` runs one check.

    Like scikit-learn's ``check_estimator(generate_only=True)``: use it to give each
    check its own test.

    Examples
    --------
    >>> from pyod_synth.generators.uniform import UniformGenerator
    >>> from pyod_synth.testing import iter_checks
    >>> checks = dict(iter_checks(UniformGenerator()))
    >>> checks["check_deterministic"]()  # passes: returns None
    >>> # In a test module:
    >>> # @pytest.mark.parametrize("name, check", iter_checks(MyGenerator()))
    >>> # def test_conformance(name, check):
    >>> #     check()
    """
    if isinstance(generator, type):
        raise TypeError(
            f"check_generator needs a generator instance, e.g. {generator.__name__}(), "
            "not the class."
        )
    for name, func in _CHECKS.items():
        yield name, functools.partial(_run_check, name, func, generator)


def _run_check(name: str, func: Callable, generator) -> None:
    label = type(generator).__name__
    try:
        func(generator)
    except AssertionError as exc:
        raise AssertionError(f"{name} failed for {label}: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - any crash is a failed check, named as such
        raise AssertionError(
            f"{name} failed for {label}: it raised {type(exc).__name__}: {exc}"
        ) from exc


# --------------------------------------------------------------------------- helpers


def _data() -> tuple[np.ndarray, np.ndarray]:
    """60 rows, 3 features; the first 6 rows are labeled anomalies shifted away."""
    rng = np.random.default_rng(20240611)
    X = rng.normal(size=(_N_ROWS, _N_FEATURES))
    X[:_N_ANOMALIES] += 4.0
    y = np.zeros(_N_ROWS, dtype=np.int64)
    y[:_N_ANOMALIES] = 1
    return X, y


def _fresh(generator):
    """A clone with a fixed ``random_state`` if it has one, like scikit-learn's checks."""
    new = clone(generator)
    params = new.get_params(deep=False)
    if "random_state" in params and params["random_state"] is None:
        new.set_params(random_state=0)
    return new


def _fitted(generator):
    X, y = _data()
    return _fresh(generator).fit(X, y)


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


def _expect_value_error(action: Callable[[], object], case: str, fix: str) -> None:
    try:
        action()
    except ValueError:
        return
    except Exception as exc:  # noqa: BLE001
        raise AssertionError(
            f"{case} raised {type(exc).__name__} ({exc}) instead of ValueError. {fix}"
        ) from exc
    raise AssertionError(f"{case} was accepted silently; it must raise ValueError. {fix}")


_VALIDATE_FIT = (
    "Validate input in fit with pyod_synth.validation.check_training_data (inherit "
    "BaseGenerator.fit, which does it)."
)


# --------------------------------------------------------------------------- checks


@_check
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
    flag = getattr(generator, "requires_anomalies", None)
    assert isinstance(flag, bool), (
        f"class attribute requires_anomalies must be True or False, got {flag!r}: set it "
        "to True if fit needs labeled anomalies (y == 1)."
    )


@_check
def check_init_stores_params(generator) -> None:
    """``__init__`` stores each parameter unchanged and nothing else; clone round-trips."""
    params = generator.get_params(deep=False)
    signature = inspect.signature(type(generator).__init__)
    variadic = [
        p.name for p in signature.parameters.values() if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    assert not variadic, (
        f"__init__ takes *{variadic[0]}: list every parameter explicitly, since clone() "
        "and get_params() drop anything else."
    )
    fresh = type(generator)(**params)
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
    cloned = clone(generator)
    assert _same_params(cloned.get_params(), generator.get_params()), (
        "clone(gen).get_params() differs from gen.get_params(): get_params must return "
        "exactly the constructor arguments."
    )
    assert cloned.set_params(**params) is cloned, "set_params must return self."
    assert _same_params(cloned.get_params(deep=False), params), (
        "set_params(**gen.get_params()) changed the parameters: set_params must store "
        "values unchanged."
    )


@_check
def check_fit_returns_self(generator) -> None:
    """``fit`` returns the generator itself, so ``gen.fit(X).sample(n)`` chains."""
    X, y = _data()
    gen = _fresh(generator)
    assert gen.fit(X, y) is gen, "fit must end with `return self`."


@_check
def check_auto_n_samples(generator) -> None:
    """``auto_n_samples()`` of a fitted generator is a positive int."""
    n = _fitted(generator).auto_n_samples()
    assert isinstance(n, numbers.Integral) and not isinstance(n, bool) and n >= 1, (
        f"auto_n_samples() returned {n!r}; it must return a positive int (the default "
        "number of anomalies to draw)."
    )


@_check
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


@_check
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


@_check
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


@_check
def check_no_input_mutation(generator) -> None:
    """``fit`` and ``sample`` leave the caller's X and y unchanged."""
    X, y = _data()
    X_before, y_before = X.copy(), y.copy()
    gen = _fresh(generator).fit(X, y)
    gen.sample(10, random_state=0)
    assert np.array_equal(X, X_before), (
        "fit/sample modified the caller's X in place: work on a copy (X = X.copy()) "
        "before in-place operations."
    )
    assert np.array_equal(y, y_before), (
        "fit/sample modified the caller's y in place: work on a copy."
    )


@_check
def check_not_fitted(generator) -> None:
    """``sample`` before ``fit`` raises ``sklearn.exceptions.NotFittedError``."""
    gen = _fresh(generator)
    try:
        gen.sample(5, random_state=0)
    except NotFittedError:
        return
    except Exception as exc:  # noqa: BLE001
        raise AssertionError(
            f"sample() before fit() raised {type(exc).__name__} ({exc}) instead of "
            "NotFittedError: call sklearn.utils.validation.check_is_fitted(self) first."
        ) from exc
    raise AssertionError(
        "sample() before fit() returned output instead of raising NotFittedError: call "
        "sklearn.utils.validation.check_is_fitted(self) first."
    )


@_check
def check_requires_anomalies(generator) -> None:
    """``requires_anomalies`` tells the truth about needing labeled anomalies in ``fit``."""
    X, _ = _data()
    no_labels = {"y=None": None, "an all-zero y": np.zeros(_N_ROWS, dtype=np.int64)}
    if generator.requires_anomalies:
        for case, y in no_labels.items():
            _expect_value_error(
                lambda y=y: _fresh(generator).fit(X, y),
                f"requires_anomalies is True, but fit with {case} (no labeled anomaly)",
                "Raise a ValueError saying that labeled anomalies (y == 1) are needed.",
            )
        return
    for case, y in no_labels.items():
        try:
            out = _fresh(generator).fit(X, y).sample(5, random_state=0)
        except Exception as exc:  # noqa: BLE001
            raise AssertionError(
                f"requires_anomalies is False, but fit/sample with {case} raised "
                f"{type(exc).__name__} ({exc}): either work without labeled anomalies or "
                "set requires_anomalies = True."
            ) from exc
        assert out.shape == (5, _N_FEATURES), (
            f"with {case}, sample(5) returned shape {out.shape}, expected (5, {_N_FEATURES})."
        )


@_check
def check_rejects_non_finite_X(generator) -> None:
    """``fit`` raises ``ValueError`` on NaN or inf in X (never a silent NaN row)."""
    X, y = _data()
    for bad in (np.nan, np.inf):
        X_bad = X.copy()
        X_bad[7, 1] = bad
        _expect_value_error(
            lambda X_bad=X_bad: _fresh(generator).fit(X_bad, y),
            f"fit with {bad} in X",
            _VALIDATE_FIT,
        )


@_check
def check_rejects_bad_X_shape(generator) -> None:
    """``fit`` raises ``ValueError`` on a 1-D X and on an X with no rows."""
    X, y = _data()
    _expect_value_error(
        lambda: _fresh(generator).fit(X[:, 0], y), "fit with a 1-D X", _VALIDATE_FIT
    )
    _expect_value_error(
        lambda: _fresh(generator).fit(X[:0], y[:0]), "fit with an empty X (0 rows)", _VALIDATE_FIT
    )


@_check
def check_rejects_bad_y(generator) -> None:
    """``fit`` raises ``ValueError`` on a y of the wrong length or with values other than 0/1."""
    X, y = _data()
    _expect_value_error(
        lambda: _fresh(generator).fit(X, y[:-1]), "fit with len(y) != len(X)", _VALIDATE_FIT
    )
    for bad in (2, -1):
        y_bad = y.copy()
        y_bad[-1] = bad
        _expect_value_error(
            lambda y_bad=y_bad: _fresh(generator).fit(X, y_bad),
            f"fit with the label {bad} in y (only 0 = unlabeled and 1 = anomaly are valid)",
            _VALIDATE_FIT,
        )


@_check
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


@_check
def check_pickle_round_trip(generator) -> None:
    """A pickled and unpickled fitted generator draws the same samples."""
    gen = _fitted(generator)
    try:
        restored = pickle.loads(pickle.dumps(gen))
    except Exception as exc:  # noqa: BLE001
        raise AssertionError(
            f"a fitted generator does not pickle ({type(exc).__name__}: {exc}): keep no "
            "lambdas, closures, open files or locks in fitted state."
        ) from exc
    assert np.array_equal(gen.sample(15, random_state=0), restored.sample(15, random_state=0)), (
        "the unpickled generator draws different samples than the original for the same "
        "random_state: all fitted state must survive pickling."
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


@_check
def check_global_rng_untouched(generator) -> None:
    """Building, fitting and sampling never read or seed the global NumPy/Python/torch RNGs."""
    X, y = _data()
    before = _rng_states()
    gen = _fresh(generator).fit(X, y)
    gen.sample(10, random_state=0)
    gen.sample(10, random_state=None)
    assert _same_rng_states(before, _rng_states()), (
        "the global random state changed (np.random.*, random.*, torch.manual_seed or "
        "torch.rand...): draw from the local generator given by "
        "pyod_synth.validation.as_generator(random_state) instead."
    )
