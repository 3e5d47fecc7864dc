"""Our configurations beside ADBench's published anchors (CatBoost, IForest): summary tables.

Reads the results files of beat_catboost_classical.sh and lau_protocol.sh, and ADBench's
published per-dataset table, and writes benchmarks/results/anchor_summary.md (the tables
copied into the README). Per la: the mean over datasets (seeds averaged first, as in
ADBench) of each of our methods and of the published anchor (CatBoost at la > 0, the best
published unsupervised detector at la = 0), on all datasets and on the 33 the pilot did
not use, with wins and a paired Wilcoxon test against the anchor.

    python benchmarks/anchor_summary.py            # needs $PYOD_SYNTH_ADBENCH_DIR
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd
from scipy.stats import wilcoxon

from pyod_synth import DEFAULT_GENERATOR
from pyod_synth.adbench.published import load_published, published_name
from pyod_synth.bench.render import Document, Table, to_markdown
from pyod_synth.bench.results import archive_path
from pyod_synth.bench.tables import METRIC_NAMES, load_results, per_dataset

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pilot_datasets import PILOT  # noqa: E402 - the one list of pilot datasets (same folder)

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
BLEND = "blend(catboost, catboost/nngmix)"  # the registered blend's default


def published_anchor(published: pd.DataFrame, datasets, la: float, metric: str) -> pd.Series:
    """ADBench's anchor per dataset: CatBoost at la > 0, IForest at la = 0."""
    rows = published[published["metric"] == metric]
    rows = rows[rows["la"].isna()] if la == 0 else rows[rows["la"] == la]
    table = rows.pivot_table(index="dataset", columns="method", values="value_pct")
    names = {d: published_name(d, table.index)[0] for d in datasets}
    table = table.loc[[n for n in names.values() if n is not None]]
    # IForest: the best published unsupervised mean (AUCROC 76.9, AUCPR 41.5) over the 43
    # Classical datasets present.
    method = "IForest" if la == 0 else "CatB"
    anchor = table[method].rename(method)
    return anchor.set_axis([d for d, n in names.items() if n is not None]) / 100


def _member(member) -> str:
    if isinstance(member, str):
        return member
    generator = member.get("generator", DEFAULT_GENERATOR)
    return (
        member["detector"]
        if member.get("n_synthetic") == 0
        else f"{member['detector']}/{generator}"
    )


def method_label(detector: str, augmentation: str, params: dict) -> str:
    """A short label: "catboost + nngmix"; a blend as "blend(catboost, catboost/nngmix)"."""
    if detector.startswith("blend"):
        from pyod_synth.blend import DEFAULT_MEMBERS

        members = params.get("members", DEFAULT_MEMBERS)
        return f"blend({', '.join(_member(m) for m in members)})"
    return f"{detector} + {augmentation}"


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """Per-dataset means (seeds averaged) with a short ``method`` label."""
    frame = frame.assign(detector=[
        method_label(d, a, p)
        for d, a, p in zip(frame["detector"], frame["augmentation"], frame["detector_params"],
                           strict=True)
    ], augmentation="")  # fmt: skip
    ours = per_dataset(frame)
    ours["method"] = ours["detector"]
    return ours


def _compare(diff: pd.Series) -> tuple[float, str, float]:
    """Mean gain in points, wins, and a paired Wilcoxon p (none below 6 datasets: NLP has
    one file, too few for a test to mean anything)."""
    p = wilcoxon(diff).pvalue if len(diff) >= 6 else float("nan")
    return 100 * diff.mean(), f"{int((diff > 0).sum())}/{len(diff)}", p


def summary_rows(frame: pd.DataFrame, published: pd.DataFrame, metric: str) -> list[dict]:
    ours = _labelled(frame)
    rows = []
    for la, block in ours.groupby("la"):
        table = block.pivot_table(index="dataset", columns="method", values=metric)
        anchor = published_anchor(published, table.index, la, METRIC_NAMES[metric])
        table = table.loc[anchor.index].dropna(axis=1)
        for subset, keep in (("all", table.index), ("held-out", table.index.difference(PILOT))):
            for method in table.columns:
                ours_values, theirs = table.loc[keep, method], anchor.loc[keep]
                _, wins, p = _compare(ours_values - theirs)
                rows.append({
                    "la": la, "datasets": f"{len(keep)} ({subset})", "method": method,
                    "ours": 100 * ours_values.mean(),
                    f"ADBench {anchor.name}": 100 * theirs.mean(), "wins": wins, "p": p,
                })  # fmt: skip
    return rows


def paired_rows(frame: pd.DataFrame, method: str, metric: str) -> list[dict]:
    """``method`` against each of our other methods, per la, on the datasets both finished."""
    ours = _labelled(frame)
    rows = []
    for la, block in ours.groupby("la"):
        table = block.pivot_table(index="dataset", columns="method", values=metric)
        others = [c for c in table.columns if c != method] if method in table else []
        for other in others:
            both = table[[method, other]].dropna()
            for subset, keep in (("all", both.index), ("held-out", both.index.difference(PILOT))):
                gain, wins, p = _compare(both.loc[keep, method] - both.loc[keep, other])
                rows.append({"la": la, "datasets": f"{len(keep)} ({subset})", "vs": other,
                             "gain": gain, "wins": wins, "p": p})  # fmt: skip
    return rows


def _cell(column: str, value) -> str:
    """Percentages to 1 decimal, p-values to 3 digits, NaN (no test) as -."""
    if not isinstance(value, float) or column == "la":
        return str(value)
    if value != value:
        return "-"
    return f"{value:.3g}" if column == "p" or column.startswith("p vs ") else f"{value:.1f}"


def markdown_table(block: pd.DataFrame) -> list[str]:
    """Lines of a markdown table of ``block``, its cells formatted by ``_cell``."""
    cells = block.copy().astype(object)
    for column in cells.columns:
        cells[column] = [_cell(column, v) for v in block[column]]
    return to_markdown(Document([Table(cells)])).splitlines() + [""]


def markdown(rows: list[dict]) -> str:
    """One table per published anchor (IForest at la = 0, CatBoost above)."""
    table = pd.DataFrame(rows)
    lines = []
    for anchor, block in table.groupby(table.filter(like="ADBench").notna().idxmax(axis=1)):
        lines += markdown_table(block[["la", "datasets", "method", "ours", anchor, "wins", "p"]])
    return "\n".join(lines)


def _augmentation(column: str) -> str:
    return column.split(" ")[0].split("(")[0]  # "nngmix(noise_std=0.3) 5x" -> nngmix


def _nngmix_blocks(frame: pd.DataFrame, metric: str):
    """(group, detector, ratio, per-dataset table with one column per augmentation and
    count) for every block where all 16 settings finished on the same datasets."""
    from pyod_synth.datasets import GROUPS, list_datasets

    group_of = {d: g for g in GROUPS if g != "embedded" for d in list_datasets(group=g)}
    ours = per_dataset(frame)
    ours["group"] = ours["dataset"].map(group_of)
    for (group, detector, ratio), block in ours.groupby(["group", "detector", "ratio"]):
        table = block.pivot_table(index="dataset", columns="augmentation", values=metric)
        table = table.dropna()
        if not table.empty and table.shape[1] >= 16:  # none + 5 augmentations x 3 counts
            yield group, detector, ratio, table


def nngmix_rows(frame: pd.DataFrame, metric: str) -> list[dict]:
    """Per group, detector and ratio: no augmentation, each augmentation at its best count
    (mean over datasets), and NNG-Mix's gain over none and over the best other augmentation,
    with wins and a paired Wilcoxon test over the datasets every method finished."""
    rows = []
    for group, detector, ratio, table in _nngmix_blocks(frame, metric):
        best = {}  # augmentation -> its column (count) with the best mean
        for column in table.columns:
            name = _augmentation(column)
            if name not in best or table[column].mean() > table[best[name]].mean():
                best[name] = column
        order = ["none", *sorted(set(best) - {"none"})]
        means = {name: 100 * table[best[name]].mean() for name in order}
        rival = max((k for k in means if k not in ("none", "nngmix")), key=means.get)
        row = {"group": group, "detector": detector, "labels kept": ratio,
               "datasets": len(table), **means}  # fmt: skip
        for label, other in (("none", "none"), ("best other", rival)):
            gain, wins, p = _compare(table[best["nngmix"]] - table[best[other]])
            row[f"nngmix - {label}"] = gain
            if other == "none":  # the paper's claims are relative gains over no augmentation
                row["nngmix vs none (%)"] = 100 * gain / means["none"]
            else:
                row["best other"] = rival
            row[f"wins vs {label}"], row[f"p vs {label}"] = wins, p
        rows.append(row)
    return rows


def nngmix_count_rows(frame: pd.DataFrame, metric: str) -> list[dict]:
    """NNG-Mix's gain at each count, over none and over the best other augmentation at the
    same count: the check that picking each method's best count does not make the result."""
    rows = []
    for group, detector, ratio, table in _nngmix_blocks(frame, metric):
        row = {"group": group, "detector": detector, "labels kept": ratio}
        for count in ("1x", "5x", "10x"):
            at_count = {_augmentation(c): c for c in table.columns if c.endswith(f" {count}")}
            nngmix = table[at_count.pop("nngmix")]
            rival = max(at_count, key=lambda name: table[at_count[name]].mean())
            row[f"vs none {count}"] = 100 * (nngmix - table["none"]).mean()
            gain, wins, p = _compare(nngmix - table[at_count[rival]])
            p_text = "" if p != p else f", p {p:.2g}"
            row[f"vs best other {count}"] = f"{gain:+.1f} ({rival}, {wins}{p_text})"
        rows.append(row)
    return rows


def _exists(path: Path) -> bool:
    """A results file or its gzip archive is there."""
    return path.exists() or archive_path(path).exists()


def main() -> int:
    data_dir = os.environ.get("PYOD_SYNTH_ADBENCH_DIR")
    if not data_dir:
        sys.exit(
            "set PYOD_SYNTH_ADBENCH_DIR to the ADBench data folder (it holds "
            "paper_results_D4-D19.tsv)"
        )
    published = load_published(Path(data_dir) / "paper_results_D4-D19.tsv")
    out = ["# Beside ADBench's published anchors", "", "Generated by "
           "`python benchmarks/anchor_summary.py`. Means "
           "in %; wins = datasets where ours > published; p = paired Wilcoxon over datasets.",
           ""]  # fmt: skip
    for name in ("beat_iforest_classical", "beat_catboost_classical", "lau_protocol"):
        path = RESULTS / f"{name}.jsonl"
        if not _exists(path):
            continue
        frame = load_results(path)
        for metric, label in METRIC_NAMES.items():
            out += [
                f"## {name}.jsonl: {label}",
                "",
                markdown(summary_rows(frame, published, metric)),
            ]
    for name, method in (("beat_catboost_classical", BLEND), ("lau_protocol", "lau + uniform")):
        frame = load_results(RESULTS / f"{name}.jsonl")
        for metric, label in METRIC_NAMES.items():
            rows = paired_rows(frame, method, metric)
            out += [f"## {method} against our other methods: {label}", "",
                    *markdown_table(pd.DataFrame(rows))]  # fmt: skip
    path = RESULTS / "nngmix_protocol.jsonl"
    if _exists(path):
        frame = load_results(path)
        for metric, label in METRIC_NAMES.items():
            rows = nngmix_rows(frame, metric)
            if rows:
                out += [f"## nngmix_protocol.jsonl: {label}", "",
                        *markdown_table(pd.DataFrame(rows)),
                        f"## nngmix_protocol.jsonl: {label}, NNG-Mix's gain at each count",
                        "", *markdown_table(pd.DataFrame(nngmix_count_rows(frame, metric)))]
    text = "\n".join(out)
    (RESULTS / "anchor_summary.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
