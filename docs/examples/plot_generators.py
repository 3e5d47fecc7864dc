"""
What each generator draws
=========================

Every registered generator (built-in or from an installed plugin) fitted on the same 2-D
data: 300 normal rows and 8 labeled anomalies. Grey dots are the unlabeled rows, red
crosses the labeled anomalies, blue dots 200 synthetic rows. The list comes from the
registry, so a plugin's generator appears here once it is installed.
"""

import matplotlib.pyplot as plt
import numpy as np

import pyod_synth

rng = np.random.default_rng(0)
normal = rng.normal(0.0, 1.0, size=(300, 2)) @ np.array([[1.0, 0.6], [0.0, 0.8]])
anomalies = rng.normal([3.5, -2.5], 0.4, size=(8, 2))
X = np.vstack([normal, anomalies])
y = np.r_[np.zeros(len(normal), dtype=int), np.ones(len(anomalies), dtype=int)]

names = pyod_synth.list_generators()
n_cols = 3
n_rows = -(-len(names) // n_cols)
fig, axes = plt.subplots(n_rows, n_cols, figsize=(4 * n_cols, 3.6 * n_rows),
                         sharex=True, sharey=True, squeeze=False)
for ax, name in zip(axes.flat[: len(names)], names, strict=True):
    synthetic = pyod_synth.get_generator(name).fit(X, y).sample(200, random_state=0)
    ax.scatter(*normal.T, s=6, c="0.7", label="unlabeled")
    ax.scatter(*synthetic.T, s=6, c="tab:blue", alpha=0.6, label="synthetic")
    ax.scatter(*anomalies.T, s=30, c="tab:red", marker="x", label="labeled anomaly")
    ax.set_title(name)
for ax in axes.flat[len(names):]:
    ax.set_visible(False)
axes.flat[0].legend(loc="upper left", fontsize=8)
fig.tight_layout()
plt.show()

# %%
# ``uniform`` ignores the labels and covers the whole box; ``nngmix``, ``mixup``,
# ``smote`` and ``gaussian_noise`` stay around the labeled anomalies; ``cutout`` keeps
# its reference's quirk of masking nothing when there are 6 features or fewer, so here
# its rows are copies of training rows; ``cutmix`` pastes a block of another row into a
# labeled anomaly, and with 2 features its rows land on or near the labeled anomalies.
# ``mixture``, the default, is ``uniform`` plus ``nngmix`` in equal shares.
