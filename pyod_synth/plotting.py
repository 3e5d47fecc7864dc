"""What a generator draws: real rows, labeled anomalies and synthetic rows in pictures.

Every function returns a :class:`matplotlib.figure.Figure` built without pyplot, so
notebooks show it and scripts save it (``fig.savefig("fig.png")``) without touching
global plotting state. matplotlib (and pandas for DataFrames) load on first call only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pyod_synth._augment import augment

PROJECTIONS = ("pca", "tsne", "umap")
_STYLE = {  # series name -> scatter colour
    "real normal": "tab:blue",
    "labeled anomalies": "tab:red",
    "synthetic": "tab:orange",
}


@dataclass(frozen=True)
class GeneratorDraw:
    """Real rows, their 0/1 labels and the synthetic rows a fitted generator drew."""

    X: np.ndarray
    y: np.ndarray
    synthetic: np.ndarray
    generator: object


def draw(generator, X, y=None, n_samples="auto", random_state=None) -> GeneratorDraw:
    """Fit ``generator`` on ``(X, y)`` and draw ``n_samples`` synthetic rows.

    Parameters
    ----------
    generator : str or generator object
        A registered name or an instance (cloned).
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), default=None
        1 = labeled anomaly; None = no labels.
    n_samples : "auto", int, float or "<m>x", default="auto"
        How many rows, in ``Augmented``'s ``n_synthetic`` grammar.
    random_state : None, int or numpy Generator, default=None

    Returns
    -------
    GeneratorDraw

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.plotting import draw
    >>> X = np.random.default_rng(0).normal(size=(50, 3))
    >>> draw("uniform", X, n_samples=20, random_state=0).synthetic.shape
    (20, 3)
    """
    data = augment(X, y, generator, n_samples, random_state)
    n_real = data.X.shape[0] - data.n_synthetic
    return GeneratorDraw(data.X[:n_real], data.y[:n_real], data.X[n_real:], data.generator)


def _project(real: np.ndarray, synthetic: np.ndarray, projection: str, random_state):
    """2-D coordinates of the real and the synthetic rows."""
    if projection == "pca":  # fitted on the real rows: synthetic ones are placed in their view
        from sklearn.decomposition import PCA

        pca = PCA(n_components=2, random_state=random_state).fit(real)
        return pca.transform(real), pca.transform(synthetic)
    if projection == "umap":
        try:
            import umap
        except ImportError as exc:
            raise ImportError("projection='umap' needs umap-learn: pip install umap-learn"
                              ) from exc
        reducer = umap.UMAP(random_state=random_state).fit(real)
        return reducer.transform(real), reducer.transform(synthetic)
    if projection == "tsne":  # t-SNE cannot place new rows: embed all together
        from sklearn.manifold import TSNE

        both = np.vstack([real, synthetic])
        perplexity = min(30.0, (len(both) - 1) / 3)
        embedded = TSNE(perplexity=perplexity, random_state=random_state).fit_transform(both)
        return embedded[: len(real)], embedded[len(real):]
    raise ValueError(f"projection must be one of {PROJECTIONS}; got {projection!r}.")


def _two_columns(X: np.ndarray) -> np.ndarray:
    """Rows with at least two columns (one feature is plotted against zeros)."""
    return np.hstack([X, np.zeros((len(X), 1))]) if X.shape[1] == 1 else X


def _new_figure(figsize):
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, layout="constrained")


def plot_projection(X, y, synthetic, *, projection="pca", random_state=None, figure=None):
    """Real normal rows, labeled anomalies and synthetic rows in one 2-D scatter plot.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Real rows.
    y : array-like of shape (n_samples,) or None
        1 = labeled anomaly; None = none labeled.
    synthetic : array-like of shape (n_synthetic, n_features)
    projection : {"pca", "tsne", "umap"}, default="pca"
        PCA fitted on the real rows; t-SNE (scikit-learn) on all rows together; UMAP
        fitted on the real rows (needs ``umap-learn``).
    random_state : int, default=None
    figure : Figure or SubFigure, default=None
        Where to draw; a new 6 x 5 inch figure when None.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with three scatter series, labeled ``"real normal"``,
        ``"labeled anomalies"`` and ``"synthetic"``, in that order.

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.plotting import plot_projection
    >>> rng = np.random.default_rng(0)
    >>> X, S = rng.normal(size=(40, 3)), rng.uniform(-4, 4, size=(10, 3))
    >>> fig = plot_projection(X, None, S)
    >>> [len(c.get_offsets()) for c in fig.axes[0].collections]
    [40, 0, 10]
    """
    X = _two_columns(np.asarray(X, dtype=float))
    synthetic = _two_columns(np.asarray(synthetic, dtype=float))
    is_anomaly = np.zeros(len(X), bool) if y is None else np.asarray(y) == 1
    real_2d, synthetic_2d = _project(X, synthetic, projection, random_state)
    target = _new_figure((6, 5)) if figure is None else figure
    ax = target.subplots()
    series = {"real normal": real_2d[~is_anomaly], "labeled anomalies": real_2d[is_anomaly],
              "synthetic": synthetic_2d}
    for name, points in series.items():
        ax.scatter(points[:, 0], points[:, 1], s=8, alpha=0.6, color=_STYLE[name],
                   label=f"{name} ({len(points)})")
    ax.set(xlabel=f"{projection} 1", ylabel=f"{projection} 2",
           title=f"real and synthetic rows ({projection.upper()})")
    ax.legend(loc="best", fontsize="small")
    return target.figure


def plot_feature_histograms(X, synthetic, *, n_features=4, feature_names=None, figure=None):
    """Histograms of real vs synthetic values for the first ``n_features`` features.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Real rows.
    synthetic : array-like of shape (n_synthetic, n_features)
    n_features : int, default=4
        How many features (the first ones) get a histogram.
    feature_names : sequence of str, default=None
        Axis titles; ``x0, x1, ...`` when None.
    figure : Figure or SubFigure, default=None
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per feature, each with a "real" and a "synthetic" density histogram on
        shared bins.

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.plotting import plot_feature_histograms
    >>> rng = np.random.default_rng(0)
    >>> fig = plot_feature_histograms(rng.normal(size=(40, 5)), rng.normal(size=(9, 5)),
    ...                               n_features=3)
    >>> [ax.get_title() for ax in fig.axes]
    ['x0', 'x1', 'x2']
    """
    X, synthetic = np.asarray(X, dtype=float), np.asarray(synthetic, dtype=float)
    if isinstance(n_features, bool) or not isinstance(n_features, (int, np.integer)) \
            or n_features < 1:
        raise ValueError(f"n_features must be an int >= 1; got {n_features!r}.")
    k = min(int(n_features), X.shape[1])
    names = [f"x{j}" for j in range(X.shape[1])] if feature_names is None else feature_names
    n_cols = min(k, 2)
    target = _new_figure((4 * n_cols, 3 * -(-k // n_cols))) if figure is None else figure
    axes = target.subplots(-(-k // n_cols), n_cols, squeeze=False).ravel()
    for j, ax in enumerate(axes):
        if j >= k:  # an odd count leaves one cell of the grid empty
            ax.remove()
            continue
        bins = np.histogram_bin_edges(np.concatenate([X[:, j], synthetic[:, j]]), bins=30)
        ax.hist(X[:, j], bins=bins, density=True, alpha=0.5, color=_STYLE["real normal"],
                label="real")
        ax.hist(synthetic[:, j], bins=bins, density=True, alpha=0.5,
                color=_STYLE["synthetic"], label="synthetic")
        ax.set_title(str(names[j]))
    axes[0].legend(fontsize="small")
    return target.figure


def plot_generator(generator, X, y=None, *, n_samples="auto", projection="pca",
                   n_features=4, random_state=None, figsize=(12, 5)):
    """Fit a generator on real rows and picture what it draws, in one figure.

    Left: :func:`plot_projection`; right: :func:`plot_feature_histograms`.

    Parameters
    ----------
    generator : str or generator object
        A registered name or an instance (cloned).
    X : array-like or DataFrame of shape (n_samples, n_features)
        Real rows, numeric.
    y : array-like of shape (n_samples,), default=None
        1 = labeled anomaly; None = no labels.
    n_samples : "auto", int, float or "<m>x", default="auto"
        Synthetic rows to draw, as ``Augmented``'s ``n_synthetic``.
    projection : {"pca", "tsne", "umap"}, default="pca"
    n_features : int, default=4
        Histograms for the first ``n_features`` features.
    random_state : None or int, default=None
    figsize : (float, float), default=(12, 5)
        In inches; the PNG is ``figsize * dpi`` pixels.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.plotting import plot_generator
    >>> X = np.random.default_rng(0).normal(size=(60, 3))
    >>> fig = plot_generator("uniform", X, n_samples=30, n_features=2, random_state=0)
    >>> [len(c.get_offsets()) for c in fig.axes[0].collections]
    [60, 0, 30]
    """
    names = [str(c) for c in X.columns] if hasattr(X, "columns") else None
    drawn = draw(generator, X, y, n_samples, random_state)
    figure = _new_figure(figsize)
    left, right = figure.subfigures(1, 2, width_ratios=[1.1, 1])
    plot_projection(drawn.X, drawn.y, drawn.synthetic, projection=projection,
                    random_state=random_state, figure=left)
    plot_feature_histograms(drawn.X, drawn.synthetic, n_features=n_features,
                            feature_names=names, figure=right)
    figure.suptitle(f"{type(drawn.generator).__name__}: {len(drawn.synthetic)} synthetic rows")
    return figure
