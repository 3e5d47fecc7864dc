"""The generator contract: an estimator that learns from training rows and samples anomalies."""

from __future__ import annotations

import inspect
from typing import ClassVar

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.utils.validation import check_is_fitted

from pyod_synth.feature_types import MixedTypeEncoder, encode_fit, encoded_space_types
from pyod_synth.tags import add_anomaly_tags, requires_anomalies
from pyod_synth.validation import (
    as_generator,
    check_float64_range,
    check_labels,
    check_n_samples,
    check_synthetic_size,
)


class BaseGenerator(BaseEstimator):
    """Base class for anomaly generators, in the style of scikit-learn's density models.

    Subclasses store their hyper-parameters in ``__init__`` (nothing else), check them in
    ``_check_params()`` (called first by ``fit``; the checks live in
    ``pyod_synth.validation``), implement ``_fit(X, is_anomaly)`` and
    ``_sample(n_samples, rng)``, and may override ``auto_n_samples``. The base class
    validates input, records the fitted counts, validates every sample it returns and never
    touches the global NumPy RNG.

    Mixed-type data: ``fit`` encodes ``X`` with a :class:`~pyod_synth.feature_types.
    MixedTypeEncoder` (categorical columns one-hot, bool and {0, 1} columns binary, see
    ``feature_types``); ``_fit`` and ``_sample`` work on the encoded float64 matrix, and
    ``sample`` projects every row to a valid one (each one-hot group the one-hot of its
    largest entry, each binary column the nearer of 0 and 1, ties drawn from the same
    ``random_state``) and decodes it into the container ``fit`` saw: a DataFrame comes back
    with the same columns and dtypes (see ``MixedTypeEncoder.inverse_transform``), an array
    with categorical columns as such an array, a numeric array as float64. A subclass that
    adds noise keeps it off ``self.feature_encoder_.discrete_mask()``, so an interpolated row
    takes the category of the endpoint with the larger weight.

    Class attributes
    ----------------
    requires_anomalies : bool, default=False
        ``fit`` needs at least one labeled anomaly (``y == 1``). The one
        ``__sklearn_tags__`` here turns it into the ``requires_anomalies`` anomaly tag
        (``pyod_synth.tags``). A property where it depends on a parameter (see
        ``CutoutGenerator``).
    auto_per_anomaly : int or None
        The default count rule. None: as many samples as training rows (Lau et al.).
        An int m: m samples per labeled anomaly (NNG-Mix's multiplier), falling back to
        the number of training rows when there is no labeled anomaly.

    Fitted attributes
    -----------------
    feature_encoder_ : MixedTypeEncoder
        The fitted encoder of the training columns.
    n_features_in_ : int
        Number of input columns (before encoding).
    n_samples_fit_ : int
        Number of training rows (labeled anomalies included).
    n_anomalies_fit_ : int
        Number of labeled anomalies seen in ``fit``.
    """

    requires_anomalies: ClassVar[bool] = False
    auto_per_anomaly: ClassVar[int | None] = None

    def fit(self, X, y=None, *, feature_types=None):
        """Learn from training rows.

        Parameters
        ----------
        X : array-like or pandas DataFrame of shape (n_samples, n_features)
            Finite training rows, without missing values. A DataFrame may hold
            ``category``, ``object``, string and ``bool`` columns.
        y : array-like of shape (n_samples,), default=None
            1 for a labeled anomaly, 0 for an unlabeled row; None means all unlabeled.
        feature_types : MixedTypeEncoder, default=None
            How to read the columns (cloned, then fitted on ``X``). None: inferred, as
            ``MixedTypeEncoder()`` does (a DataFrame's ``category``/``object``/string
            columns are categorical, ``bool`` and {0, 1} columns binary, the rest numeric).
            Declare types of an array with e.g. ``MixedTypeEncoder(categorical=[2],
            onehot_groups=[[5, 6, 7]])``.

        Returns
        -------
        self
        """
        self._check_params()
        encoder = MixedTypeEncoder() if feature_types is None else clone(feature_types)
        X = encode_fit(encoder, X)
        is_anomaly = check_labels(y, X.shape[0])
        check_float64_range(X, type(self).__name__)
        n_anomalies = int(is_anomaly.sum())
        if requires_anomalies(self) and n_anomalies == 0:  # the tag, however declared
            raise ValueError(
                f"{type(self).__name__} needs at least one labeled anomaly (y == 1) to fit, "
                "but y has none. Label some anomalies, or use a generator that needs no "
                "labels, such as 'uniform'."
            )
        self.feature_encoder_ = encoder
        self._fit(X, is_anomaly)
        self.n_features_in_ = encoder.n_features_in_
        self._n_encoded = X.shape[1]
        self.n_samples_fit_ = X.shape[0]
        self.n_anomalies_fit_ = n_anomalies
        return self

    def sample(self, n_samples, random_state=None):
        """Draw synthetic anomalies.

        Parameters
        ----------
        n_samples : int
            Number of rows to draw (0 gives an empty ``(0, n_features)`` array). A draw
            of more than 4 GiB of float64 rows is refused before anything is allocated;
            the environment variable ``PYOD_SYNTH_MAX_SYNTHETIC_BYTES`` (bytes) sets
            another limit (:func:`pyod_synth.validation.max_synthetic_bytes`).
        random_state : None, int, numpy.random.Generator or RandomState, default=None
            Same value, same rows. The global NumPy RNG is never used.

        Returns
        -------
        ndarray of shape (n_samples, n_features), dtype float64, or the container ``fit``
        saw: a DataFrame with the training columns and dtypes, an array of labels for an
        array with categorical columns. Every row is valid (one category per categorical
        column, taken from training; 0 or 1 in binary columns).
        """
        out = self._sample_encoded(n_samples, random_state)
        if self.feature_encoder_.decodes_to_labels():
            return self.feature_encoder_.inverse_transform(out)
        return out

    def _sample_encoded(self, n_samples, random_state) -> np.ndarray:
        """Valid rows in the encoded space (float64, projected); ``sample`` decodes them."""
        check_is_fitted(self, "n_features_in_")
        n_samples = check_n_samples(n_samples)
        if n_samples == 0:
            return np.empty((0, self._n_encoded), dtype=np.float64)
        check_synthetic_size(n_samples, self._n_encoded, f"{type(self).__name__}.sample")
        rng = as_generator(random_state)
        out = np.asarray(self._sample(n_samples, rng), dtype=np.float64)
        if out.shape != (n_samples, self._n_encoded):
            raise RuntimeError(
                f"{type(self).__name__}._sample returned shape {out.shape}, expected "
                f"{(n_samples, self._n_encoded)}: this is a bug in the generator."
            )
        if not np.isfinite(out).all():
            raise RuntimeError(
                f"{type(self).__name__} produced non-finite values: this is a bug in the "
                "generator (or its parameters overflow for this data)."
            )
        # The same local generator breaks ties; numeric-only data draws nothing from it.
        return self.feature_encoder_.project_to_valid(out, random_state=rng)

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
        return add_anomaly_tags(tags, requires_anomalies=self.requires_anomalies)


def fit_encoded(generator, X_encoded: np.ndarray, y, encoder: MixedTypeEncoder):
    """Fit ``generator`` on rows already encoded by the fitted ``encoder``.

    A generator whose ``fit`` takes ``feature_types`` (every ``BaseGenerator``) is told the
    encoded layout, so it projects its samples onto the same groups and binary columns; a
    plugin generator without it is fitted on the encoded rows as they are (the caller
    projects its samples). Returns the fitted generator.
    """
    if _takes_feature_types(generator):
        return generator.fit(X_encoded, y, feature_types=encoded_space_types(encoder))
    return generator.fit(X_encoded, y)


def _takes_feature_types(generator) -> bool:
    try:
        return "feature_types" in inspect.signature(generator.fit).parameters
    except (TypeError, ValueError):
        return False
