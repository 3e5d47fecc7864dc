"""Adapting any label-learning detector to pyod-synth: accept it or say why not, and score it.

A wrapped detector may be a scikit-learn classifier (scored by ``predict_proba`` of class
1), a PyOD detector (``decision_function``), a pyod-synth detector, or a plugin's. What it
can do is read from its capability tags (:mod:`pyod_synth.tags`).

Examples
--------
>>> import numpy as np
>>> from sklearn.linear_model import LogisticRegression
>>> from pyod_synth.detector_adapter import anomaly_scores, resolve_label_learner
>>> X = np.r_[np.zeros((5, 1)), np.ones((5, 1))]; y = np.r_[np.zeros(5), np.ones(5)]
>>> det = resolve_label_learner(LogisticRegression()).fit(X, y)
>>> anomaly_scores(det, X).shape
(10,)
"""

from __future__ import annotations

import warnings

import numpy as np
from pyod.models.base import BaseDetector

from pyod_synth._augment import resolve
from pyod_synth.registry import detector_registrations
from pyod_synth.tags import estimator_name, final_estimator, learns_from_labels
from pyod_synth.validation import check_float32_range, check_float64_range

LABEL_LEARNERS = (
    "a scikit-learn classifier (e.g. RandomForestClassifier()), PyOD's XGBOD, or a "
    "detector registered with pyod-synth (`pyod-synth detectors`)"
)


def resolve_label_learner(detector):
    """A new, unfitted detector that learns from labels: a name is built, an object cloned.

    Refuses a detector that ignores ``y`` (IForest, LOF, ...): it would learn the synthetic
    anomalies as normal data. A registered name is judged by its registration (a plugin
    declares ``learns_from_labels=False`` for an unsupervised one), an object by its tags.
    """
    instance = resolve(detector, "detector", ("fit",))
    if isinstance(detector, str):
        learns = detector_registrations()[detector].learns_from_labels
    else:
        learns = learns_from_labels(instance)
    if not learns:
        raise TypeError(
            f"{estimator_name(instance)} ignores y in fit, so the synthetic anomalies would be "
            f"learned as normal data. Wrap a detector that learns from labels instead: "
            f"{LABEL_LEARNERS}. A detector that does use y declares it in its tags "
            "(pyod_synth.tags.add_anomaly_tags(tags, learns_from_labels=True))."
        )
    if type(instance).__module__ == "pyod.models.devnet":
        warnings.warn(
            "PyOD's DevNet (3.6.7 and earlier) passes predictions and labels to its deviation "
            "loss in swapped order, so it tends to rank labeled anomalies as the most normal "
            "rows. Use pyod-synth's registered 'devnet' (a re-implementation of the authors' "
            "network) instead: Augmented('devnet', ...).",
            UserWarning,
            stacklevel=4,
        )
    if not (hasattr(instance, "predict_proba") or hasattr(instance, "decision_function")):
        raise TypeError(
            f"{estimator_name(instance)} has neither predict_proba nor decision_function, so "
            "Augmented cannot score rows with it."
        )
    return instance


def positive_class_proba(detector, proba) -> np.ndarray:
    """The class-1 column of a ``predict_proba`` output (a 1-D one, as XGBOD's, as is)."""
    proba = np.asarray(proba, dtype=np.float64)
    if proba.ndim != 2:
        return proba
    classes = getattr(detector, "classes_", None)
    if classes is None:
        return proba[:, -1]
    return proba[:, int(np.flatnonzero(np.asarray(classes) == 1)[0])]


def anomaly_scores(detector, X: np.ndarray) -> np.ndarray:
    """1-D scores of a fitted detector, higher = more anomalous.

    PyOD detectors: ``decision_function``. Classifiers: the ``predict_proba`` column of
    class 1 (see :func:`positive_class_proba`), or ``decision_function`` when there is no
    ``predict_proba``.
    """
    name = estimator_name(detector)
    # PyOD's predict_proba clips to the training scores' range: its ranking is coarser.
    pyod = isinstance(final_estimator(detector), BaseDetector)
    use_proba = not pyod and hasattr(detector, "predict_proba")
    raw = detector.predict_proba(X) if use_proba else detector.decision_function(X)
    try:
        scores = np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise RuntimeError(f"{name} returned scores that are not numbers ({exc}): this is a "
                           "bug in the detector") from None
    scores = positive_class_proba(detector, scores) if use_proba else scores
    scores = scores.reshape(-1) if scores.ndim == 2 and 1 in scores.shape else scores
    if scores.shape != (X.shape[0],):
        raise RuntimeError(
            f"{name} returned scores of shape {scores.shape} for {X.shape[0]} rows; "
            "expected one score per row."
        )
    if np.isnan(scores).any():  # a NaN would rank arbitrarily and poison every metric
        raise RuntimeError(f"{name} returned NaN scores for {int(np.isnan(scores).sum())} of "
                           f"{len(scores)} rows (scores must be finite floats): this is a bug "
                           "in the detector")
    return scores


# Libraries whose models compute in float32 whatever dtype they are given.
FLOAT32_MODULES = ("catboost", "xgboost", "lightgbm", "torch", "pyod_synth.detectors",
                   "sklearn.ensemble._forest", "sklearn.tree", "sklearn.ensemble._gb",
                   "sklearn.ensemble._hist_gradient_boosting", "pyod.models.xgbod",
                   "pyod.models.devnet", "pyod.models.deep_sad")


def computes_in_float32(detector) -> bool:
    """Whether ``detector`` turns its input into float32 (trees, boosting, torch models)."""
    module = type(final_estimator(detector)).__module__
    return any(module == prefix or module.startswith(prefix + ".") for prefix in FLOAT32_MODULES)


def check_representable(detector, X: np.ndarray) -> None:
    """Refuse input ``detector`` cannot represent, before fitting: beyond float32's range
    for float32 models, beyond what float64 arithmetic survives for the others."""
    if computes_in_float32(detector):
        check_float32_range(X, estimator_name(detector))
    else:
        check_float64_range(X, estimator_name(detector))
