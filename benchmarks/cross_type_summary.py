"""Issue 10's bar on the ADBench cross-type tasks of ``cross_type_bar.sh``: a table.

Per ordered pair of anomaly types (known -> unseen), the mean over datasets of the known-type
AUPR of ``default`` and CatBoost and of the unseen-type AUPR of ``default`` and the
unsupervised detector best on average over every task, and on how many tasks ``default`` is
within 2 AUPR points of each (the bar). Writes ``results/cross_type_summary.md``.

    python benchmarks/cross_type_summary.py
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pyod_synth.bench.render import Document, Table, to_markdown
from pyod_synth.bench.tables import load_results, ok_runs

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "cross_type_bar.jsonl"
OUT = HERE / "results" / "cross_type_summary.md"
UNSUPERVISED = ("iforest", "ecod", "copod", "knn", "lof")
MARGIN = 0.02


def summary(runs=None) -> str:
    """The bar's table per pair of types, then every task's gaps; ``runs`` as ``ok_runs``
    gives them (default: the committed results)."""
    if runs is None:
        runs = ok_runs(load_results(RESULTS))
    # load_results labels every cross-type protocol "cross-type"; the key keeps the pair.
    runs = runs.assign(pair=runs["key"].str.extract(r"protocol=[^/]+/(.+)$")[0],
                       source=runs["key"].str.split("|").str[0])
    known = runs.pivot_table(index=["source", "pair"], columns="detector", values="known_aupr")
    unseen = runs.pivot_table(index=["source", "pair"], columns="detector",
                              values="unseen_aupr")
    unseen = unseen.dropna()  # tasks every detector finished (a stopped run leaves some)
    best = unseen[list(UNSUPERVISED)].mean().idxmax()
    table = pd.DataFrame({
        "default, known": known["default"], "CatBoost, known": known["catboost"],
        "default, unseen": unseen["default"], f"{best}, unseen": unseen[best],
    }).dropna()
    table["known met"] = table["default, known"] >= table["CatBoost, known"] - MARGIN
    table["unseen met"] = table["default, unseen"] >= table[f"{best}, unseen"] - MARGIN
    by_pair = table.groupby("pair").agg(
        {**{c: "mean" for c in table.columns[:4]}, "known met": "sum", "unseen met": "sum"})
    by_pair["tasks"] = table.groupby("pair").size()
    by_pair.loc["all"] = [*table[table.columns[:4]].mean(), table["known met"].sum(),
                          table["unseen met"].sum(), len(table)]
    n_datasets = table.index.get_level_values("source").nunique()
    lines = [
        "# `default` on ADBench cross-type tasks (issue 10's bar)", "",
        "Written by `python benchmarks/cross_type_summary.py` from "
        f"`results/cross_type_bar.jsonl.gz` (`cross_type_bar.sh`, seed 1: the "
        f"{n_datasets} of the 43 Classical datasets whose "
        f"tasks are complete). AUPR in %, mean over datasets; best unsupervised on average: {best} "
        "(mean unseen AUPR " + ", ".join(
            f"{d} {100 * unseen[d].mean():.1f}" for d in UNSUPERVISED) + "). "
        "\"met\": tasks where `default` is within 2 points.", "",
    ]
    cells = by_pair.astype(object)
    cells.iloc[:, :4] = by_pair.iloc[:, :4].map(lambda v: f"{100 * v:.1f}")
    cells.iloc[:, 4:] = by_pair.iloc[:, 4:].map(lambda v: str(int(v)))
    lines += _markdown_table(cells, "known -> unseen")
    return "\n".join(lines + ["", *_unseen_gap_sources(unseen, best), "",
                              *_per_task(table, best)]) + "\n"


def _unseen_gap_sources(unseen: pd.DataFrame, best: str) -> list[str]:
    """The unseen-type gap split in two: `default`'s unsupervised member (IForest) against
    the best unsupervised detector, and `default` against that member (what the fusion with
    the label-learning members gives up)."""
    gaps = pd.DataFrame({
        f"iforest - {best}": unseen["iforest"] - unseen[best],
        "default - iforest": unseen["default"] - unseen["iforest"],
        f"default - {best}": unseen["default"] - unseen[best],
    }).dropna()
    by_pair = gaps.groupby("pair").mean()
    by_pair.loc["all"] = gaps.mean()
    lines = [
        "## Where the unseen-type gap comes from (AUPR points, mean over datasets)", "",
        f"`default`'s unsupervised member is IForest: its gap to {best} is the member's, the "
        "rest is what fusing it with CatBoost and CatBoost + NNG-Mix gives up.", "",
    ]
    return lines + _markdown_table(by_pair.map(lambda v: f"{100 * v:+.1f}"), "known -> unseen")


def _per_task(table: pd.DataFrame, best: str) -> list[str]:
    """Every task's gaps, `default` minus its anchor in AUPR points: known / unseen."""
    known = 100 * (table["default, known"] - table["CatBoost, known"])
    unseen = 100 * (table["default, unseen"] - table[f"{best}, unseen"])
    gaps = known.map("{:+.1f}".format) + " / " + unseen.map("{:+.1f}".format)
    cells = gaps.where(table["known met"] & table["unseen met"], "**" + gaps + "**")
    lines = [
        "## Every task: `default` minus its anchor (known: CatBoost / unseen: "
        f"{best}), AUPR points", "",
        "Bold: the task misses the bar (a gap below -2 on either side).", "",
    ]
    return lines + _markdown_table(cells.unstack("pair").fillna("-"), "dataset")


def _markdown_table(cells: pd.DataFrame, index_name: str) -> list[str]:
    """Lines of the project's markdown table of ``cells`` (strings), the index first."""
    frame = cells.rename_axis(index=index_name, columns=None).reset_index()
    return to_markdown(Document([Table(frame)])).splitlines()


def main() -> int:
    OUT.write_text(summary())
    print(OUT.read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
