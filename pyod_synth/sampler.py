"""``SyntheticAnomalySampler``: the augmentation as an imbalanced-learn style sampler.

The augmentation itself is ``pyod_synth._augment.augment``, shared with ``Augmented``.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils import ClassifierTags

from pyod_synth._augment import ResolvesNamedParams, augment, derive_seeds
from pyod_synth.registry import DEFAULT_GENERATOR


def _is_dataframe(obj) -> bool:
    # By duck type, so that pandas is never imported here.
    return hasattr(obj, "columns") and hasattr(obj, "iloc") and hasattr(obj, "dtypes")


def _float_dtype(X):
    """The float dtype of the input's values, kept in the output; float64 otherwise."""
    dtypes = set(X.dtypes) if _is_dataframe(X) else {getattr(X, "dtype", None)}
    if len(dtypes) == 1:
        dtype = dtypes.pop()
        if isinstance(dtype, np.dtype) and np.issubdtype(dtype, np.floating):
            return dtype
    return np.dtype(np.float64)


def _like_input(X_out: np.ndarray, X, y_out: np.ndarray, y):
    """``X_out``, ``y_out`` in the containers and float dtype of ``X``, ``y`` (``X`` None:
    ``X_out`` is already decoded into its container).

    As imbalanced-learn's samplers: a DataFrame comes back a DataFrame with the same
    columns (and a fresh RangeIndex), a Series a Series with the same name.
    """
    if X is not None:
        X_out = X_out.astype(_float_dtype(X), copy=False)
    if _is_dataframe(X):
        X_out = type(X)(X_out, columns=X.columns)
    if hasattr(y, "name") and hasattr(y, "iloc"):  # a pandas Series
        y_out = type(y)(y_out, name=y.name)
    return X_out, y_out


class SyntheticAnomalySampler(ResolvesNamedParams, BaseEstimator):
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
        one row. 0 or "0x" returns the input unchanged. More than 4 GiB of synthetic rows
        is refused before fitting (``PYOD_SYNTH_MAX_SYNTHETIC_BYTES`` sets another limit).
    random_state : None, int, numpy Generator or RandomState, default=None
        Seeds a local generator; the global NumPy RNG is never used. For the same value
        the sampler draws the same rows as ``Augmented`` does.
    feature_types : None or MixedTypeEncoder, default=None
        How to read X's columns, as for ``Augmented``: None infers them (a DataFrame's
        ``category``, ``object``, string and ``bool`` columns); declare an array's with
        ``MixedTypeEncoder(categorical=[...])``.

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
    _named_params = {"generator": "generator"}

    def __init__(self, generator=DEFAULT_GENERATOR, n_synthetic="auto", random_state=None,
                 feature_types=None):
        self.generator = generator
        self.n_synthetic = n_synthetic
        self.random_state = random_state
        self.feature_types = feature_types

    def fit_resample(self, X, y=None):
        """Return the training rows followed by synthetic anomalies.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Finite training rows without missing values; a DataFrame may hold
            categorical, string and bool columns.
        y : array-like or Series of shape (n_samples,), default=None
            1 = labeled anomaly, 0 = unlabeled; None means all unlabeled.

        Returns
        -------
        X_resampled : ndarray or DataFrame of shape ``(n_samples + n_synthetic_, n_features)``
            The training rows, then the synthetic ones (valid rows: one training category
            per categorical column, 0/1 in binary columns). A DataFrame comes back a
            DataFrame with the same columns and dtypes (an integer column becomes float64
            when a synthetic value is not an integer) and a fresh RangeIndex; an array with
            categorical columns as such an array; a numeric array as float64 (float32 stays
            float32).
        y_resampled : ndarray or Series of shape ``(n_samples + n_synthetic_,)``, int
            The input labels (zeros when y is None), then 1 for each synthetic row; a
            Series comes back a Series with the same name.
        """
        sample_seed = derive_seeds(self.random_state)[0]
        result = augment(X, y, self.generator, self.n_synthetic, sample_seed,
                         self.feature_types)
        self.generator_ = result.generator
        self.n_synthetic_ = result.n_synthetic
        self.feature_encoder_ = result.encoder
        self.n_features_in_ = result.encoder.n_features_in_
        if result.encoder.decodes_to_labels():
            # Every row is decoded: real rows round-trip exactly, synthetic ones are valid.
            return _like_input(result.encoder.inverse_transform(result.X), None, result.y, y)
        return _like_input(result.X, X, result.y, y)

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
