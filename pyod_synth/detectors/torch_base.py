"""The PyOD contract shared by the torch detectors: validation, seeding, fitted attributes, tags."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from pyod.models.base import BaseDetector
from sklearn.utils.validation import check_is_fitted, validate_data

from pyod_synth._meta_detector import set_training_scores
from pyod_synth.detectors.torch_utils import import_torch, resolve_device, torch_generator
from pyod_synth.tags import add_label_learner_tags, requires_anomalies
from pyod_synth.validation import (
    as_generator,
    check_contamination,
    check_float32_range,
    check_n_features,
    check_not_all_anomalies,
    check_training_data,
    check_X,
)


class BaseTorchDetector(BaseDetector):
    """A PyOD detector trained with torch on rows labeled 1 (anomaly) or 0 (unlabeled).

    Subclasses only store their parameters in ``__init__`` (``BaseDetector.__init__``,
    which validates ``contamination``, is never called), check them in ``_check_params``
    (called by ``fit``, after ``contamination``) and implement
    ``_fit(X, is_anomaly, rng, generator, device)``, returning the training rows'
    anomaly scores, and ``_score(X)``. This base class validates input, turns
    ``random_state`` into a local NumPy generator and a local ``torch.Generator`` (the
    global NumPy and torch generators are never read nor seeded), and sets PyOD's fitted
    attributes: ``decision_scores_``, ``threshold_`` and ``labels_`` (through
    ``_process_decision_scores``) and ``_classes = 2``.

    Tags (``pyod_synth.tags``): ``learns_from_labels`` (``fit`` learns from ``y``), and
    ``requires_anomalies`` from the class attribute of that name (``fit`` needs at least
    one row labeled 1, hence ``y``; False here, True in the subclasses that do).
    """

    requires_anomalies: ClassVar[bool] = False

    def fit(self, X, y=None):
        """Fit on rows ``X`` with labels ``y`` (1 = anomaly, real or synthetic; 0 = unlabeled).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), default=None
            0/1 labels. None means every row is unlabeled (only detectors whose tags do
            not require anomalies, DeepSAD and LUNAR, accept that).

        Returns
        -------
        self
        """
        import_torch()
        if y is None and requires_anomalies(self):
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target y is None: it "
                "learns from rows labeled 1 (anomaly) and 0. Wrap it in pyod_synth.Augmented "
                "to train it without labeled anomalies."
            )
        validate_data(self, X, skip_check_array=True)  # n_features_in_, feature_names_in_
        X, is_anomaly = check_training_data(X, y)
        if not requires_anomalies(self):  # DeepSAD, LUNAR: y == 0 rows are what they learn
            check_not_all_anomalies(is_anomaly, type(self).__name__,
                                    "learns normal data from the unlabeled rows (y == 0)")
        check_float32_range(X, type(self).__name__)
        check_contamination(self.contamination)
        self._check_params()
        device = resolve_device(self.device)
        rng = as_generator(self.random_state)
        training_scores = self._fit(X, is_anomaly, rng, torch_generator(rng), device)
        set_training_scores(self, training_scores)
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
        X_checked = check_X(X)
        validate_data(self, X, reset=False, skip_check_array=True)  # scikit-learn's wording
        X = X_checked
        check_n_features(X, self.n_features_in_, type(self).__name__)
        check_float32_range(X, type(self).__name__)
        return self._score(X)

    def _log(self, message: str) -> None:
        if self.verbose:
            print(f"{type(self).__name__}: {message}")

    def _check_params(self) -> None:
        raise NotImplementedError

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # y=None means every row unlabeled, which only a detector not needing anomalies takes.
        tags.target_tags.required = self.requires_anomalies
        return add_label_learner_tags(tags, requires_anomalies=self.requires_anomalies)

    def _fit(self, X, is_anomaly, rng, generator, device) -> np.ndarray:
        raise NotImplementedError

    def _score(self, X: np.ndarray) -> np.ndarray:
        raise NotImplementedError
