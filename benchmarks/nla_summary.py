"""`default` and CatBoost with 5, 10 or 20 labeled anomalies, beside ADGym's CatBoost.

Issue 13, item 4. Reads ``results/nla_default_catboost.jsonl(.gz)`` (made by
``nla_default_catboost.sh``) and ``reference/adgym_catboost_nla.csv`` (ADGym's shipped
per-dataset CatBoost means), and writes ``results/nla_summary.md``: per number of labeled
anomalies, the mean over datasets (seeds averaged within a dataset first) of our CatBoost and
``default``, on the 43 Classical datasets and on those ADGym also has, ADGym's CatBoost on
those, wins of ``default`` over our CatBoost and a paired Wilcoxon test over datasets, and the
compute time (fit + score) of each detector.

    python benchmarks/nla_summary.py
    python benchmarks/nla_summary.py --from-adgym PATH/TO/ADGym   # rebuild the reference CSV
"""

from __future__ import annotations

import argparse
import ast
import subprocess
from pathlib import Path

import pandas as pd
from scipy.stats import wilcoxon

from pyod_synth.bench.tables import load_results, ok_runs, per_dataset

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "nla_default_catboost.jsonl"
REFERENCE = HERE / "reference" / "adgym_catboost_nla.csv"
OUT = HERE / "results" / "nla_summary.md"
ADGYM_COMMIT = "b924f7f"
REFERENCE_HEADER = f"""\
# ADGym's shipped CatBoost results (column CatB), mean over its seeds 1-3 per dataset and
# number of labeled anomalies (nla). Source: github.com/Minqi824/ADGym at commit {ADGYM_COMMIT},
# result/AUCROC-SOTA-supervise.csv and result/AUCPR-SOTA-supervise.csv (2023-06-02).
# Its protocol: datasets subsampled to at most 3,000 rows, those under 1,000 rows or with
# fewer than 20 training anomalies dropped (31 datasets), 70/30 stratified split, no scaling.
# Written by `python benchmarks/nla_summary.py --from-adgym PATH`.
"""
METRICS = ("aucroc", "aucpr")


def build_reference(adgym: Path) -> pd.DataFrame:
    """ADGym's per-dataset CatBoost means from its result CSVs at ADGYM_COMMIT."""
    columns = {}
    for metric in METRICS:
        text = subprocess.run(
            ["git", "-C", str(adgym), "show",
             f"{ADGYM_COMMIT}:result/{metric.upper()}-SOTA-supervise.csv"],
            capture_output=True, text=True, check=True).stdout
        frame = pd.read_csv(pd.io.common.StringIO(text), index_col=0)
        frame.index = pd.MultiIndex.from_tuples(
            [ast.literal_eval(i) for i in frame.index], names=["dataset", "seed", "nla"])
        columns[metric] = frame["CatB"].groupby(level=["dataset", "nla"]).mean()
    table = pd.DataFrame(columns).reset_index().sort_values(["nla", "dataset"])
    return table[["dataset", "nla", *METRICS]]


def _ours(frame: pd.DataFrame) -> pd.DataFrame:
    table = per_dataset(frame)
    table = table.rename(columns={"la": "nla"})
    table["nla"] = table["nla"].astype(int)
    return table


def _compute_minutes(frame: pd.DataFrame) -> pd.Series:
    ok = ok_runs(frame)
    seconds = ok["fit_seconds"] + ok["predict_seconds"]
    return (seconds.groupby(ok["detector"]).sum() / 60).round(1)


def summary_tables() -> str:
    runs = load_results(RESULTS)
    ours = _ours(runs)
    adgym = pd.read_csv(REFERENCE, comment="#")
    common = sorted(set(ours["dataset"]) & set(adgym["dataset"]))
    lines = [
        "# `default` and CatBoost with 5 / 10 / 20 labeled anomalies (issue 13, item 4)",
        "",
        "Written by `python benchmarks/nla_summary.py` from `results/nla_default_catboost"
        ".jsonl.gz` (`nla_default_catboost.sh`) and `reference/adgym_catboost_nla.csv`. "
        "Means in %, seeds averaged within a dataset first; p: paired Wilcoxon over datasets, "
        "`default` against our CatBoost.",
        "",
    ]
    for metric in METRICS:
        lines += [f"## {metric.upper()}", "",
                  f"| labeled anomalies | CatBoost, {ours['dataset'].nunique()} datasets "
                  f"| `default`, same | `default` >= CatBoost | p "
                  f"| CatBoost, the {len(common)} ADGym has | `default`, same "
                  f"| ADGym's CatBoost, same "
                  f"| ADGym's CatBoost, its {adgym['dataset'].nunique()} |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for nla in sorted(ours["nla"].unique()):
            wide = ours[ours["nla"] == nla].pivot_table(index="dataset", columns="detector",
                                                        values=metric)
            wide = wide.dropna()
            ref = adgym[adgym["nla"] == nla].set_index("dataset")[metric]
            diff = wide["default"] - wide["catboost"]
            p = wilcoxon(diff).pvalue if (diff != 0).any() else 1.0
            on_common = wide.loc[[d for d in common if d in wide.index]]
            lines.append(
                f"| {nla} | {100 * wide['catboost'].mean():.1f}"
                f" | {100 * wide['default'].mean():.1f}"
                f" | {int((diff >= 0).sum())}/{len(diff)} | {p:.2g}"
                f" | {100 * on_common['catboost'].mean():.1f}"
                f" | {100 * on_common['default'].mean():.1f}"
                f" | {100 * ref.loc[on_common.index].mean():.1f} | {100 * ref.mean():.1f} |")
        lines.append("")
    minutes = _compute_minutes(runs)
    lines += ["## Compute", "",
              "Fit + score time summed over every run (minutes of one process; the bench ran "
              "two at a time on 2 cores): "
              + ", ".join(f"{d} {m}" for d, m in minutes.items()) + ".",
              "",
              f"Datasets ADGym has and this run does not: "
              f"{', '.join(sorted(set(adgym['dataset']) - set(ours['dataset']))) or 'none'}.",
              ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from-adgym", type=Path, metavar="PATH",
                        help="a git checkout of Minqi824/ADGym: rebuild the reference CSV")
    args = parser.parse_args(argv)
    if args.from_adgym:
        table = build_reference(args.from_adgym)
        with open(REFERENCE, "w") as out:
            out.write(REFERENCE_HEADER)
            table.to_csv(out, index=False, float_format="%.6f")
    OUT.write_text(summary_tables())
    print(OUT.read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
