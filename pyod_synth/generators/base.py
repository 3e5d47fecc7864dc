"""The generator contract: an estimator that learns from training rows and samples anomalies."""

from __future__ import annotations

import inspect
from typing import ClassVar

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from pyod_synth.tags import add_anomaly_tags, requires_anomalies
from pyod_synth.validation import as_generator, check_n_samples, check_training_data


class BaseGenerator(BaseEstimator):
    """Base class for anomaly generators, in the style of scikit-learn's density models.

    Subclasses store their hyper-parameters in ``__init__`` (nothing else), check them in
    ``_check_params()`` (called first by ``fit``; the checks live in
    ``pyod_synth.validation``), implement ``_fit(X, is_anomaly)`` and
    ``_sample(n_samples, rng)``, and may override ``auto_n_samples``. The base class
    validates input, records the fitted counts, validates every sample it returns and never
    touches the global NumPy RNG.

    A generator whose ``fit`` needs at least one labeled anomaly (``y == 1``) says so in
    its tags (``pyod_synth.tags``)::

        def __sklearn_tags__(self):
            tags = super().__sklearn_tags__()
            tags.anomaly_tags.requires_anomalies = True
            return tags

    ``requires_anomalies`` reads that tag. (A subclass written before tags may instead set
    a class attribute ``requires_anomalies = True``; the tag then takes its value.)

    Class attributes
    ----------------
    auto_per_anomaly : int or None
        The default count rule. None: as many samples as training rows (Lau et al.).
        An int m: m samples per labeled anomaly (NNG-Mix's multiplier), falling back to
        the number of training rows when there is no labeled anomaly.

    Fitted attributes
    -----------------
    n_features_in_ : int
    n_samples_fit_ : int
        Number of training rows (labeled anomalies included).
    n_anomalies_fit_ : int
        Number of labeled anomalies seen in ``fit``.
    """

    auto_per_anomaly: ClassVar[int | None] = None

    @property
    def requires_anomalies(self) -> bool:
        """Whether ``fit`` needs at least one labeled anomaly: the estimator's tag."""
        return requires_anomalies(self)

    def fit(self, X, y=None):
        """Learn from training rows.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Finite training rows.
        y : array-like of shape (n_samples,), default=None
            1 for a labeled anomaly, 0 for an unlabeled row; None means all unlabeled.

        Returns
        -------
        self
        """
        self._check_params()
        X, is_anomaly = check_training_data(X, y)
        n_anomalies = int(is_anomaly.sum())
        if self.requires_anomalies and n_anomalies == 0:
            raise ValueError(
                f"{type(self).__name__} needs at least one labeled anomaly (y == 1) to fit, "
                "but y has none. Label some anomalies, or use a generator that needs no "
                "labels, such as 'uniform'."
            )
        self._fit(X, is_anomaly)
        self.n_features_in_ = X.shape[1]
        self.n_samples_fit_ = X.shape[0]
        self.n_anomalies_fit_ = n_anomalies
        return self

    def sample(self, n_samples, random_state=None):
        """Draw synthetic anomalies.

        Parameters
        ----------
        n_samples : int
            Number of rows to draw (0 gives an empty ``(0, n_features)`` array).
        random_state : None, int, numpy.random.Generator or RandomState, default=None
            Same value, same rows. The global NumPy RNG is never used.

        Returns
        -------
        ndarray of shape (n_samples, n_features), dtype float64
        """
        check_is_fitted(self, "n_features_in_")
        n_samples = check_n_samples(n_samples)
        if n_samples == 0:
            return np.empty((0, self.n_features_in_), dtype=np.float64)
        out = np.asarray(self._sample(n_samples, as_generator(random_state)), dtype=np.float64)
        if out.shape != (n_samples, self.n_features_in_):
            raise RuntimeError(
                f"{type(self).__name__}._sample returned shape {out.shape}, expected "
                f"{(n_samples, self.n_features_in_)}: this is a bug in the generator."
            )
        if not np.isfinite(out).all():
            raise RuntimeError(
                f"{type(self).__name__} produced non-finite values: this is a bug in the "
                "generator (or its parameters overflow for this data)."
            )
        return out

    def auto_n_samples(self) -> int:
        """How many samples ``n_synthetic="auto"`` means for this fitted generator.

        ``auto_per_anomaly`` labeled-anomaly multiples if the class sets it and there
        are labeled anomalies; otherwise as many as there were training rows (Lau et al.).
        """
        check_is_fitted(self, "n_features_in_")
        if self.auto_per_anomaly is not None and self.n_anomalies_fit_ > 0:
            return int(self.auto_per_anomaly) * self.n_anomalies_fit_
        return self.n_samples_fit_

    def _check_params(self) -> None:
        """Raise a ValueError naming any invalid hyper-parameter; nothing to check here."""

    def _fit(self, X: np.ndarray, is_anomaly: np.ndarray) -> None:
        raise NotImplementedError

    def _sample(self, n_samples: int, rng: np.random.Generator) -> np.ndarray:
        raise NotImplementedError

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = True
        return add_anomaly_tags(tags, requires_anomalies=self._legacy_requires_anomalies())

    def _legacy_requires_anomalies(self) -> bool:
        """A subclass's own ``requires_anomalies`` (attribute or property: the pre-tags
        declaration), else False."""
        if inspect.getattr_static(self, "requires_anomalies") is _REQUIRES_ANOMALIES:
            return False
        return self.requires_anomalies


_REQUIRES_ANOMALIES = BaseGenerator.__dict__["requires_anomalies"]
