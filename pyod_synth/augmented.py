"""``Augmented``: a PyOD detector that trains a label learner on real plus synthetic anomalies."""

from __future__ import annotations

import inspect
import sys
import warnings

import numpy as np
from pyod.models.base import BaseDetector
from sklearn.base import clone, is_classifier
from sklearn.utils import ClassifierTags
from sklearn.utils.validation import check_is_fitted, validate_data

from pyod_synth.sampler import DEFAULT_GENERATOR, augment, derive_seeds
from pyod_synth.validation import check_X

LABEL_LEARNERS = (
    "a scikit-learn classifier (e.g. RandomForestClassifier()), PyOD's XGBOD, or a "
    "detector registered with pyod-synth (`pyod-synth detectors`)"
)


def _registered_classes() -> list[type]:
    """Classes of the registered detectors whose modules are already imported.

    A factory is either the class itself or, like ``LazyFactory``, names its ``module``
    and ``attr``. Modules not yet imported are skipped rather than imported: an instance of
    a registered class has had its module imported already, and importing the others
    would pull in torch, xgboost, lightgbm and catboost.
    """
    from pyod_synth.plugins import registry

    classes = []
    for registration in registry("detector").values():
        factory = registration.factory
        if isinstance(factory, type):
            classes.append(factory)
            continue
        module = sys.modules.get(getattr(factory, "module", None) or "")
        cls = getattr(module, getattr(factory, "attr", None) or "", None)
        if isinstance(cls, type):
            classes.append(cls)
    return classes


def _fit_requires_y(detector) -> bool:
    fit = getattr(detector, "fit", None)
    try:
        y_param = inspect.signature(fit).parameters.get("y")
    except (TypeError, ValueError):
        return False
    return y_param is not None and y_param.default is inspect.Parameter.empty


def uses_labels(detector) -> bool:
    """Whether ``detector.fit(X, y)`` learns from ``y``, so synthetic anomalies teach it.

    True for an object declaring ``uses_labels = True`` (a declared False wins over
    everything else), a scikit-learn classifier, a detector whose ``fit`` requires ``y``
    (PyOD's XGBOD and DevNet) and an instance of a class registered through
    ``register_detectors``.
    """
    declared = getattr(detector, "uses_labels", None)
    if isinstance(declared, bool):
        return declared
    if hasattr(detector, "__sklearn_tags__") and is_classifier(detector):
        return True
    if _fit_requires_y(detector):
        return True
    return type(detector) in _registered_classes()


def resolve_detector(detector):
    """A new, unfitted detector: a registered name is built, an object is cloned.

    Refuses a detector that ignores ``y``: it would learn the synthetic anomalies as
    normal data.
    """
    if isinstance(detector, str):
        from pyod_synth import get_detector

        return get_detector(detector)
    if isinstance(detector, type):
        raise TypeError(
            f"detector must be an instance or a registered name, not the class "
            f"{detector.__name__}; pass {detector.__name__}() instead."
        )
    if not callable(getattr(detector, "fit", None)):
        raise TypeError(f"detector must have a fit(X, y) method; got {detector!r}.")
    if not uses_labels(detector):
        raise TypeError(
            f"{type(detector).__name__} ignores y in fit, so the synthetic anomalies would be "
            f"learned as normal data. Wrap a detector that learns from labels instead: "
            f"{LABEL_LEARNERS}. A detector that does use y can declare `uses_labels = True`."
        )
    if type(detector).__module__ == "pyod.models.devnet":
        warnings.warn(
            "PyOD's DevNet (3.6.7 and earlier) passes predictions and labels to its deviation "
            "loss in swapped order, so it tends to rank labeled anomalies as the most normal "
            "rows. Use pyod-synth's registered 'devnet' (a re-implementation of the authors' "
            "network) instead: Augmented('devnet', ...).",
            UserWarning,
            stacklevel=3,
        )
    if not (hasattr(detector, "predict_proba") or hasattr(detector, "decision_function")):
        raise TypeError(
            f"{type(detector).__name__} has neither predict_proba nor decision_function, so "
            "Augmented cannot score rows with it."
        )
    return clone(detector, safe=False)


def anomaly_scores(detector, X: np.ndarray) -> np.ndarray:
    """1-D scores of a fitted detector, higher = more anomalous.

    PyOD detectors: ``decision_function``. Classifiers: the ``predict_proba`` column of
    class 1 (found through ``classes_``; a 1-D ``predict_proba`` such as XGBOD's is
    used as is), or ``decision_function`` when there is no ``predict_proba``.
    """
    if isinstance(detector, BaseDetector) or not hasattr(detector, "predict_proba"):
        scores = np.asarray(detector.decision_function(X), dtype=np.float64)
    else:
        proba = np.asarray(detector.predict_proba(X), dtype=np.float64)
        if proba.ndim == 2:
            classes = getattr(detector, "classes_", None)
            if classes is None:
                column = proba.shape[1] - 1
            else:
                column = int(np.flatnonzero(np.asarray(classes) == 1)[0])
            proba = proba[:, column]
        scores = proba
    scores = scores.reshape(-1) if scores.ndim == 2 and 1 in scores.shape else scores
    if scores.shape != (X.shape[0],):
        raise RuntimeError(
            f"{type(detector).__name__} returned scores of shape {scores.shape} for "
            f"{X.shape[0]} rows; expected one score per row."
        )
    return scores


def _check_contamination(contamination) -> None:
    # PyOD accepts a float/int in (0, 0.5] or a PyThresh thresholder object.
    if isinstance(contamination, (float, int)) and not isinstance(contamination, bool):
        if 0.0 < contamination <= 0.5:
            return
    elif callable(getattr(contamination, "fit", None)) and callable(
        getattr(contamination, "predict", None)
    ):
        return
    raise ValueError(
        f"contamination must be a float in (0, 0.5] (the expected share of anomalies) or a "
        f"PyThresh thresholder; got {contamination!r}."
    )


def _seed_detector(detector, seed: int) -> None:
    """Set every ``random_state`` the user left as None (nested ones too) to ``seed``."""
    if not hasattr(detector, "get_params"):
        return
    unset = {
        key: seed
        for key, value in detector.get_params(deep=True).items()
        if value is None and (key == "random_state" or key.endswith("__random_state"))
    }
    if unset:
        detector.set_params(**unset)


class Augmented(BaseDetector):
    """A PyOD detector: a label-learning detector trained on real rows plus synthetic anomalies.

    ``fit(X, y)`` fits the generator on the training rows, draws synthetic anomalies,
    and trains a clone of ``detector`` on the real rows (with their labels) plus the
    synthetic rows labeled 1. Scores, thresholds and labels then work as for any PyOD
    detector, whatever the wrapped detector's quirks (XGBOD's 1-D ``predict_proba`` and
    missing ``threshold_``, a classifier's probabilities).

    Parameters
    ----------
    detector : str or estimator
        A detector that learns from labels: a scikit-learn classifier, PyOD's XGBOD or
        DevNet, any object whose ``fit`` requires ``y`` or declares
        ``uses_labels = True``, or a registered detector name (``pyod-synth detectors``).
        Objects are cloned, never fitted in place. A detector that ignores ``y``
        (IForest, LOF, AutoEncoder, PyOD's LUNAR, ...) is refused with a TypeError: it
        would learn the synthetic anomalies as normal data.
    generator : str or generator object, default=DEFAULT_GENERATOR ("mixture")
        A registered generator name (``pyod_synth.list_generators()``) or an instance,
        cloned before fitting. The default, uniform plus NNG-Mix anomalies, needs no
        labeled anomaly (it is uniform alone then), so it works for any y; it was chosen
        on benchmark evidence (benchmarks/README.md).
    n_synthetic : "auto", int, float or str, default="auto"
        How many synthetic anomalies to add:

        - "auto": the generator's ``auto_n_samples()`` (its paper's default);
        - int: exactly that many;
        - float: that fraction of the training rows (Lau et al.'s 1.0 = as many as there
          are training rows), rounded, at least one row when positive;
        - "<m>x", e.g. "5x": m per labeled anomaly (NNG-Mix's 1x/5x/10x); an error when
          y labels no anomaly.

        0 or "0x" adds none: the plain detector, the baseline of a comparison.
    contamination : float in (0, 0.5], default=0.1
        Expected share of anomalies; sets ``threshold_`` from the training scores, as in
        PyOD. Validated in ``fit`` (``__init__`` only stores parameters).
    random_state : None, int, numpy Generator or RandomState, default=None
        Seeds one local generator from which two seeds are derived: one for the
        generator's sample, one for the detector. Every ``random_state`` parameter of the
        detector (nested ones included) that is None is set to the latter, so the same
        ``random_state`` gives the same scores. Parameters the user set are kept.

    Attributes
    ----------
    detector_ : estimator
        The fitted clone of ``detector``.
    generator_ : generator object or None
        The fitted generator; None when no synthetic row was drawn.
    n_synthetic_ : int
        Number of synthetic anomalies the detector was trained on.
    n_features_in_ : int
    decision_scores_ : ndarray of shape (n_samples,)
        Scores of the real training rows only (synthetic rows are left out).
    threshold_ : float
    labels_ : ndarray of shape (n_samples,)
        0/1 labels of the real training rows; about ``contamination`` of them are 1.

    Notes
    -----
    pyod-synth never seeds or reads the global NumPy or torch RNG. Some wrapped detectors
    do: PyOD's DevNet seeds NumPy and torch globally when its module is imported and
    hard-codes its sampling seed to 42 (its ``random_seed`` is unused);
    ``BaseDeepLearningDetector`` subclasses (AutoEncoder, VAE) reseed the global RNGs on
    every construction, and scikit-learn estimators left with ``random_state=None`` draw
    from the global RNG (Augmented seeds them when its own ``random_state`` is set).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.ensemble import RandomForestClassifier
    >>> from pyod_synth import Augmented
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 2))
    >>> det = Augmented(RandomForestClassifier(n_estimators=20), random_state=0).fit(X)
    >>> det.decision_scores_.shape, det.n_synthetic_
    ((200,), 200)
    >>> det.decision_function([[0.0, 0.0], [6.0, 6.0]]).argmax()
    np.int64(1)
    >>> det.predict_proba([[0.0, 0.0]]).shape
    (1, 2)
    """

    def __init__(
        self,
        detector,
        generator=DEFAULT_GENERATOR,
        n_synthetic="auto",
        contamination=0.1,
        random_state=None,
    ):
        # BaseDetector.__init__ is skipped on purpose: it validates contamination, and
        # scikit-learn's rule is that __init__ only stores (validation happens in fit).
        self.detector = detector
        self.generator = generator
        self.n_synthetic = n_synthetic
        self.contamination = contamination
        self.random_state = random_state

    def fit(self, X, y=None):
        """Fit the generator and train the detector on real plus synthetic rows.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Finite training rows.
        y : array-like of shape (n_samples,), default=None
            1 = labeled anomaly, 0 = unlabeled (normal or unlabeled anomaly); None means
            every row is unlabeled.

        Returns
        -------
        self
        """
        _check_contamination(self.contamination)
        detector = resolve_detector(self.detector)
        sample_seed, detector_seed = derive_seeds(self.random_state)
        data = augment(X, y, self.generator, self.n_synthetic, sample_seed)
        draws_own = getattr(detector, "draws_own_anomalies", False)
        # A detector declaring requires_anomalies = False (DeepSAD, LUNAR) trains on
        # unlabeled rows alone, so one class is fine for it; a classifier cannot.
        fits_one_class = draws_own or getattr(detector, "requires_anomalies", True) is False
        if np.unique(data.y).size < 2 and not fits_one_class:
            raise ValueError(
                f"the detector would be trained on one class only (every label is "
                f"{int(data.y[0])}): y labels {'every' if data.y[0] else 'no'} row as an "
                f"anomaly and n_synthetic={self.n_synthetic!r} adds {data.n_synthetic} "
                "synthetic anomalies. Use n_synthetic > 0 (e.g. \"auto\") or label some anomalies."
            )
        if data.n_synthetic and draws_own:
            raise ValueError(
                f"{type(detector).__name__} draws its own synthetic anomalies; wrapping it in "
                f"an Augmented that adds {data.n_synthetic} more would label them as real "
                "anomalies. Set its generator instead and use n_synthetic=0 here (in "
                "`pyod-synth bench`: --generators none)."
            )
        if self.random_state is not None:
            _seed_detector(detector, detector_seed)
        detector.fit(data.X, data.y)
        n_real = data.X.shape[0] - data.n_synthetic
        # Sets n_features_in_ (and feature_names_in_ for DataFrames) from the raw input.
        validate_data(self, X, reset=True, skip_check_array=True)
        self.detector_ = detector
        self.generator_ = data.generator
        self.n_synthetic_ = data.n_synthetic
        self._classes = 2  # never _set_n_classes(y): an all-zero y would give 1 class
        self.decision_scores_ = anomaly_scores(detector, data.X[:n_real])
        self._process_decision_scores()
        return self

    def _check_test_data(self, X) -> np.ndarray:
        check_is_fitted(self)
        X_checked = check_X(X)
        validate_data(self, X, reset=False, skip_check_array=True)
        return X_checked

    def decision_function(self, X):
        """Anomaly scores of ``X`` (higher = more anomalous), shape (n_samples,).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        X = self._check_test_data(X)
        return anomaly_scores(self.detector_, X)

    def predict_proba(self, X, method="linear", return_confidence=False):
        """Outlier probability, shape (n_samples, 2): [P(inlier), P(outlier)].

        As PyOD's ``BaseDetector.predict_proba`` ("linear": training scores min-max
        scaled; "unify": Kriegel et al.'s Gaussian scaling).
        """
        X = self._check_test_data(X)
        return super().predict_proba(X, method=method, return_confidence=return_confidence)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = False  # y is optional: None = nothing labeled
        # y is binary (1 = labeled anomaly): lets scikit-learn's checks send 0/1 labels.
        tags.classifier_tags = ClassifierTags(multi_class=False)
        return tags
