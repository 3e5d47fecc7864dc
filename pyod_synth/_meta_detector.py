"""The private base of ``Augmented`` and ``ScoreBlend``: PyOD detectors built on other detectors.

Both fit something else, then set PyOD's fitted attributes from the training rows'
scores; both encode training rows with a ``feature_encoder_`` learned in ``fit`` (mixed-type
DataFrames: see ``pyod_synth.feature_types``), encode test rows with it the same way and
share their tags. Nothing else is
shared: each has its own parameters.
"""

from __future__ import annotations

import numbers

import numpy as np
from pyod.models.base import BaseDetector
from sklearn.utils.validation import check_is_fitted, validate_data

from pyod_synth.feature_types import check_input_table, encode
from pyod_synth.tags import add_label_learner_tags


def set_training_scores(detector: BaseDetector, training_scores) -> None:
    """PyOD's ``decision_scores_``, ``threshold_``, ``labels_`` from the training scores.

    PyOD thresholds a ``contamination`` that is a Python float or int and takes anything
    else for a PyThresh object, so ``np.float32(0.1)`` fails with "has no attribute 'fit'".
    Any real number (validated in ``fit``) is read as a float; the parameter is kept as given.
    """
    detector._classes = 2  # never _set_n_classes(y): an all-zero y would give 1 class
    detector.decision_scores_ = np.asarray(training_scores, dtype=np.float64)
    given = detector.contamination
    if isinstance(given, numbers.Real) and not isinstance(given, (float, int)):
        detector.contamination = float(given)
    try:
        detector._process_decision_scores()
    finally:
        detector.contamination = given


class MetaDetector(BaseDetector):
    """A PyOD detector whose ``fit`` trains other estimators (``__init__`` only stores).

    ``BaseDetector.__init__`` is never called: it validates ``contamination``, and
    scikit-learn's rule is that ``__init__`` only stores (subclasses validate in ``fit``).
    """

    def _set_fitted(self, X, training_scores) -> None:
        """PyOD's fitted attributes from the real training rows' scores."""
        # Sets n_features_in_ (and feature_names_in_ for DataFrames) from the raw input.
        validate_data(self, X, reset=True, skip_check_array=True)
        set_training_scores(self, training_scores)

    def _check_test_data(self, X) -> np.ndarray:
        """Test rows encoded as in ``fit``: other columns than in ``fit`` are an error naming
        them; an unseen category follows ``feature_encoder_.handle_unknown``."""
        check_is_fitted(self)
        X = check_input_table(X)
        validate_data(self, X, reset=False, skip_check_array=True)
        return encode(self.feature_encoder_, X)

    def predict_proba(self, X, method="linear", return_confidence=False):
        """Outlier probability, shape (n_samples, 2): [P(inlier), P(outlier)].

        As PyOD's ``BaseDetector.predict_proba`` ("linear": training scores min-max
        scaled; "unify": Kriegel et al.'s Gaussian scaling).
        """
        X_checked = self._check_test_data(X)
        # PyOD's predict_proba calls decision_function again: a DataFrame goes on as given,
        # so its feature names are checked, not lost (an array would warn that they are gone).
        X = X if hasattr(X, "columns") else X_checked
        return super().predict_proba(X, method=method, return_confidence=return_confidence)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = False  # y is optional: None = nothing labeled
        return add_label_learner_tags(tags, requires_anomalies=self._requires_anomalies())

    def _requires_anomalies(self) -> bool:
        """Whether ``fit`` needs labeled anomalies with these parameters (tags may depend on
        them); subclasses say when they can train without any."""
        return True
