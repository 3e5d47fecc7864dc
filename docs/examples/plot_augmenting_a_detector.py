"""
Augmenting a detector
=====================

A random forest trained on 300 unlabeled rows and 6 labeled anomalies only learns the
corner where those anomalies are. Wrapped in :class:`pyod_synth.Augmented`, it also
learns from synthetic anomalies (here ``uniform`` over the data's box), so rows that are
far from the normal data in any direction score high. The panels show the anomaly score
over the plane and the AUCROC on held-out rows with a new kind of anomaly.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score

from pyod_synth import Augmented

rng = np.random.default_rng(0)
X_train = np.vstack([rng.normal(size=(300, 2)), rng.normal([3, 3], 0.3, size=(6, 2))])
y_train = np.r_[np.zeros(300), np.ones(6)]
# Test: new normal rows, anomalies like the labeled ones, and anomalies on the other side.
X_test = np.vstack([rng.normal(size=(200, 2)), rng.normal([3, 3], 0.3, size=(10, 2)),
                    rng.normal([-3, 3], 0.3, size=(10, 2))])
y_test = np.r_[np.zeros(200), np.ones(20)]

models = {
    "plain (n_synthetic=0)": Augmented(RandomForestClassifier(n_estimators=50), "uniform",
                                       n_synthetic=0, random_state=0),
    "augmented (uniform)": Augmented(RandomForestClassifier(n_estimators=50), "uniform",
                                     n_synthetic=1.0, random_state=0),
}
xx, yy = np.meshgrid(np.linspace(-5, 5, 120), np.linspace(-5, 5, 120))
grid = np.c_[xx.ravel(), yy.ravel()]
fig, axes = plt.subplots(1, 2, figsize=(10, 4.5), sharey=True)
for ax, (label, model) in zip(axes, models.items(), strict=True):
    model.fit(X_train, y_train)
    auc = roc_auc_score(y_test, model.decision_function(X_test))
    ax.contourf(xx, yy, model.decision_function(grid).reshape(xx.shape), levels=20,
                cmap="viridis")
    ax.scatter(*X_train[y_train == 0].T, s=5, c="white", alpha=0.6)
    ax.scatter(*X_train[y_train == 1].T, s=40, c="red", marker="x")
    ax.scatter(*X_test[y_test == 1].T, s=25, facecolors="none", edgecolors="orange")
    ax.set_title(f"{label}: test AUCROC {auc:.2f}")
fig.tight_layout()
plt.show()
