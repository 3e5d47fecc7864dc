"""``Augmented``: a PyOD detector that trains a label learner on real plus synthetic anomalies."""

from __future__ import annotations

import numpy as np

from pyod_synth._augment import (
    ResolvesNamedParams,
    augment,
    derive_seeds,
    parse_n_synthetic,
    seed_unset_random_states,
)
from pyod_synth._meta_detector import MetaDetector
from pyod_synth.detector_adapter import (
    anomaly_scores,
    check_representable,
    resolve_label_learner,
)
from pyod_synth.registry import DEFAULT_GENERATOR
from pyod_synth.tags import get_anomaly_tags
from pyod_synth.validation import ALL_ANOMALIES_FIX, check_contamination


def _one_class_fix(data, n_synthetic) -> str:
    if data.y[0]:  # synthetic rows are anomalies too: more of them cannot add the other class
        return ALL_ANOMALIES_FIX
    if parse_n_synthetic(n_synthetic).kind == "auto":
        return ("The generator's auto_n_samples() gave 0 rows for this data: pass n_synthetic "
                "as an int or a fraction of the training rows (e.g. 1.0), or label some "
                "anomalies.")
    return "Use n_synthetic > 0 (e.g. \"auto\") or label some anomalies."


def _detector_requires_anomalies(detector) -> bool:
    try:
        return get_anomaly_tags(resolve_label_learner(detector)).requires_anomalies
    except (TypeError, ValueError, ImportError):
        return True  # fit will say what is wrong


class Augmented(ResolvesNamedParams, MetaDetector):
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
        DevNet, any object whose ``fit`` requires ``y`` or whose tags declare
        ``learns_from_labels`` (``pyod_synth.tags``), or a registered detector name
        (``pyod-synth detectors``). Objects are cloned, never fitted in place. A detector
        that ignores ``y`` (IForest, LOF, AutoEncoder, PyOD's LUNAR, ...) is refused with a
        TypeError: it would learn the synthetic anomalies as normal data. Given by name,
        its parameters are still tunable: ``set_params(detector__n_estimators=5)``
        replaces the name by the registered object with that parameter set.
    generator : str or generator object, default=DEFAULT_GENERATOR ("mixture")
        A registered generator name (``pyod_synth.list_generators()``) or an instance,
        cloned before fitting. The default, uniform plus NNG-Mix anomalies, needs no
        labeled anomaly (it is uniform alone then), so it works for any y; it was chosen
        on benchmark evidence (benchmarks/README.md). ``generator__<param>`` works for a
        name as for ``detector``.
    n_synthetic : "auto", int, float or str, default="auto"
        How many synthetic anomalies to add:

        - "auto": the generator's ``auto_n_samples()`` (its paper's default);
        - int: exactly that many;
        - float: that fraction of the training rows (Lau et al.'s 1.0 = as many as there
          are training rows), rounded, at least one row when positive;
        - a string of digits ("100") is an int, another number string ("0.5") a float;
        - "<m>x", e.g. "5x": m per labeled anomaly (NNG-Mix's 1x/5x/10x); an error when
          y labels no anomaly.

        0 or "0x" adds none: the plain detector, the baseline of a comparison.
        More than 4 GiB of synthetic rows is refused before fitting (the environment
        variable ``PYOD_SYNTH_MAX_SYNTHETIC_BYTES`` sets another limit, in bytes).
    contamination : float in (0, 0.5], default=0.1
        Expected share of anomalies; sets ``threshold_`` from the training scores, as in
        PyOD. Validated in ``fit`` (``__init__`` only stores parameters).
    random_state : None, int, numpy Generator or RandomState, default=None
        Seeds one local generator from which two seeds are derived: one for the
        generator's sample, one for the detector. Every ``random_state`` parameter of the
        detector (nested ones included) that is None is set to the latter, so the same
        ``random_state`` gives the same scores. Parameters the user set are kept.
    feature_types : None or MixedTypeEncoder, default=None
        How to read X's columns (see "Mixed-type data" in the README). None: inferred; a
        DataFrame's ``category``, ``object`` and string columns are categorical (one-hot
        encoded with the categories seen in ``fit``), ``bool`` and {0, 1} columns binary,
        the rest numeric, and an unseen category at scoring time is encoded as an all-zero
        group (it matches no training category, so it scores as unusual). For an array,
        or another rule for unseen categories, pass
        ``MixedTypeEncoder(categorical=[...], handle_unknown="error")`` (cloned).

    Attributes
    ----------
    detector_ : estimator
        The fitted clone of ``detector``, trained on encoded rows.
    feature_encoder_ : MixedTypeEncoder
        The encoder learned in ``fit``, reused for every scored row.
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
        feature_types=None,
    ):
        # BaseDetector.__init__ is skipped on purpose: it validates contamination, and
        # scikit-learn's rule is that __init__ only stores (validation happens in fit).
        self.detector = detector
        self.generator = generator
        self.n_synthetic = n_synthetic
        self.contamination = contamination
        self.random_state = random_state
        self.feature_types = feature_types

    _named_params = {"detector": "detector", "generator": "generator"}

    def fit(self, X, y=None):
        """Fit the generator and train the detector on real plus synthetic rows.

        Parameters
        ----------
        X : array-like or pandas DataFrame of shape (n_samples, n_features)
            Finite training rows without missing values; a DataFrame may hold categorical,
            string and bool columns (see ``feature_types``).
        y : array-like of shape (n_samples,), default=None
            1 = labeled anomaly, 0 = unlabeled (normal or unlabeled anomaly); None means
            every row is unlabeled.

        Returns
        -------
        self
        """
        check_contamination(self.contamination)
        detector = resolve_label_learner(self.detector)
        sample_seed, detector_seed = derive_seeds(self.random_state)
        data = augment(X, y, self.generator, self.n_synthetic, sample_seed,
                       self.feature_types, lambda rows: check_representable(detector, rows))
        self._check_trainable(detector, data)
        if self.random_state is not None:
            seed_unset_random_states(detector, detector_seed)
        detector.fit(data.X, data.y)
        n_real = data.X.shape[0] - data.n_synthetic
        self.detector_ = detector
        self.feature_encoder_ = data.encoder
        self.generator_ = data.generator
        self.n_synthetic_ = data.n_synthetic
        self._set_fitted(X, anomaly_scores(detector, data.X[:n_real]))
        return self

    def _requires_anomalies(self) -> bool:
        # Without labels a count tied to them ("5x", 0) draws nothing, and then a classifier
        # has one class; "auto" and fractions still draw rows.
        try:
            rule = parse_n_synthetic(self.n_synthetic)
        except (TypeError, ValueError):
            return True  # fit will say what is wrong
        draws_nothing = rule.kind == "per_anomaly" or (rule.kind != "auto" and rule.value == 0)
        return draws_nothing and _detector_requires_anomalies(self.detector)

    def _check_trainable(self, detector, data) -> None:
        """Refuse one-class training sets and anomalies added twice, naming the fix."""
        check_representable(detector, data.X)
        tags = get_anomaly_tags(detector)
        # A detector that does not require anomalies (DeepSAD, LUNAR) trains on unlabeled
        # rows alone, so one class is fine for it; a classifier cannot.
        fits_one_class = tags.draws_own_anomalies or not tags.requires_anomalies
        # Every row an anomaly: even DeepSAD has no unlabeled rows to learn normal data from.
        if data.y.all() or (np.unique(data.y).size < 2 and not fits_one_class):
            raise ValueError(
                f"the detector would be trained on one class only (every label is "
                f"{int(data.y[0])}): y labels {'every' if data.y[0] else 'no'} row as an "
                f"anomaly and n_synthetic={self.n_synthetic!r} adds {data.n_synthetic} "
                f"synthetic anomalies. {_one_class_fix(data, self.n_synthetic)}"
            )
        if data.n_synthetic and tags.draws_own_anomalies:
            raise ValueError(
                f"{type(detector).__name__} draws its own synthetic anomalies; wrapping it in "
                f"an Augmented that adds {data.n_synthetic} more would label them as real "
                "anomalies. Set its generator instead and use n_synthetic=0 here (in "
                "`pyod-synth bench`: --generators none)."
            )

    def decision_function(self, X):
        """Anomaly scores of ``X`` (higher = more anomalous), shape (n_samples,).

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            The columns seen in ``fit`` (other columns: a ValueError naming them).

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        X = self._check_test_data(X)
        check_representable(self.detector_, X)  # else the detector's own cryptic overflow
        return anomaly_scores(self.detector_, X)
