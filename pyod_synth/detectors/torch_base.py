"""The PyOD contract shared by the torch detectors: validation, seeding, fitted attributes."""

from __future__ import annotations

import numpy as np
from pyod.models.base import BaseDetector
from sklearn.utils.validation import check_is_fitted

from pyod_synth.detectors.torch_utils import import_torch, resolve_device, torch_generator
from pyod_synth.validation import (  # noqa: F401 - parameter checks re-exported
    as_generator,
    check_fraction,
    check_positive_int,
    check_positive_real,
    check_training_data,
    check_X,
)


def check_both_labels(is_anomaly: np.ndarray, name: str) -> None:
    """A ValueError unless at least one row is labeled 1 and one labeled 0."""
    n_anomalies = int(is_anomaly.sum())
    if n_anomalies == 0 or n_anomalies == is_anomaly.size:
        missing = "1 (anomaly)" if n_anomalies == 0 else "0 (normal/unlabeled)"
        raise ValueError(
            f"{name} learns from labels and needs rows of both kinds, but y has no row labeled "
            f"{missing}. Label some anomalies, or wrap the detector in pyod_synth.Augmented "
            "to add synthetic ones."
        )


def check_n_features(X: np.ndarray, n_features_in: int, name: str) -> None:
    """A ValueError when ``X`` does not have the training number of columns."""
    if X.shape[1] != n_features_in:
        raise ValueError(
            f"X has {X.shape[1]} features, but {name} was fitted with {n_features_in}; pass "
            "rows with the training columns, in the same order."
        )


class BaseTorchDetector(BaseDetector):
    """A PyOD detector trained with torch on rows labeled 1 (anomaly) or 0 (unlabeled).

    Subclasses store their parameters in ``__init__``, check them in ``_check_params``
    and implement ``_fit(X, is_anomaly, rng, generator, device)``, returning the training
    rows' anomaly scores, and ``_score(X)``. This base class validates input, turns
    ``random_state`` into a local NumPy generator and a local ``torch.Generator`` (the
    global NumPy and torch generators are never read nor seeded), and sets PyOD's fitted
    attributes: ``decision_scores_``, ``threshold_`` and ``labels_`` (through
    ``_process_decision_scores``) and ``_classes = 2``.

    ``uses_labels = True`` tells ``pyod_synth.Augmented`` that ``fit`` learns from ``y``;
    ``requires_anomalies`` says whether ``fit`` needs at least one row labeled 1 (shown
    by ``pyod-synth detectors``).
    """

    uses_labels = True
    requires_anomalies = False

    def fit(self, X, y):
        """Fit on rows ``X`` with labels ``y`` (1 = anomaly, real or synthetic; 0 = unlabeled).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            0/1 labels. None means every row is unlabeled (only some detectors accept that).

        Returns
        -------
        self
        """
        import_torch()
        X, is_anomaly = check_training_data(X, y)
        self._check_params()
        device = resolve_device(self.device)
        rng = as_generator(self.random_state)
        training_scores = self._fit(X, is_anomaly, rng, torch_generator(rng), device)
        self.n_features_in_ = X.shape[1]
        self._classes = 2
        self.decision_scores_ = np.asarray(training_scores, dtype=np.float64)
        self._process_decision_scores()
        return self

    def decision_function(self, X):
        """Anomaly scores of ``X``: higher means more anomalous.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        check_is_fitted(self, "decision_scores_")
        X = check_X(X)
        check_n_features(X, self.n_features_in_, type(self).__name__)
        return self._score(X)

    def _log(self, message: str) -> None:
        if self.verbose:
            print(f"{type(self).__name__}: {message}")

    def _check_params(self) -> None:
        raise NotImplementedError

    def _fit(self, X, is_anomaly, rng, generator, device) -> np.ndarray:
        raise NotImplementedError

    def _score(self, X: np.ndarray) -> np.ndarray:
        raise NotImplementedError
