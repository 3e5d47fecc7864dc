"""Figures of the benchmark report, drawn with matplotlib's Agg canvas.

Figures are built as ``matplotlib.figure.Figure`` objects (not through pyplot), so
writing a report never changes the caller's matplotlib backend or open figures.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def _figure(width: float, height: float):
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ImportError('reports need matplotlib: pip install "pyod-synth[bench]"') from exc
    return Figure(figsize=(width, height), layout="constrained")


def gain_heatmap(gains: pd.DataFrame, path, title: str, label: str) -> None:
    """Methods (rows) x datasets (columns) heatmap of gains in percentage points.

    Blue is better than no augmentation, red worse; the colour scale is symmetric about 0
    so equal gains and losses look equally strong. A last column, set apart, holds each
    method's mean over datasets. Cells carry their value when they fit.
    """
    table = gains.copy()
    table["mean"] = gains.mean(axis=1)
    values = table.to_numpy(dtype=float) * 100.0
    n_rows, n_cols = values.shape
    longest = max(len(str(i)) for i in table.index)
    fig = _figure(max(6.5, 2.2 + 0.075 * longest + 0.6 * n_cols), 2.2 + 0.4 * n_rows)
    ax = fig.subplots()
    limit = np.nanmax(np.abs(values)) if np.isfinite(values).any() else 1.0
    limit = max(limit, 1e-6)
    image = ax.imshow(values, cmap="RdBu", vmin=-limit, vmax=limit, aspect="auto")
    ax.set_xticks(range(n_cols), [str(c) for c in table.columns], rotation=60, ha="right")
    ax.set_yticks(range(n_rows), [str(i) for i in table.index])
    ax.axvline(n_cols - 1.5, color="white", lw=4)
    ax.set_title(title, fontsize=10)
    colorbar = fig.colorbar(image, ax=ax, shrink=0.9)
    colorbar.set_label(label)
    if n_rows * n_cols <= 900:
        for (i, j), value in np.ndenumerate(values):
            if np.isfinite(value):
                strong = abs(value) > 0.6 * limit
                ax.text(j, i, f"{value:+.1f}", ha="center", va="center", fontsize=7,
                        color="white" if strong else "black")
            else:
                ax.text(j, i, "n/a", ha="center", va="center", fontsize=6, color="grey")
    fig.savefig(path, dpi=110)


def critical_difference(n_methods: int, n_datasets: int, alpha: float = 0.05) -> float:
    """Nemenyi critical difference of average ranks (Demsar 2006)."""
    from scipy.stats import studentized_range

    q_alpha = studentized_range.ppf(1 - alpha, n_methods, np.inf) / math.sqrt(2)
    return q_alpha * math.sqrt(n_methods * (n_methods + 1) / (6.0 * n_datasets))


def cliques(sorted_ranks: np.ndarray, cd: float) -> list[tuple[int, int]]:
    """Maximal runs (first, last) of rank-sorted methods whose ranks differ by less than cd."""
    found: list[tuple[int, int]] = []
    for first in range(len(sorted_ranks)):
        last = first
        while last + 1 < len(sorted_ranks) and sorted_ranks[last + 1] - sorted_ranks[first] < cd:
            last += 1
        if last > first and not any(a <= first and last <= b for a, b in found):
            found.append((first, last))
    return found


def cd_diagram(avg_ranks: pd.Series, n_datasets: int, path, title: str) -> float:
    """Critical-difference diagram: methods on an average-rank axis (1 = best, at the left);
    a bar joins methods whose ranks differ by less than the Nemenyi CD (not significantly
    different at the 5 % level). Returns the CD.
    """
    ranks = avg_ranks.sort_values()
    names, values = list(ranks.index.astype(str)), ranks.to_numpy(dtype=float)
    k = len(values)
    cd = critical_difference(k, n_datasets)
    groups = cliques(values, cd)
    half = (k + 1) // 2
    label_rows = max(half, k - half)
    low, high = 1, max(k, 2)
    span = high - low
    fig = _figure(10, 1.9 + 0.3 * (label_rows + len(groups)))
    ax = fig.subplots()
    ax.set_axis_off()
    ax.set_xlim(low - 0.75 * span, high + 0.75 * span)
    clique_top = -0.35
    label_top = clique_top - 0.3 * len(groups) - 0.4
    ax.set_ylim(label_top - 0.5 * label_rows, 1.9)

    ax.plot([low, high], [0, 0], color="black", lw=1)
    for tick in range(low, high + 1):
        ax.plot([tick, tick], [0, 0.12], color="black", lw=1)
        ax.text(tick, 0.2, str(tick), ha="center", va="bottom", fontsize=9)
    ax.plot([low, low + cd], [1.35, 1.35], color="black", lw=2)
    ax.text(low + cd / 2, 1.45, f"CD = {cd:.2f}", ha="center", va="bottom", fontsize=9)
    ax.text((low + high) / 2, 0.75, "average rank", ha="center", fontsize=8, color="grey")

    for position, (name, value) in enumerate(zip(names, values, strict=True)):
        left = position < half
        row = position if left else k - 1 - position
        y = label_top - 0.5 * row
        x_end = low - 0.1 * span if left else high + 0.1 * span
        ax.plot([value, value, x_end], [0, y, y], color="black", lw=0.8)
        ax.text(x_end + (-0.02 if left else 0.02) * span, y, f"{name} ({value:.2f})",
                ha="right" if left else "left", va="center", fontsize=9)
    for level, (first, last) in enumerate(groups):
        y = clique_top - 0.3 * level
        ax.plot([values[first] - 0.03, values[last] + 0.03], [y, y], color="tab:red", lw=3)
    ax.set_title(title, fontsize=10)
    fig.savefig(path, dpi=110)
    return cd


def metric_by_la(means: pd.DataFrame, path, title: str, labels: dict[str, str]) -> None:
    """Mean metric over datasets against the labeled-anomaly ratio, one line per method.

    ``means`` has columns la, method and one column per key of ``labels``.
    """
    metrics = list(labels)
    fig = _figure(5.2 * len(metrics), 4.2)
    axes = np.atleast_1d(fig.subplots(1, len(metrics)))
    for ax, metric in zip(axes, metrics, strict=True):
        for method, block in means.groupby("method", sort=True):
            block = block.sort_values("la")
            dashed = method.endswith("+ none")
            ax.plot(block["la"], block[metric] * 100, marker="o",
                    linestyle="--" if dashed else "-", label=method)
        ax.set_xlabel("labeled anomaly ratio (la)")
        ax.set_ylabel(f"mean {labels[metric]} (%)")
        ax.grid(alpha=0.3)
    axes[-1].legend(fontsize=8, loc="best")
    fig.suptitle(title)
    fig.savefig(path, dpi=110)


# Detectors the known/unseen picture marks: the unsupervised and the supervised anchor.
MARKED_DETECTORS = {"iforest": ("s", "tab:green"), "catboost": ("D", "tab:red")}


def known_unseen_scatter(points: pd.DataFrame, path, title: str,
                         marked: dict | None = None):
    """AUPR on known types (x) against AUPR on unseen types (y), a point per configuration.

    ``points`` has columns ``method`` (the label), ``detector``, ``known_aupr`` and
    ``unseen_aupr`` (fractions). Configurations of a ``marked`` detector (default
    ``MARKED_DETECTORS``: IForest and CatBoost, name -> (marker, colour)) get their own
    marker, colour, legend entry and a coloured label; the others are blue circles with
    small grey labels. The
    diagonal is equal AUPR on both. Returns the figure.
    """
    marked = MARKED_DETECTORS if marked is None else marked
    fig = _figure(6.4, 5.6)
    ax = fig.subplots()
    plain = points[~points["detector"].isin(list(marked))]
    ax.scatter(plain["known_aupr"] * 100, plain["unseen_aupr"] * 100, marker="o",
               color="tab:blue", alpha=0.7, label="other configurations")
    for _, point in plain.iterrows():  # small grey names, so every point can be read
        ax.annotate(point["method"], (point["known_aupr"] * 100, point["unseen_aupr"] * 100),
                    xytext=(4, -8), textcoords="offset points", fontsize=6, color="grey")
    for detector, (marker, colour) in marked.items():
        block = points[points["detector"] == detector]
        if block.empty:
            continue
        ax.scatter(block["known_aupr"] * 100, block["unseen_aupr"] * 100, marker=marker,
                   s=70, color=colour, edgecolor="black", label=detector, zorder=3)
        for _, point in block.iterrows():
            ax.annotate(point["method"], (point["known_aupr"] * 100, point["unseen_aupr"] * 100),
                        xytext=(5, 4), textcoords="offset points", fontsize=8, color=colour)
    ax.plot([0, 100], [0, 100], color="grey", lw=0.8, linestyle=":")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel("AUPR on known types (%)")
    ax.set_ylabel("AUPR on unseen types (%)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title(title, fontsize=10)
    fig.savefig(path, dpi=110)
    return fig
