"""
A bench report on embedded data
===============================

``pyod-synth bench`` runs a grid of datasets x detectors x generators x labeled-anomaly
settings x seeds with ADBench's split and writes one results row per run; ``pyod-synth
report`` turns the results into Markdown and HTML with tables and figures. This example
runs a small grid from Python on the embedded datasets (no download) and shows the
report's summary table and one of its figures. The command-line equivalent::

    pyod-synth bench --datasets sk_wine sk_breast_cancer --detectors logistic_regression \\
        --generators none uniform nngmix --la 0.1 1.0 --results bench.jsonl --report
"""

import tempfile
from pathlib import Path

import matplotlib.image as mpimg
import matplotlib.pyplot as plt

from pyod_synth.bench import Grid, run_bench, write_report

work = Path(tempfile.mkdtemp())
grid = Grid(datasets=["sk_wine", "sk_breast_cancer"], detectors=["logistic_regression"],
            generators=["none", "uniform", "nngmix"], la=[0.1, 1.0])
summary = run_bench(grid.runs(), work / "bench.jsonl", jobs=1, progress=False)
print(summary)
report = write_report(work / "bench.jsonl", work / "report")

# %%
# The report's Markdown (and HTML) opens with a table of contents and an overview of the
# runs; then, per setting, the summary table: mean AUCROC and AUCPR over the datasets,
# average ranks, and the gain over the same detector without augmentation.
markdown = report.markdown.read_text()
start = markdown.index("### Summary, la = 0.1")
print(markdown[start: markdown.index("<a id=", start)])

# %%
# Its figures are PNG files next to the Markdown and HTML; here, the first one.
figure = sorted(report.markdown.parent.rglob("*.png"))[0]
fig, ax = plt.subplots(figsize=(8, 5))
ax.imshow(mpimg.imread(figure))
ax.set_axis_off()
ax.set_title(figure.name)
plt.show()
