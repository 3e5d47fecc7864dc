"""PyOD's XGBOD with input checks and PyOD's full fitted-attribute contract (extra: xgboost)."""

from __future__ import annotations

import warnings

import numpy as np
from pyod.models.xgbod import XGBOD as _PyODXGBOD

from pyod_synth.tags import add_anomaly_tags
from pyod_synth.validation import (
    check_both_labels,
    check_n_features,
    check_training_data,
    check_X,
)


class XGBOD(_PyODXGBOD):
    """PyOD's XGBOD (Zhao & Hryniewicki 2018): XGBoost on the features plus unsupervised scores.

    Same parameters and algorithm as ``pyod.models.xgbod.XGBOD``; this subclass adds what
    the PyOD class lacks: input validation with clear errors (NaN, labels other than 0/1,
    a single label), ``threshold_`` (0.5, the probability cut XGBOD's own ``predict``
    uses, so ``predict`` and ``labels_`` agree with it), a ``predict_proba`` of shape
    (n_samples, 2) like every PyOD detector, and no warning about PyOD's obsolete
    ``silent`` parameter or about ``y`` in "unsupervised learning".

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.detectors.xgbod import XGBOD
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, 1, (100, 2)), rng.normal(4, 1, (10, 2))])
    >>> y = np.r_[np.zeros(100), np.ones(10)]
    >>> XGBOD(n_estimators=10).fit(X, y).predict_proba(X).shape
    (110, 2)
    """

    def fit(self, X, y):
        """Fit on rows ``X`` with labels ``y`` (1 = anomaly, 0 = normal/unlabeled)."""
        X, is_anomaly = check_training_data(X, y)
        check_both_labels(is_anomaly, "XGBOD")
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="y should not be presented")
            warnings.filterwarnings("ignore", message=r'[\s\S]*Parameters: \{ "silent" \}')
            super().fit(X, is_anomaly.astype(int))
        self.threshold_ = 0.5
        self._mu = float(np.mean(self.decision_scores_))
        self._sigma = float(np.std(self.decision_scores_))
        self.n_features_in_ = X.shape[1]
        return self

    def decision_function(self, X):
        """P(anomaly) of each row from the fitted XGBoost model."""
        X = check_X(X)
        if hasattr(self, "n_features_in_"):
            check_n_features(X, self.n_features_in_, "XGBOD")
        return super().decision_function(X)

    def predict_proba(self, X):
        """[P(normal), P(anomaly)] of each row from the fitted XGBoost model."""
        p_anomaly = self.decision_function(X)
        return np.column_stack([1.0 - p_anomaly, p_anomaly])

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        return add_anomaly_tags(tags, learns_from_labels=True, requires_anomalies=True)
