"""ADBench's published per-dataset results (paper Tables D4-D19) and name matching.

The TSV shipped with the project's ADBench copy has one row per (table, dataset, method):
``table, metric, setting, labeled_anomaly_ratio, dataset, method, value_pct, rank``. Dataset
names have no numeric file prefix (``cardio`` for ``6_cardio.npz``); CV and NLP datasets
appear once per parent (``CIFAR10``), averaged over their sub-classes.
"""

from __future__ import annotations

import re
from pathlib import Path

PUBLISHED_FILE = "paper_results_D4-D19.tsv"
COLUMNS = (
    "table", "metric", "setting", "labeled_anomaly_ratio", "dataset", "method", "value_pct", "rank",
)

# pyod-synth detector name -> ADBench method name, for "the same detector, published".
DETECTOR_TO_ADBENCH = {
    "mlp": "MLP",
    "random_forest": "RF",
    "xgboost": "XGB",
    "lightgbm": "LGB",
    "catboost": "CatB",
    "xgbod": "XGBOD",
    "deepsad": "DeepSAD",
    "svm": "SVM",
    "naive_bayes": "NB",
}


def default_published_path(data_dir=None) -> Path | None:
    """The TSV inside the ADBench data folder (argument or environment), if it exists."""
    import os

    from pyod_synth.datasets import ADBENCH_DIR_ENV

    folder = data_dir or os.environ.get(ADBENCH_DIR_ENV)
    if not folder:
        return None
    path = Path(folder) / PUBLISHED_FILE
    return path if path.is_file() else None


def load_published(path):
    """The published results as a DataFrame with ``la`` (float, NaN = unsupervised) and
    ``value`` (a fraction in [0, 1], like pyod-synth's metrics) columns added.

    Raises
    ------
    ValueError
        If the file lacks the expected columns.
    """
    import pandas as pd

    table = pd.read_csv(path, sep="\t", dtype={"labeled_anomaly_ratio": "string"})
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(
            f"{path} is not ADBench's {PUBLISHED_FILE}: it lacks the column(s) {missing}"
        )
    table = table.dropna(subset=["value_pct"]).copy()
    table["la"] = pd.to_numeric(table["labeled_anomaly_ratio"], errors="coerce")
    table["value"] = table["value_pct"].astype(float) / 100.0
    return table


def published_name(dataset: str, published_names) -> tuple[str | None, bool]:
    """The published dataset name matching a pyod-synth dataset, and whether it is a parent.

    ``6_cardio`` -> ("cardio", False); ``CIFAR10_0`` -> ("CIFAR10", True), because the
    paper reports CIFAR10 averaged over its ten sub-classes; no match -> (None, False).
    Matching ignores case. User files and folder-qualified names (the ViT and RoBERTa
    embeddings, which ADBench's tables do not use) never match.
    """
    if "/" in dataset or "\\" in dataset or Path(dataset).suffix.lower() in (".npz", ".csv"):
        return None, False
    lookup = {name.lower(): name for name in published_names}
    stem = re.sub(r"^\d+_", "", dataset)
    if stem.lower() in lookup:
        return lookup[stem.lower()], False
    parent = stem.rsplit("_", 1)[0] if "_" in stem else None
    if parent and parent.lower() in lookup:
        return lookup[parent.lower()], True
    return None, False


def comparison(per_dataset, published, la: float, metric: str):
    """Our methods beside ADBench's published numbers on the same datasets and labeled ratio.

    Parameters
    ----------
    per_dataset : DataFrame
        ``pyod_synth.bench.tables.per_dataset`` rows of ONE setting (ratio 1.0): dataset, detector,
        augmentation and the metric column.
    published : DataFrame
        ``load_published`` output.
    la : float
        The setting's labeled-anomaly ratio; 0 is compared with the unsupervised tables.
    metric : {"aucroc", "aucpr"}

    Returns
    -------
    DataFrame or None
        Index: our dataset names; columns: ``published as`` (a trailing ``*`` marks a CV or
        NLP parent, reported by ADBench as the mean of its sub-classes), our methods
        (``detector + augmentation``), ``ADBench <method>`` for each of our detectors that
        ADBench ran (IForest at la = 0), ``ADBench best`` and ``best method``. Values are
        fractions. None when nothing matches.
    """
    import numpy as np

    metric_name = {"aucroc": "AUCROC", "aucpr": "AUCPR"}[metric]
    rows = published[published["metric"] == metric_name]
    if la == 0:
        rows = rows[rows["setting"] == "unsupervised"]
    else:
        rows = rows[np.isclose(rows["la"].fillna(-1.0), la)]
    if rows.empty:
        return None
    ours = per_dataset.assign(method=per_dataset["detector"] + " + " + per_dataset["augmentation"])
    ours = ours.pivot_table(index="dataset", columns="method", values=metric, sort=True)
    names = {d: published_name(d, rows["dataset"].unique()) for d in ours.index}
    matched = [d for d, (name, _) in names.items() if name is not None]
    if not matched:
        return None
    table = ours.loc[matched].copy()
    table.insert(0, "published as", [names[d][0] + ("*" if names[d][1] else "") for d in matched])
    by_name = rows.pivot_table(index="dataset", columns="method", values="value")
    wanted = ["IForest"] if la == 0 else []
    detectors = per_dataset["detector"].str.replace(r"\(.*$", "", regex=True).unique()
    wanted += [DETECTOR_TO_ADBENCH[d] for d in detectors if d in DETECTOR_TO_ADBENCH]
    for method in dict.fromkeys(wanted):
        if method in by_name.columns:
            table[f"ADBench {method}"] = [by_name.at[names[d][0], method] for d in matched]
    published_rows = by_name.loc[[names[d][0] for d in matched]]
    table["ADBench best"] = published_rows.max(axis=1).to_numpy()
    table["best method"] = published_rows.idxmax(axis=1).to_numpy()
    return table
