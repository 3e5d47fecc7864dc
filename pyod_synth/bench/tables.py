"""Numbers of a benchmark report: averages, ranks and gains over no augmentation.

Everything is computed from the results file's rows (the last row per run key). Seeds are
averaged within a dataset first, as ADBench does, so every dataset weighs the same.
A *setting* is one (la, ratio, protocol) triple; ranks and gains compare methods within a
setting. Rows of a known/unseen task (``pyod_synth.bench.protocols``) take the task's name
as their dataset and its family ("known/unseen", "cross-type") as their protocol, so the
tables average over tasks as they do over datasets, never across protocols.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pyod_synth.bench.axes import NO_AUGMENTATION
from pyod_synth.bench.protocols import STANDARD, family
from pyod_synth.bench.results import latest_by_key, read_rows

METRICS = ("aucroc", "aucpr")
METRIC_NAMES = {"aucroc": "AUCROC", "aucpr": "AUCPR"}
SETTING = ["la", "ratio", "protocol"]
METHOD = ["detector", "augmentation"]
PAIR = ["dataset", "detector", "la", "ratio", "protocol", "seed"]
# Per-type metrics of known/unseen task rows (``pyod_synth.bench.protocols.type_metrics``).
TYPE_METRICS = ("aupr", "aucroc")
ROLE_METRICS = tuple(f"{role}_{m}" for m in TYPE_METRICS for role in ("known", "unseen"))


def load_results(path) -> pd.DataFrame:
    """One row per run (the latest row of each key) with label columns added.

    Added columns: ``detector`` and ``augmentation`` become display labels that include
    non-default parameters; ``augmentation`` carries the count only when a generator was
    run with several counts (``"nngmix 5x"``), ``"none"`` for no augmentation.
    """
    rows = list(latest_by_key(read_rows(path)).values())
    if not rows:
        raise ValueError(f"{path} holds no finished runs; run `pyod-synth bench` first")
    return results_frame(rows)


def results_frame(rows: list[dict]) -> pd.DataFrame:
    """``load_results`` for rows already in memory."""
    frame = pd.DataFrame(rows)
    for column in ("detector_params", "generator_params"):
        if column not in frame:
            frame[column] = [{} for _ in range(len(frame))]
    frame["detector"] = [
        _with_params(name, params)
        for name, params in zip(frame["detector"], frame["detector_params"], strict=True)
    ]
    frame["generator_label"] = [
        _with_params(name, params)
        for name, params in zip(frame["generator"], frame["generator_params"], strict=True)
    ]
    frame["augmentation"] = _augmentation_labels(frame)
    frame["dataset"] = _dataset_labels(frame["dataset"])
    _label_tasks(frame)
    _check_la_forms(rows)
    frame["la"] = frame["la"].astype(float)
    frame["ratio"] = frame["ratio"].astype(float)
    return frame


def _label_tasks(frame: pd.DataFrame) -> None:
    """A task row's dataset label becomes the task, its protocol the task's family."""
    protocols = frame["protocol"] if "protocol" in frame else pd.Series(STANDARD, frame.index)
    protocols = protocols.fillna(STANDARD)
    task = protocols != STANDARD
    frame.loc[task, "dataset"] = protocols[task]
    frame["protocol"] = protocols.map(family)


def _check_la_forms(rows: list[dict]) -> None:
    """Refuse results where a count and a share of labeled anomalies would merge as one la.

    The tables key settings by la as a float, so ``la=1`` (one labeled anomaly) and
    ``la=1.0`` (all of them) would fall in one setting.
    """
    counts = {row["la"] for row in rows if isinstance(row["la"], int) and row["la"]}
    shares = {row["la"] for row in rows if isinstance(row["la"], float)}
    both = sorted(counts & shares)
    if both:
        raise ValueError(
            f"these results hold la = {both} both as counts of labeled anomalies and as "
            "shares; report them from separate results files"
        )


def _with_params(name: str, params) -> str:
    if not params:
        return name
    return f"{name}({', '.join(f'{k}={v}' for k, v in sorted(params.items()))})"


def _dataset_labels(names: pd.Series) -> pd.Series:
    """User files by their file name instead of the full path, unless that is ambiguous."""
    short = {
        name: Path(name).name if Path(name).suffix.lower() in (".npz", ".csv") else name
        for name in names.unique()
    }
    if len(set(short.values())) < len(short):
        return names
    return names.map(short)


def _augmentation_labels(frame: pd.DataFrame) -> list[str]:
    counts_per_generator = frame.groupby("generator_label")["n_synthetic"].nunique()
    labels = []
    for generator, label, count in zip(
        frame["generator"], frame["generator_label"], frame["n_synthetic"], strict=True
    ):
        if generator == NO_AUGMENTATION:
            labels.append(NO_AUGMENTATION)
        elif counts_per_generator[label] > 1:
            labels.append(f"{label} {count}")
        else:
            labels.append(label)
    return labels


def ok_runs(frame: pd.DataFrame) -> pd.DataFrame:
    """Runs that finished with metrics."""
    return frame[frame["status"] == "ok"]


def per_dataset(frame: pd.DataFrame) -> pd.DataFrame:
    """Mean metrics over seeds for each setting, dataset and method; ``seeds`` counts them."""
    grouped = ok_runs(frame).groupby(SETTING + ["dataset"] + METHOD, sort=True)
    table = grouped[list(METRICS)].mean()
    table["seeds"] = grouped.size()
    return table.reset_index()


def gains(frame: pd.DataFrame) -> pd.DataFrame:
    """Gain of each augmented run over the run without augmentation on the same dataset,
    detector, la, ratio and seed, averaged over seeds: columns ``gain_aucroc``, ``gain_aucpr``.

    Runs whose baseline is missing or failed have no gain.
    """
    ok = ok_runs(frame)
    base = ok[ok["generator"] == NO_AUGMENTATION][PAIR + list(METRICS)]
    augmented = ok[ok["generator"] != NO_AUGMENTATION]
    paired = augmented.merge(base, on=PAIR, suffixes=("", "_none"), validate="many_to_one")
    for metric in METRICS:
        paired[f"gain_{metric}"] = paired[metric] - paired[f"{metric}_none"]
    columns = [f"gain_{m}" for m in METRICS]
    grouped = paired.groupby(SETTING + ["dataset"] + METHOD, sort=True)
    table = grouped[columns].mean()
    table["paired_seeds"] = grouped.size()
    return table.reset_index()


def ranks(table: pd.DataFrame) -> pd.DataFrame:
    """Rank of each method within each setting and dataset (1 = best; ties share the mean).

    Only datasets on which every method of the setting has a result are ranked, so that
    average ranks compare like with like.
    """
    out = []
    for _, block in table.groupby(SETTING, sort=True):
        n_methods = block[METHOD].drop_duplicates().shape[0]
        complete = block.groupby("dataset")["dataset"].transform("size") == n_methods
        block = block[complete].copy()
        for metric in METRICS:
            block[f"rank_{metric}"] = block.groupby("dataset")[metric].rank(
                ascending=False, method="average"
            )
        out.append(block)
    if not out:
        return table.assign(**{f"rank_{m}": pd.Series(dtype=float) for m in METRICS})
    return pd.concat(out, ignore_index=True)


def summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Per setting and method: datasets, mean AUCROC/AUCPR, average ranks, mean gain over
    no augmentation, and on how many datasets the gain was positive/zero/negative.
    """
    table = per_dataset(frame)
    keys = SETTING + METHOD
    grouped = table.groupby(keys, sort=True)
    out = grouped[list(METRICS)].mean()
    out.insert(0, "datasets", grouped.size())
    ranked = ranks(table)
    rank_columns = [f"rank_{m}" for m in METRICS]
    out = out.join(ranked.groupby(keys)[rank_columns].mean())
    gain_table = gains(frame)
    if not gain_table.empty:
        gain_grouped = gain_table.groupby(keys)
        out = out.join(gain_grouped[[f"gain_{m}" for m in METRICS]].mean())
        for metric in METRICS:
            column = gain_table[f"gain_{metric}"]
            wins = (column > 0).groupby([gain_table[k] for k in keys]).sum()
            ties = (column == 0).groupby([gain_table[k] for k in keys]).sum()
            losses = (column < 0).groupby([gain_table[k] for k in keys]).sum()
            out[f"wtl_{metric}"] = (
                wins.astype(str) + "/" + ties.astype(str) + "/" + losses.astype(str)
            )
    else:
        for metric in METRICS:
            out[f"gain_{metric}"] = float("nan")
            out[f"wtl_{metric}"] = None
    return out.reset_index()


def errors(frame: pd.DataFrame) -> pd.DataFrame:
    """Failed runs, one per distinct (method, error message), with how often it happened."""
    failed = frame[frame["status"] != "ok"]
    if failed.empty:
        return failed
    grouped = failed.groupby(["detector", "generator", "error"], sort=True)
    out = grouped.size().rename("runs").reset_index()
    out["example"] = grouped["key"].first().values
    return out


# Known and unseen anomaly types -------------------------------------------------------


def task_runs(frame: pd.DataFrame) -> pd.DataFrame:
    """Finished runs of known/unseen tasks (those with per-type metrics)."""
    ok = ok_runs(frame)
    if "per_type" not in ok:
        return ok.iloc[0:0]
    has_types = ok["per_type"].map(lambda value: isinstance(value, list) and bool(value))
    return ok[(ok["protocol"] != STANDARD) & has_types]


def per_type(frame: pd.DataFrame) -> pd.DataFrame:
    """AUPR and AUCROC of every anomaly type against the test normals, per setting, task
    (``dataset``) and method, mean over seeds; ``role`` is "known" or "unseen"."""
    runs = task_runs(frame)
    keys = SETTING + ["dataset"] + METHOD
    rows = [] if runs.empty else [
        {**dict(zip(keys, values, strict=True)), "type": kind["type"], "role": kind["role"],
         **{m: kind[m] for m in TYPE_METRICS}}
        for values, types in zip(runs[keys].itertuples(index=False), runs["per_type"],
                                 strict=True)
        for kind in types
    ]
    if not rows:
        return pd.DataFrame(columns=[*keys, "role", "type", *TYPE_METRICS, "seeds"])
    grouped = pd.DataFrame(rows).groupby(keys + ["role", "type"], sort=True)
    table = grouped[list(TYPE_METRICS)].mean()
    table["seeds"] = grouped.size()
    return table.reset_index()


def known_unseen(frame: pd.DataFrame, both_roles: bool = False) -> pd.DataFrame:
    """Per setting and method: AUPR and AUCROC on known and on unseen types (each the mean
    over the role's types of a run), averaged over seeds within a task, then over tasks.

    ``known_tasks`` / ``unseen_tasks`` count the tasks with a value: a task whose test
    holds no known type (Arrhythmia's) counts for the unseen types only, unless
    ``both_roles`` keeps only the tasks that test both roles (so that a known and an
    unseen mean compare the same tasks).
    """
    runs = task_runs(frame)
    columns = list(ROLE_METRICS)
    if runs.empty:
        return pd.DataFrame(columns=[*SETTING, *METHOD, *columns, "known_tasks",
                                     "unseen_tasks"])
    runs = runs.assign(**{c: pd.to_numeric(runs[c], errors="coerce") for c in columns})
    if both_roles:
        runs = runs.dropna(subset=["known_aupr", "unseen_aupr"])
    by_task = runs.groupby(SETTING + ["dataset"] + METHOD, sort=True)[columns].mean()
    grouped = by_task.groupby(SETTING + METHOD, sort=True)
    table = grouped.mean()
    table["known_tasks"] = grouped["known_aupr"].count()
    table["unseen_tasks"] = grouped["unseen_aupr"].count()
    return table.reset_index()
