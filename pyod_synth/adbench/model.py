"""A model class that ADBench's ``RunPipeline.run(clf=...)`` accepts.

ADBench constructs the class as ``clf(seed=seed, model_name='Customized')``, calls
``fit(X_train=..., y_train=...)`` and keeps its return value, then
``predict_score(X_test)`` (1-D, higher = more anomalous). ``y_train`` is 1 for a labeled
anomaly and 0 for every other row, unlabeled anomalies included; at la = 0 it is all
zeros, which the synthetic anomalies make learnable.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from pyod_synth.registry import (
    DEFAULT_GENERATOR,
    detector_registrations,
    generator_registrations,
)


class AugmentedADBenchModel:
    """Base of the classes :func:`make_model` returns; configure through ``make_model``.

    Parameters
    ----------
    seed : int
        ADBench's seed (a NumPy int64 by default); becomes ``random_state=int(seed)``.
    model_name : str, default=None
        Ignored (ADBench passes ``'Customized'``).

    Attributes
    ----------
    model_ : pyod_synth.Augmented
        The fitted detector.
    """

    detector: ClassVar[Any] = "mlp"
    generator: ClassVar[Any] = DEFAULT_GENERATOR
    params: ClassVar[dict] = {}

    def __init__(self, seed, model_name=None):
        self.seed = seed
        self.model_name = model_name

    def fit(self, X_train, y_train):
        """Fit ``pyod_synth.Augmented(detector, generator, random_state=int(seed), **params)``.

        Returns
        -------
        self
        """
        from pyod_synth.augmented import Augmented

        self.model_ = Augmented(
            self.detector, generator=self.generator, random_state=int(self.seed), **self.params
        ).fit(X_train, y_train)
        return self

    def predict_score(self, X):
        """Anomaly scores of ``X``, shape (n_samples,), higher = more anomalous."""
        return np.asarray(self.model_.decision_function(X)).ravel()


def make_model(
    detector="mlp", generator=DEFAULT_GENERATOR, **params
) -> type[AugmentedADBenchModel]:
    """A model class for ADBench's ``RunPipeline.run(clf=...)``: Augmented(detector, generator).

    Parameters
    ----------
    detector : str or estimator, default="mlp"
        A registered detector name (``pyod_synth.list_detectors()``) or an unfitted
        label-learning estimator (cloned for every fit).
    generator : str or generator object, default=DEFAULT_GENERATOR ("mixture")
        A registered generator name (``pyod_synth.list_generators()``) or an instance.
    **params
        Further ``pyod_synth.Augmented`` parameters (``n_synthetic``, ``contamination``);
        ``random_state`` comes from ADBench's seed.

    Returns
    -------
    type
        A subclass of :class:`AugmentedADBenchModel`; pass the class itself, not an
        instance, to ``RunPipeline.run``.

    Raises
    ------
    ValueError
        An unknown detector or generator name, or ``random_state`` in ``params``: found
        here, because ADBench would turn a fit error into a silent NaN result.

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.adbench import make_model
    >>> Model = make_model(detector="random_forest", generator="uniform")
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(300, 2)); y = np.zeros(300, dtype=int)
    >>> clf = Model(seed=np.int64(1), model_name="Customized").fit(X_train=X, y_train=y)
    >>> clf.predict_score(np.array([[0.0, 0.0], [5.0, 5.0]])).argmax()
    np.int64(1)
    """
    _check_name(detector, "detector")
    _check_name(generator, "generator")
    if "random_state" in params:
        raise ValueError(
            "random_state is set from ADBench's seed (random_state=int(seed)); remove it "
            "from make_model's parameters."
        )
    label = "_".join(
        part if isinstance(part, str) else type(part).__name__ for part in (detector, generator)
    )
    return type(
        f"Augmented_{label}",
        (AugmentedADBenchModel,),
        {"detector": detector, "generator": generator, "params": dict(params),
         "__module__": __name__},
    )


def _check_name(value, kind: str) -> None:
    """An UnknownNameError (a ValueError) listing the registered names for a bad name."""
    if isinstance(value, str):
        registrations = detector_registrations if kind == "detector" else generator_registrations
        registrations()[value]
