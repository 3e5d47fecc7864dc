"""Product-of-marginals anomalies: every feature drawn independently from its column."""

from __future__ import annotations

import numpy as np

from pyod_synth.generators import BaseGenerator


class MarginalsGenerator(BaseGenerator):
    """Draw each feature independently from the training values of that feature.

    The samples follow the product of the empirical marginals, the reference distribution
    of Hastie, Tibshirani & Friedman (ESL, section 14.2.4) and the column-permutation mode
    of MADI's negative sampling (Sipple, ICML 2020). Every single feature looks exactly like
    the training data, but the dependence between features is gone, so a classifier
    trained against these samples must learn how the features relate: it flags rows whose
    combination of values is unusual even when each value on its own is common. It needs no
    labeled anomaly.

    Parameters
    ----------
    replace : bool, default=False
        False (MADI): each column is an independent random permutation of the training
        column, so every training value appears once per ``n_training_rows`` samples
        (longer batches chain several permutations). True: every value is drawn
        independently with replacement (a bootstrap of each marginal).

    Attributes
    ----------
    columns_ : ndarray of shape (n_training_rows, n_features)
        A copy of the training rows (labeled anomalies included) whose columns are
        resampled.

    Notes
    -----
    Default count (``auto_n_samples``): as many samples as training rows. With few
    features or few distinct values some samples coincide with real rows; such samples
    are labeled anomalies although they look normal, which costs a little precision near
    the data. The generator is most useful when features are strongly dependent.

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth_marginals import MarginalsGenerator
    >>> X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])  # x1 == x0
    >>> S = MarginalsGenerator().fit(X).sample(4, random_state=0)
    >>> sorted(S[:, 0]) == sorted(X[:, 0])  # one permutation: the marginal is kept exactly
    True
    """

    requires_anomalies = False

    def __init__(self, replace=False):
        self.replace = replace

    def _fit(self, X, is_anomaly):
        if not isinstance(self.replace, (bool, np.bool_)):
            raise ValueError(f"replace must be True or False; got {self.replace!r}.")
        # An own copy: later edits to the caller's array must not change the samples.
        self.columns_ = np.array(X, dtype=np.float64, copy=True)

    def _sample(self, n_samples, rng):
        n_rows, n_features = self.columns_.shape
        if self.replace:
            rows = rng.integers(0, n_rows, size=(n_samples, n_features))
        else:
            n_passes = -(-n_samples // n_rows)
            order = np.broadcast_to(
                np.arange(n_rows)[None, :, None], (n_passes, n_rows, n_features)
            )
            rows = rng.permuted(order, axis=1).reshape(-1, n_features)[:n_samples]
        return np.take_along_axis(self.columns_, rows, axis=0)
