"""Training-set augmentation with synthetic anomalies, shared by ``Augmented`` and the sampler.

``augment`` is the one code path: resolve the generator and the count, fit the generator
on the training rows, sample, and stack real rows (first) with synthetic rows labeled 1.
``SyntheticAnomalySampler`` exposes it as an imbalanced-learn style ``fit_resample``;
``pyod_synth.augmented.Augmented`` uses it inside ``fit``.
"""

from __future__ import annotations

import numbers
import re
from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.utils import ClassifierTags

from pyod_synth import DEFAULT_GENERATOR
from pyod_synth.validation import as_generator, check_training_data

N_SYNTHETIC_FORMS = (
    '"auto" (the generator\'s default count), an int >= 0 (exactly that many rows), '
    "a float >= 0 (that fraction of the training rows; 1.0 = as many as training rows), "
    'or a string "<m>x" such as "5x" (m per labeled anomaly); 0 or "0x" means no '
    "synthetic rows"
)

_MULTIPLIER = re.compile(r"^\s*(\d+(?:\.\d*)?)\s*[xX]\s*$")
_SEED_BOUND = 2**31 - 1  # accepted by numpy, scikit-learn, xgboost and torch alike


@dataclass(frozen=True)
class CountRule:
    """A parsed ``n_synthetic``: ``kind`` is "auto", "count", "fraction" or "per_anomaly"."""

    kind: str
    value: float = 0.0


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


def parse_n_synthetic(n_synthetic) -> CountRule:
    """Validate ``n_synthetic`` and say what it means; invalid forms list the valid ones."""
    if isinstance(n_synthetic, str):
        if n_synthetic.strip().lower() == "auto":
            return CountRule("auto")
        match = _MULTIPLIER.match(n_synthetic)
        if match:
            return CountRule("per_anomaly", float(match.group(1)))
    elif isinstance(n_synthetic, numbers.Integral) and not isinstance(n_synthetic, bool):
        if n_synthetic >= 0:
            return CountRule("count", int(n_synthetic))
    elif isinstance(n_synthetic, numbers.Real) and not isinstance(n_synthetic, bool):
        if np.isfinite(n_synthetic) and n_synthetic >= 0:
            return CountRule("fraction", float(n_synthetic))
    raise ValueError(f"n_synthetic must be {N_SYNTHETIC_FORMS}; got {n_synthetic!r}.")


def _scaled(factor: float, base: int) -> int:
    # Round to nearest, but a positive request never silently becomes zero rows.
    return max(1, int(round(factor * base))) if factor > 0 else 0


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


def resolve_generator(generator):
    """A new, unfitted generator: a registered name is built, an object is cloned."""
    if generator is None:
        generator = DEFAULT_GENERATOR
    if isinstance(generator, str):
        from pyod_synth import get_generator

        return get_generator(generator)
    if isinstance(generator, type):
        raise TypeError(
            f"generator must be a registered name or an instance, not the class "
            f"{generator.__name__}; pass {generator.__name__}() instead."
        )
    if not all(callable(getattr(generator, m, None)) for m in ("fit", "sample")):
        raise TypeError(
            f"generator must be a registered name (see `pyod-synth generators`) or an object "
            f"with fit(X, y) and sample(n_samples, random_state); got {generator!r}."
        )
    return clone(generator, safe=False)


def derive_seeds(random_state) -> tuple[int, int]:
    """Two independent seeds from one local generator: (sample seed, detector seed).

    ``Augmented`` and ``SyntheticAnomalySampler`` both draw the sample seed first, so the
    same ``random_state`` gives them the same synthetic rows.
    """
    rng = as_generator(random_state)
    sample_seed, detector_seed = rng.integers(0, _SEED_BOUND, size=2)
    return int(sample_seed), int(detector_seed)


def _check_synthetic(X_syn, n: int, d: int, generator) -> np.ndarray:
    # BaseGenerator checks its own output; plugin generators need not derive from it.
    X_syn = np.asarray(X_syn, dtype=np.float64)
    if X_syn.shape != (n, d) or not np.isfinite(X_syn).all():
        raise RuntimeError(
            f"{type(generator).__name__}.sample({n}) returned an array of shape {X_syn.shape} "
            f"(expected {(n, d)}, all finite): this is a bug in the generator."
        )
    return X_syn


def augment(X, y, generator, n_synthetic, sample_seed) -> Augmentation:
    """Validate ``(X, y)``, fit ``generator`` on it and append synthetic anomalies.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or None
        1 = labeled anomaly, 0 = unlabeled; None = all unlabeled.
    generator : str, generator object or None
        A registered name, or an instance (cloned, never fitted in place).
    n_synthetic : "auto", int, float or "<m>x"
        See ``N_SYNTHETIC_FORMS``.
    sample_seed : None, int or numpy Generator
        Seed of the generator's ``sample``.

    Returns
    -------
    Augmentation
    """
    X, is_anomaly = check_training_data(X, y)
    rule = parse_n_synthetic(n_synthetic)
    # Resolve even when no row is drawn, so a misspelt name fails in the baseline run too.
    generator = resolve_generator(generator)
    n_samples, n_features = X.shape
    n_anomalies = int(is_anomaly.sum())
    y_real = is_anomaly.astype(np.int64)
    n = None if rule.kind == "auto" else count_synthetic(rule, n_samples, n_anomalies)
    if n == 0:
        return Augmentation(X.copy(), y_real, None, 0)  # never hand back the caller's array
    generator.fit(X, y_real)
    if n is None:
        n = count_synthetic(rule, n_samples, n_anomalies, generator)
    X_syn = generator.sample(n, random_state=sample_seed)
    X_syn = _check_synthetic(X_syn, n, n_features, generator)
    return Augmentation(
        np.vstack([X, X_syn]),
        np.concatenate([y_real, np.ones(n, dtype=np.int64)]),
        generator,
        n,
    )


class SyntheticAnomalySampler(BaseEstimator):
    """Append synthetic anomalies (label 1) to a training set, imbalanced-learn style.

    A drop-in step for ``imblearn.pipeline.Pipeline`` in front of any classifier: the
    synthetic rows exist only while the pipeline fits, never at predict time, so they
    cannot leak into a test fold. Unlike imbalanced-learn's own samplers it accepts a y
    with a single class (or no y at all), which is the unsupervised case. It does not
    depend on imbalanced-learn.

    Parameters
    ----------
    generator : str or generator object, default=DEFAULT_GENERATOR ("mixture")
        A registered generator name (``pyod_synth.list_generators()``) or an instance
        (cloned before fitting). The default needs no labeled anomaly.
    n_synthetic : "auto", int, float or str, default="auto"
        How many synthetic rows: "auto" (the generator's ``auto_n_samples()``), an int
        (exactly that many), a float (that fraction of the training rows; Lau et al.'s
        1.0 = as many as training rows) or "<m>x" such as "5x" (m per labeled anomaly,
        NNG-Mix's multiplier). Fractions are rounded, but a positive request gives at least
        one row. 0 or "0x" returns the input unchanged.
    random_state : None, int, numpy Generator or RandomState, default=None
        Seeds a local generator; the global NumPy RNG is never used. For the same value
        the sampler draws the same rows as ``Augmented`` does.

    Attributes
    ----------
    generator_ : generator object or None
        The fitted generator; None when no synthetic row was drawn.
    n_synthetic_ : int
        Number of synthetic rows appended.
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth import SyntheticAnomalySampler
    >>> X = np.random.default_rng(0).normal(size=(100, 3))
    >>> X_aug, y_aug = SyntheticAnomalySampler(n_synthetic=0.5, random_state=0).fit_resample(X)
    >>> X_aug.shape, int(y_aug.sum())
    ((150, 3), 50)

    In a pipeline (requires ``imbalanced-learn``)::

        from imblearn.pipeline import make_pipeline
        from sklearn.ensemble import RandomForestClassifier
        model = make_pipeline(SyntheticAnomalySampler(random_state=0),
                              RandomForestClassifier(random_state=0))
        model.fit(X_train, y_train)          # y_train may be all zeros
        scores = model.predict_proba(X_test)[:, 1]
    """

    # imbalanced-learn's ``is_sampler`` and Pipeline recognise samplers by this attribute.
    _estimator_type = "sampler"

    def __init__(self, generator=DEFAULT_GENERATOR, n_synthetic="auto", random_state=None):
        self.generator = generator
        self.n_synthetic = n_synthetic
        self.random_state = random_state

    def fit_resample(self, X, y=None):
        """Return the training rows followed by synthetic anomalies.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Finite training rows.
        y : array-like of shape (n_samples,), default=None
            1 = labeled anomaly, 0 = unlabeled; None means all unlabeled.

        Returns
        -------
        X_resampled : ndarray of shape ``(n_samples + n_synthetic_, n_features)``, float64
        y_resampled : ndarray of shape ``(n_samples + n_synthetic_,)``, int
            The input labels (zeros when y is None), then 1 for each synthetic row.
        """
        sample_seed, _ = derive_seeds(self.random_state)
        result = augment(X, y, self.generator, self.n_synthetic, sample_seed)
        self.generator_ = result.generator
        self.n_synthetic_ = result.n_synthetic
        self.n_features_in_ = result.X.shape[1]
        return result.X, result.y

    def fit(self, X, y=None):
        """Fit the generator as ``fit_resample`` does and return self."""
        self.fit_resample(X, y)
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = False  # y is optional: None = nothing labeled
        # y is binary (1 = labeled anomaly): lets scikit-learn's checks send 0/1 labels.
        tags.classifier_tags = ClassifierTags(multi_class=False)
        return tags
