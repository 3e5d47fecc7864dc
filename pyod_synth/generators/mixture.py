"""A mixture of generators: each sample comes from one component, in fixed proportions."""

from __future__ import annotations

import numpy as np
from sklearn.utils.validation import check_is_fitted

from pyod_synth._augment import resolve
from pyod_synth.generators.base import BaseGenerator, fit_encoded
from pyod_synth.tags import requires_anomalies


class MixtureGenerator(BaseGenerator):
    """Draw from several generators at once, e.g. uniform plus NNG-Mix.

    Lau et al. (2025) mix known anomalies with uniform ones; NNG-Mix puts pseudo-anomalies
    near the labeled ones. A mixture gets both: broad coverage of empty space and density
    near the decision boundary. Components that need labeled anomalies are left out when
    ``fit`` sees none (their weight goes to the others), so the mixture works for any y;
    ``active_components_`` says which ones were used.

    Parameters
    ----------
    components : tuple of str or generators, default=("uniform", "nngmix")
        Registered generator names or generator instances (cloned in ``fit``).
    weights : "equal", "counts" or tuple of float, default="equal"
        Share of the samples each component draws, normalised over the active
        components. "equal": the same share each. "counts": shares proportional to each
        component's own default count, so that ``n_synthetic="auto"`` gives every
        component (in expectation) as many samples as it would draw alone; for
        ("uniform", "nngmix") that is almost all uniform rows. Why "equal" is the
        default: benchmarks/README.md, "Mixture shares".

    Notes
    -----
    Default count (``auto_n_samples``): the sum of the active components' own defaults,
    e.g. for ("uniform", "nngmix"): the number of training rows plus 5 per labeled anomaly.

    Attributes
    ----------
    generators_ : list of fitted generators (active ones only)
    active_components_ : list of int
        Positions in ``components`` of the fitted generators.
    weights_ : ndarray
        Normalised shares of the active components.

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.generators.mixture import MixtureGenerator
    >>> X = np.random.default_rng(0).normal(size=(200, 3)); y = np.r_[np.ones(4), np.zeros(196)]
    >>> gen = MixtureGenerator().fit(X, y)
    >>> gen.sample(10, random_state=0).shape
    (10, 3)
    >>> MixtureGenerator().fit(X).active_components_   # no labels: NNG-Mix is left out
    [0]
    """

    def __init__(self, components=("uniform", "nngmix"), weights="equal"):
        self.components = components
        self.weights = weights

    def _component_weights(self) -> np.ndarray | None:
        """Weights per component, or None for "counts" (known only once fitted)."""
        n = len(self.components)
        if isinstance(self.weights, str) and self.weights in ("equal", "counts"):
            return np.ones(n) if self.weights == "equal" else None
        try:
            weights = np.asarray(self.weights, dtype=float)
        except (TypeError, ValueError):
            weights = np.full(n, np.nan)
        if weights.shape != (n,) or not np.isfinite(weights).all() or (weights < 0).any():
            raise ValueError(
                f'weights must be "equal", "counts" or {n} finite non-negative numbers (one '
                f"per component); got {self.weights!r}."
            )
        return weights

    def _check_params(self) -> None:
        if isinstance(self.components, (str, BaseGenerator)) or not self.components:
            raise ValueError(
                "components must be a non-empty tuple of generator names or instances, "
                f"e.g. ('uniform', 'nngmix'); got {self.components!r}."
            )
        self._component_weights()

    def _fit(self, X, is_anomaly):
        weights = self._component_weights()
        y = is_anomaly.astype(int)
        self.generators_, self.active_components_ = [], []
        for position, component in enumerate(self.components):
            gen = resolve(component, "generator", ("fit", "sample"))
            if requires_anomalies(gen) and not is_anomaly.any():
                continue
            self.generators_.append(fit_encoded(gen, X, y, self.feature_encoder_))
            self.active_components_.append(position)
        if weights is None:
            active = np.array([gen.auto_n_samples() for gen in self.generators_], dtype=float)
        else:
            active = weights[self.active_components_]
        if active.sum() <= 0:
            raise ValueError(
                "no component of the mixture can be used: those with positive weight need "
                "labeled anomalies (y == 1) and y has none. Give weight to a generator that "
                "needs no labels, such as 'uniform'."
            )
        self.weights_ = active / active.sum()

    def _sample(self, n_samples, rng):
        counts = rng.multinomial(n_samples, self.weights_)
        parts = [
            gen.sample(int(count), random_state=rng)
            for gen, count in zip(self.generators_, counts, strict=True)
        ]
        out = np.concatenate(parts, axis=0)
        return out[rng.permutation(n_samples)]

    def auto_n_samples(self) -> int:
        check_is_fitted(self, "generators_")
        return int(sum(gen.auto_n_samples() for gen in self.generators_))


