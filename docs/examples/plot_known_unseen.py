"""
Known and unseen anomaly types
==============================

Labeled anomalies only show the kinds of anomaly someone has already seen. Lau, Zhou et
al. (2025) train with some anomaly types labeled (*known*) and test on types the detector
never saw (*unseen*); :mod:`pyod_synth.known_unseen` holds that protocol
(:func:`~pyod_synth.known_unseen.known_unseen_split`) and its per-type metrics
(:func:`~pyod_synth.known_unseen.per_type_scores`).

With the Lau et al. data folder configured (``$PYOD_SYNTH_LAU2025_DIR``) this example
runs their Thyroid task (hyperfunction known, subnormal unseen); without it, a small
synthetic typed dataset with two known types and one unseen type. Each detector is scored
on the test normals against the known types and against the unseen ones (pooled), by
AUCROC and AUCPR. Where the synthetic anomalies fall decides what happens to the unseen
types: ``uniform`` covers the whole box, ``nngmix`` stays around the labeled anomalies.
"""

import os

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

from pyod_synth import Augmented
from pyod_synth.known_unseen import known_unseen_split, per_type_scores, preset_split
from pyod_synth.typed_datasets import TypedDataset


def synthetic_typed_dataset(seed=0):
    """Normal rows and three anomaly types (A, B shift one feature; C is spread out)."""
    rng = np.random.default_rng(seed)
    parts, types = [], []
    for part, counts in [("train", dict(normal=1000, A=8, B=8, C=8)),
                         ("test", dict(normal=500, A=25, B=25, C=50))]:
        for kind, n in counts.items():
            rows = rng.normal(size=(n, 6))
            if kind == "A":
                rows[:, 0] += 4.0
            elif kind == "B":
                rows[:, 1] -= 4.0
            elif kind == "C":
                rows[:, 2:] *= 3.5
            parts.append(pd.DataFrame(rows, columns=[f"x{j}" for j in range(6)]))
            types += [(part, kind)] * n
    part, kind = map(np.array, zip(*types, strict=True))
    return TypedDataset("synthetic", pd.concat(parts, ignore_index=True),
                        (kind != "normal").astype(np.int64), kind, kind, part)


if os.environ.get("PYOD_SYNTH_LAU2025_DIR"):
    split = preset_split("thyroid-ann/hyperfunction")
else:
    split = known_unseen_split(synthetic_typed_dataset(), known=["A", "B"])
print(f"{split.name}: known {split.known}, unseen {split.unseen}, "
      f"{len(split.y_train)} training rows ({int(split.y_train.sum())} labeled anomalies)")

models = {
    "no synthetic": dict(generator="uniform", n_synthetic=0),
    "nngmix": dict(generator="nngmix", n_synthetic="auto"),
    "uniform": dict(generator="uniform", n_synthetic=1.0),
}
summaries = {}
for label, params in models.items():
    model = Augmented(RandomForestClassifier(n_estimators=50), random_state=0, **params)
    model.fit(np.asarray(split.X_train, dtype=float), split.y_train)
    scores = model.decision_function(np.asarray(split.X_test, dtype=float))
    summary = per_type_scores(split.y_test, split.types_test, scores, known=split.known).summary
    summaries[label] = summary.xs("pooled", level="how")

roles = ["known", "unseen"]
fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
width = 0.8 / len(models)
for ax, metric, name in zip(axes, ["aucroc", "aupr"], ["AUCROC", "AUCPR"], strict=True):
    for i, (label, summary) in enumerate(summaries.items()):
        ax.bar(np.arange(len(roles)) + i * width, summary.loc[roles, metric], width,
               label=label)
    ax.set_xticks(np.arange(len(roles)) + width * (len(models) - 1) / 2,
                  [f"{role} types" for role in roles])
    ax.set_ylim(0, 1.05)
    ax.set_title(f"{name}, {split.name}")
axes[0].legend(loc="lower left")
fig.tight_layout()
plt.show()

print(pd.concat(summaries, names=["model"])[["aucroc", "aupr", "n_anomalies"]].round(3))
