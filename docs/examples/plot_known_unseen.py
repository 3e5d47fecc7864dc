"""
Known and unseen anomaly types
==============================

Labeled anomalies only show the kinds of anomaly someone has already seen. This example
builds a small typed dataset: normal rows, two anomaly types that are labeled in training
(*known*) and a third that only appears at test time (*unseen*), then scores each test
type separately: AUCROC and AUCPR of the normal test rows against the known types, and
against the unseen type.

Labeled anomalies teach a classifier the known types; what it does on the unseen type
depends on where the synthetic anomalies fall: ``uniform`` covers the whole box,
``nngmix`` stays around the labeled anomalies. The printout below the figure compares
them on this data.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import average_precision_score, roc_auc_score

from pyod_synth import Augmented

rng = np.random.default_rng(0)
n_features = 6


def draw(kind, n):
    """Rows of one type: normal, or anomalies of type A, B (known) or C (unseen)."""
    rows = rng.normal(size=(n, n_features))
    if kind == "A":
        rows[:, 0] += 4.0
    elif kind == "B":
        rows[:, 1] -= 4.0
    elif kind == "C":
        rows[:, 2:] *= 3.5
    return rows


X_train = np.vstack([draw("normal", 1000), draw("A", 8), draw("B", 8)])
y_train = np.r_[np.zeros(1000), np.ones(16)]
test = {kind: draw(kind, n) for kind, n in [("normal", 500), ("A", 25), ("B", 25), ("C", 50)]}
groups = {"known (A, B)": ["A", "B"], "unseen (C)": ["C"]}

models = {
    "no synthetic": dict(generator="uniform", n_synthetic=0),
    "nngmix": dict(generator="nngmix", n_synthetic="auto"),
    "uniform": dict(generator="uniform", n_synthetic=1.0),
}
scores = {}  # (model, group, metric) -> value
for label, params in models.items():
    model = Augmented(RandomForestClassifier(n_estimators=50), random_state=0, **params)
    model.fit(X_train, y_train)
    for group, kinds in groups.items():
        X = np.vstack([test["normal"], *(test[kind] for kind in kinds)])
        y = np.r_[np.zeros(len(test["normal"])), np.ones(len(X) - len(test["normal"]))]
        s = model.decision_function(X)
        scores[label, group, "AUCROC"] = roc_auc_score(y, s)
        scores[label, group, "AUCPR"] = average_precision_score(y, s)

fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
width = 0.8 / len(models)
for ax, metric in zip(axes, ["AUCROC", "AUCPR"], strict=True):
    for i, label in enumerate(models):
        values = [scores[label, group, metric] for group in groups]
        ax.bar(np.arange(len(groups)) + i * width, values, width, label=label)
    ax.set_xticks(np.arange(len(groups)) + width * (len(models) - 1) / 2, list(groups))
    ax.set_ylim(0, 1.05)
    ax.set_title(metric)
axes[0].legend(loc="lower left")
fig.tight_layout()
plt.show()

for (label, group, metric), value in scores.items():
    print(f"{label:>13} | {group:<12} | {metric:<6} {value:.3f}")
for metric in ["AUCROC", "AUCPR"]:
    for label in ["nngmix", "uniform"]:
        change = scores[label, "unseen (C)", metric] - scores["no synthetic", "unseen (C)", metric]
        print(f"{label} changes the unseen type's {metric} by {change:+.3f}")
