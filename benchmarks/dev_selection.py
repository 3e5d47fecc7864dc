"""The dev-set experiments that chose issue 5's configurations, before the 43-dataset runs.

The 10 pilot datasets (pilot_datasets.txt), ADBench's split, seed 1. Every candidate is a
library object (ScoreBlend, Augmented), except ``clean_negatives``, which tries dropping the
unlabeled rows IForest finds most anomalous from CatBoost's negatives (positive-unlabeled
learning's "reliable negatives"); it lost, so it is not in the library. Writes
benchmarks/results/dev_selection.csv and prints the mean AUCROC/AUCPR per la.

    python benchmarks/dev_selection.py [--jobs 2]     # needs $PYOD_SYNTH_ADBENCH_DIR
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from pilot_datasets import PILOT  # the one list of pilot datasets (same folder)
from sklearn.metrics import average_precision_score, roc_auc_score

from pyod_synth import ScoreBlend
from pyod_synth.adbench import split
from pyod_synth.datasets import load_dataset

OUT = Path(__file__).resolve().parent / "results" / "dev_selection.csv"
CATBOOST = {"detector": "catboost", "n_synthetic": 0}
CATBOOST_NNGMIX = {"detector": "catboost", "generator": "nngmix"}
CATBOOST_UNIFORM = {"detector": "catboost", "generator": "uniform", "n_synthetic": 1.0}


class CleanNegatives:
    """CatBoost trained without the top ``share`` of unlabeled rows by IForest score."""

    def __init__(self, share: float, random_state: int):
        self.share, self.random_state = share, random_state

    def fit(self, X, y):
        from catboost import CatBoostClassifier
        from pyod.models.iforest import IForest

        scores = IForest(random_state=self.random_state).fit(X).decision_scores_
        unlabeled = np.flatnonzero(y == 0)
        cut = np.quantile(scores[unlabeled], 1 - self.share)
        keep = np.ones(len(y), dtype=bool)
        keep[unlabeled[scores[unlabeled] > cut]] = False
        self.model_ = CatBoostClassifier(
            verbose=0, allow_writing_files=False, random_state=self.random_state
        ).fit(X[keep], y[keep])
        return self

    def decision_function(self, X):
        return self.model_.predict_proba(X)[:, 1]


def candidates(la: float, seed: int) -> dict:
    """Every candidate of the la: name -> unfitted detector."""
    if la == 0:
        return {
            f"blend({', '.join(members)})": ScoreBlend(list(members), random_state=seed)
            for members in (["iforest"], ["iforest", "copod"], ["iforest", "pca"],
                            ["iforest", "hbos", "copod", "pca"],
                            ["iforest", "cblof", "copod", "hbos", "pca"])
        } | {"blend(iforest, catboost/uniform)": ScoreBlend(["iforest", CATBOOST_UNIFORM],
                                                           random_state=seed)}  # fmt: skip
    found = {"blend(catboost, catboost/nngmix)": ScoreBlend(random_state=seed)}
    for name, member in (("catboost", CATBOOST), ("catboost/nngmix", CATBOOST_NNGMIX)):
        for weight in (1.0, 0.75, 0.5):
            found[f"{weight:g} {name} + {1 - weight:g} iforest"] = ScoreBlend(
                [member, "iforest"], weights=[weight, 1 - weight], random_state=seed
            )
    for share in (0.05, 0.1, 0.2):
        found[f"catboost without the top {share:g} by iforest"] = CleanNegatives(share, seed)
    return found


def run(dataset: str, la: float, seed: int) -> list[dict]:
    X, y = load_dataset(dataset)
    data = split(X, y, seed=seed, la=la)
    rows = []
    for name, detector in candidates(la, seed).items():
        detector.fit(data["X_train"], data["y_train"])
        scores = detector.decision_function(data["X_test"])
        rows.append({
            "method": name, "dataset": dataset, "la": la, "seed": seed,
            "aucroc": roc_auc_score(data["y_test"], scores),
            "aucpr": average_precision_score(data["y_test"], scores),
        })  # fmt: skip
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    jobs = parser.parse_args().jobs
    tasks = [(d, la, 1) for d in PILOT for la in (0.0, 0.01, 0.05, 0.1)]
    done = Parallel(n_jobs=jobs)(delayed(run)(*task) for task in tasks)
    frame = pd.DataFrame([row for rows in done for row in rows])
    frame.to_csv(OUT, index=False)
    means = frame.pivot_table(index="method", columns="la", values=["aucroc", "aucpr"])
    print((100 * means).round(1).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
