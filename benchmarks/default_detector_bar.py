"""Does one detector, ``default``, reach issue 10's bar on known and unseen types at once?

Issue 10, "The bar no anchor reaches". The rule that picks ``default`` among the candidates
is fixed in ``benchmarks/default_detector_rule.md`` (written before any result).

Stages (``--stage``):

- ``dev``: the development tasks of the rule (10 pilot ADBench datasets at la = 0.05, seed 1;
  Thyroid with hyperfunction known; NSL-KDD's training file alone split 70/30, R2L + U2R
  known). Every member is fitted once per task as a one-member
  ``ScoreBlend`` (so its test scores are rank-scaled against its training scores); each
  candidate is ``blend.fuse`` of its members' scaled scores, exactly what a multi-member
  ``ScoreBlend`` computes. Rows: ``results/default_detector_dev.jsonl``.
- ``dev_scores``: amendment 2 of the rule on the same development tasks: CatBoost on the
  features plus IForest, ECOD and KNN scores (``catboost+scores``) alone and in two tail-max
  fusions. Rows: ``results/default_detector_dev.jsonl`` (keys ``dev_scores|...``).
- ``dev_weighted``: amendment 3: ``default``'s members with IForest's tail score weighted
  0.75 / 0.5 / 0.25 in the max. Rows: as ``dev_scores``.
- ``dev_marginals``: amendment 4: CatBoost + product-of-marginals anomalies (the
  ``pyod-synth-marginals`` plugin) alone and in two tail-max fusions. Rows: as ``dev_scores``.
- ``known_unseen``: Lau et al.'s presets (``pyod_synth.known_unseen.PRESETS``) on
  ``lau_preprocess`` arrays, seeds 0 1 2: per-type AUPR / AUCROC of IForest, ECOD, COPOD,
  KNN, LOF, CatBoost, CatBoost + uniform and ``get_detector("default")``.
  Rows: ``results/default_detector_bar.jsonl``.
- ``classifiers``: issue 10 item 4 where ``lau_nslkdd_gap.py`` does not reach: DeepSAD and
  the MLP without and with uniform anomalies on the Thyroid and Arrhythmia presets, seeds
  0 1 2, each fitted as a one-member ``ScoreBlend`` like the members above.
  Rows: ``results/default_detector_classifiers.jsonl``.
- ``adbench``: ``get_detector("default")`` on the 43 Classical datasets, ADBench's split,
  la 0 / 0.01 / 0.05 / 0.1, seeds given (default 1 2 3); compared with IForest at la = 0 and
  the blend at la > 0 from ``results/beat_{iforest,catboost}_classical.jsonl.gz``.
  Rows: ``results/default_detector_adbench.jsonl``.

Every row carries the git commit and a ``key``; finished keys are skipped, so a rerun on the
committed archives runs nothing. New rows go to the plain ``.jsonl`` beside the archive;
``python benchmarks/pack_results.py`` folds them in. ``--summary`` prints the tables.

    export PYOD_SYNTH_LAU2025_DIR=../shared/datasets/lau2025
    export PYOD_SYNTH_ADBENCH_DIR=../shared/datasets/adbench
    PYTHONPATH=$PWD nice -n 10 python benchmarks/default_detector_bar.py --stage dev
    PYTHONPATH=$PWD nice -n 10 python benchmarks/default_detector_bar.py --stage known_unseen
    PYTHONPATH=$PWD nice -n 10 python benchmarks/default_detector_bar.py --stage adbench
    PYTHONPATH=$PWD python benchmarks/default_detector_bar.py --summary
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

from pyod_synth.adbench import split
from pyod_synth.bench.provenance import source_commit
from pyod_synth.bench.results import read_rows
from pyod_synth.blend import ScoreBlend, fuse
from pyod_synth.datasets import list_datasets, load_dataset
from pyod_synth.known_unseen import (
    PRESETS,
    known_unseen_split,
    lau_preprocess,
    per_type_scores,
    preset_split,
)
from pyod_synth.registry import get_detector
from pyod_synth.typed_datasets import load_typed_dataset

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pilot_datasets import PILOT  # noqa: E402 - the one list of pilot datasets (same folder)

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
UNSUPERVISED = ("iforest", "ecod", "copod", "knn", "lof")
CATBOOST = {"detector": "catboost", "n_synthetic": 0}
MEMBERS = {
    **{name: name for name in UNSUPERVISED},
    "catboost": CATBOOST,
    "catboost/nngmix": {"detector": "catboost", "generator": "nngmix"},
    "catboost/uniform": {"detector": "catboost", "generator": "uniform", "n_synthetic": 1.0},
}
# Members only the amendments' candidates use.
LATER_MEMBERS = {
    "catboost/marginals": {"detector": "catboost", "generator": "marginals", "n_synthetic": 1.0},
}
# Issue 10, item 4, on the presets Lau et al.'s NSL-KDD script does not cover: the other
# classification-based detectors without and with uniform anomalies (one category per one-hot
# group; as many as training rows, like catboost/uniform).
CLASSIFIER_TASKS = ("thyroid-ann/hyperfunction", "thyroid-ann/subnormal", "arrhythmia/2+10+14")
CLASSIFIERS = {
    f"{name}{suffix}": {"detector": name, **params}
    for name in ("deepsad", "mlp")
    for suffix, params in (("", {"n_synthetic": 0}),
                           ("/uniform", {"generator": "uniform", "n_synthetic": 1.0}))
}
# The candidates of default_detector_rule.md: name -> (members, fusion); "tail" in the
# name = scaling="tail", otherwise "rank".
_IF_CB, _IF_CB_NNG = ("iforest", "catboost"), ("iforest", "catboost", "catboost/nngmix")
_IF_CB_UNI = ("iforest", "catboost", "catboost/uniform")
CANDIDATES = {
    "mean(iforest, catboost)": (_IF_CB, "mean"),
    "max(iforest, catboost)": (_IF_CB, "max"),
    "max(iforest, catboost, catboost/nngmix)": (_IF_CB_NNG, "max"),
    "mean(iforest, catboost, catboost/nngmix)": (_IF_CB_NNG, "mean"),
    "max(iforest, catboost/uniform)": (("iforest", "catboost/uniform"), "max"),
    "max(iforest, catboost, catboost/uniform)": (_IF_CB_UNI, "max"),
    "blend(catboost, catboost/nngmix)": (("catboost", "catboost/nngmix"), "mean"),
    "tail-max(iforest, catboost)": (_IF_CB, "max"),
    "tail-mean(iforest, catboost)": (_IF_CB, "mean"),
    "tail-max(iforest, catboost, catboost/nngmix)": (_IF_CB_NNG, "max"),
    "tail-max(iforest, catboost, catboost/uniform)": (_IF_CB_UNI, "max"),
}
# Amendment 2 of the rule: CatBoost on the features plus these detectors' scores (XGBOD's
# idea, no synthetic rows), as a member and in two tail-max fusions.
SCORE_FEATURES = ("iforest", "ecod", "knn")
SCORES_MEMBER = "catboost+scores"
SCORES_CANDIDATES = {
    SCORES_MEMBER: ((SCORES_MEMBER,), "max"),
    f"tail-max(iforest, {SCORES_MEMBER})": (("iforest", SCORES_MEMBER), "max"),
    f"tail-max(iforest, {SCORES_MEMBER}, catboost/nngmix)": (
        ("iforest", SCORES_MEMBER, "catboost/nngmix"), "max"),
}
# Amendment 3: a weighted max of the tail scores (IForest's weight below 1: it alarms only
# beyond a stricter tail); same members as default.
WEIGHTED_CANDIDATES = {
    f"tail-wmax(iforest x {w:g}, catboost, catboost/nngmix)": (_IF_CB_NNG, "wmax", (w, 1, 1))
    for w in (0.75, 0.5, 0.25)
}
# Amendment 4: anomalies near the data (product of marginals, the pyod-synth-marginals
# plugin) instead of the whole box.
MARGINALS_CANDIDATES = {
    "catboost/marginals": (("catboost/marginals",), "max"),
    "tail-max(catboost, catboost/marginals)": (("catboost", "catboost/marginals"), "max"),
    "tail-max(iforest, catboost, catboost/marginals)": (
        ("iforest", "catboost", "catboost/marginals"), "max"),
}
# The rounds of development candidates after the first: stage -> candidates.
AMENDMENTS = {"dev_scores": SCORES_CANDIDATES, "dev_weighted": WEIGHTED_CANDIDATES,
              "dev_marginals": MARGINALS_CANDIDATES}
DEV_STAGES = ("dev", *AMENDMENTS)
OUT = {
    **dict.fromkeys(DEV_STAGES, RESULTS / "default_detector_dev.jsonl"),
    "known_unseen": RESULTS / "default_detector_bar.jsonl",
    "adbench": RESULTS / "default_detector_adbench.jsonl",
    "classifiers": RESULTS / "default_detector_classifiers.jsonl",
}
DEV_THYROID = "thyroid-ann/hyperfunction"
# A validation task carved from NSL-KDD's training file alone (KDDTest+ is never read):
# its rows split 70/30 at random, R2L and U2R known, DoS and Probe unseen.
DEV_KDD = "nsl-kdd-train-file/r2l+u2r"
DEV_LA = 0.05
PRESET_SEEDS = (0, 1, 2)


def _rows(path: Path) -> list[dict]:
    try:
        return read_rows(path)
    except FileNotFoundError:
        return []


def _append(path: Path, rows: list[dict]) -> None:
    with open(path, "a") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")


def _fitted(spec, X_train, y_train, seed):
    return ScoreBlend([spec], random_state=seed).fit(X_train, y_train).members_[0]


def _with_scores(X_train, y_train, X_test, seed):
    """Both row sets with the SCORE_FEATURES detectors' scores (fitted on X_train) appended."""
    fitted = [_fitted(name, X_train, y_train, seed) for name in SCORE_FEATURES]
    train = [np.asarray(f.decision_scores_, dtype=float) for f in fitted]
    test = [np.asarray(f.decision_function(X_test), dtype=float) for f in fitted]
    return (np.column_stack([np.asarray(X_train, dtype=float), *train]),
            np.column_stack([np.asarray(X_test, dtype=float), *test]))


def _member_scores(name, X_train, y_train, X_test, seed, scalings=("rank",)) -> list:
    """Test scores of one member fitted once, scaled against its training scores each way."""
    if name == SCORES_MEMBER:
        X_train, X_test = _with_scores(X_train, y_train, X_test, seed)
        name = "catboost"
    spec = {**MEMBERS, **LATER_MEMBERS, **CLASSIFIERS}[name]
    member = _fitted(spec, X_train, y_train, seed)
    raw = member.decision_function(X_test)
    labeled = np.asarray(y_train) == 1
    train = np.asarray(member.decision_scores_, dtype=float)
    out = []
    for scaling in scalings:
        scaled = ScoreBlend([spec], scaling=scaling)
        reference = np.sort(train[~labeled] if scaling == "tail" else train)
        out.append(scaled._scale(raw, reference))
    return out


def _metrics(y, scores) -> dict:
    return {"aupr": float(average_precision_score(y, scores)),
            "aucroc": float(roc_auc_score(y, scores))}


def _known_unseen_metrics(task, scores) -> dict:
    summary = per_type_scores(task.y_test, task.types_test, scores, known=task.known).summary
    return {f"{role}_{metric}": float(summary.loc[(role, "mean"), metric])
            for role in ("known", "unseen") if (role, "mean") in summary.index
            for metric in ("aupr", "aucroc")}


def _encoded(name: str):
    if name == DEV_KDD:
        task = _train_file_split()
    else:
        task = preset_split(name, impute="train_mean")
    return task, lau_preprocess(task)


def _train_file_split():
    from dataclasses import replace

    data = load_typed_dataset("nsl-kdd")
    rows = np.flatnonzero(data.part == "train")
    part = np.where(np.random.default_rng(0).random(rows.size) < 0.7, "train", "test")
    data = replace(data, X=data.X.iloc[rows], y=data.y[rows],
                   anomaly_type=data.anomaly_type[rows], raw_label=data.raw_label[rows],
                   part=part, files=data.files[:1])
    return replace(known_unseen_split(data, ("R2L", "U2R")), name=DEV_KDD)


def dev_task(task_name: str, seed: int, candidates=CANDIDATES, reported=None) -> list[dict]:
    """Rows of the ``reported`` members (default: every member) and the candidates on one
    development task."""
    if task_name in (*PRESETS, DEV_KDD):
        task, data = _encoded(task_name)
        X_train, y_train, X_test = data.X_train, task.y_train, data.X_test
        names = list(MEMBERS)

        def score(s):
            return _known_unseen_metrics(task, s)
    else:
        X, y = load_dataset(task_name)
        d = split(X, y, seed=seed, la=DEV_LA)
        X_train, y_train, X_test = d["X_train"], d["y_train"], d["X_test"]
        names = ["iforest", *[m for m in MEMBERS if m.startswith("catboost")]]

        def score(s):
            return _metrics(d["y_test"], s)
    names = names if reported is None else list(reported)
    needed = dict.fromkeys([*names, *(m for spec in candidates.values() for m in spec[0])])
    scaled = {n: _member_scores(n, X_train, y_train, X_test, seed, ("rank", "tail"))
              for n in needed}
    methods = {n: scaled[n][0] for n in names}
    for candidate, (members, fusion, *weights) in candidates.items():
        way = int(candidate.startswith("tail"))
        scores = [scaled[m][way] for m in members]
        if fusion == "wmax":  # the max of the weighted scores, ties broken as fuse does
            scores = [w * x for w, x in zip(*weights, scores, strict=True)]
            fusion = "max"
        methods[candidate] = fuse(scores, np.ones(len(members)), fusion)
    return [{"method": m, **score(s)} for m, s in methods.items()]


def _timed_rows(name: str, seed: int, methods) -> list[dict]:
    """Per-type metrics and fit time of each method on one preset task."""
    task, data = _encoded(name)
    rows = []
    for method in methods:
        start = time.perf_counter()
        if method == "default":
            detector = get_detector("default", random_state=seed)
            scores = detector.fit(data.X_train, task.y_train).decision_function(data.X_test)
        else:
            scores = _member_scores(method, data.X_train, task.y_train, data.X_test, seed)[0]
        rows.append({"method": method, **_known_unseen_metrics(task, scores),
                     "fit_seconds": round(time.perf_counter() - start, 2)})
    return rows


def known_unseen_task(name: str, seed: int) -> list[dict]:
    # ECOD, COPOD, KNN and LOF draw nothing at random: one seed is all of them.
    seeded = ["iforest", "catboost", "catboost/uniform", "default"]
    methods = seeded if seed != min(PRESET_SEEDS) else [*UNSUPERVISED, *seeded[1:]]
    return _timed_rows(name, seed, methods)


def classifiers_task(name: str, seed: int) -> list[dict]:
    return _timed_rows(name, seed, CLASSIFIERS)


def adbench_task(dataset: str, la: float, seed: int) -> list[dict]:
    X, y = load_dataset(dataset)
    d = split(X, y, seed=seed, la=la)
    start = time.perf_counter()
    detector = get_detector("default", random_state=seed).fit(d["X_train"], d["y_train"])
    scores = detector.decision_function(d["X_test"])
    return [{"method": "default", **_metrics(d["y_test"], scores),
             "fit_seconds": round(time.perf_counter() - start, 2)}]


def _keys(stage: str, seeds, las, tasks=None) -> list[tuple]:
    if stage in DEV_STAGES:
        return [(t, DEV_LA if t in PILOT else None, 1) for t in [*PILOT, DEV_THYROID, DEV_KDD]]
    if stage == "known_unseen":
        return [(t, None, s) for s in seeds for t in tasks or PRESETS]  # every task once first
    if stage == "classifiers":
        return [(t, None, s) for s in seeds for t in tasks or CLASSIFIER_TASKS]
    return [(d, la, s) for d in list_datasets(group="classical") for la in las for s in seeds]


def run(stage: str, seeds, las, tasks=None) -> None:
    path = OUT[stage]
    done = {r["key"] for r in _rows(path)}
    commit = source_commit()
    for task, la, seed in _keys(stage, seeds, las, tasks):
        key = f"{stage}|{task}|{la}|{seed}"
        if key in done:
            continue
        start = time.perf_counter()
        if stage == "dev":
            rows = dev_task(task, seed)
        elif stage in AMENDMENTS:
            rows = dev_task(task, seed, AMENDMENTS[stage], reported=())
        elif stage == "known_unseen":
            rows = known_unseen_task(task, seed)
        elif stage == "classifiers":
            rows = classifiers_task(task, seed)
        else:
            rows = adbench_task(task, la, seed)
        wall = round(time.perf_counter() - start, 1)
        _append(path, [{"key": key, "task": task, "la": la, "seed": seed, **row,
                        "task_wall_seconds": wall, "commit": commit, "status": "ok"}
                       for row in rows])
        print(f"{key}: {wall} s", flush=True)


def summary(stage: str) -> str:
    import pandas as pd

    frame = pd.DataFrame(_rows(OUT[stage]))
    if frame.empty:
        return f"(no rows in {OUT[stage].name})"
    values = [c for c in ("known_aupr", "unseen_aupr", "aupr")
              if c in frame and frame[c].notna().any()]
    table = frame.pivot_table(index=["task", "la"] if stage == "adbench" else "task",
                              columns="method", values=values, aggfunc="mean", dropna=False)
    return (100 * table).round(1).to_string()


def _adbench_reference():
    """Today's anchors on the same (dataset, la, seed): IForest at la = 0, blend at la > 0."""
    import pandas as pd

    iforest = pd.DataFrame(read_rows(RESULTS / "beat_iforest_classical.jsonl.gz"))
    iforest = iforest[iforest["detector_params"].map(lambda p: p == {"members": ["iforest"]})]
    blend = pd.DataFrame(read_rows(RESULTS / "beat_catboost_classical.jsonl.gz"))
    blend = blend[(blend["detector"] == "blend") & (blend["detector_params"].map(len) == 0)]
    reference = pd.concat([iforest, blend])
    reference = reference[reference["status"] == "ok"]
    return reference.rename(columns={"dataset": "task", "aucpr": "reference_aupr",
                                     "aucroc": "reference_aucroc"})


def adbench_summary() -> str:
    """Mean AUPR / AUCROC of default and its anchor per la, on the runs default finished."""
    import pandas as pd
    from scipy.stats import wilcoxon

    rows = pd.DataFrame(_rows(OUT["adbench"]))
    if rows.empty:
        return "(no adbench rows)"
    paired = rows.merge(_adbench_reference()[["task", "la", "seed", "reference_aupr",
                                              "reference_aucroc"]], on=["task", "la", "seed"])
    per_dataset = paired.groupby(["la", "task"]).mean(numeric_only=True).reset_index()
    lines = ["| la | datasets | anchor | anchor AUPR | default AUPR | anchor AUCROC | "
             "default AUCROC | default >= anchor (AUPR) | p (AUPR) |", "|---" * 9 + "|"]
    for la, group in per_dataset.groupby("la"):
        diff = group["aupr"] - group["reference_aupr"]
        p = wilcoxon(diff).pvalue if (diff != 0).any() else 1.0
        lines.append(
            f"| {la:g} | {len(group)} | {'IForest' if la == 0 else 'blend'} | "
            f"{100 * group['reference_aupr'].mean():.1f} | {100 * group['aupr'].mean():.1f} | "
            f"{100 * group['reference_aucroc'].mean():.1f} | {100 * group['aucroc'].mean():.1f}"
            f" | {int((diff >= -1e-12).sum())}/{len(group)} | {p:.2g} |")
    return "\n".join(lines)


# Lau et al.'s classifier without (VC) and with (VC-SA) uniform anomalies, their pipeline,
# from results/lau_nslkdd_gap.jsonl.gz (benchmarks/lau_nslkdd_gap.py); None = not run.
LAU_CONFIGS = {
    "nsl-kdd/r2l+u2r": ("lau_vc", "lau_sa"),
    "thyroid-ann/hyperfunction": ("thyroid_hyperfunction_known_vc",
                                  "thyroid_hyperfunction_known_sa"),
    "thyroid-ann/subnormal": ("thyroid_subnormal_known_vc", "thyroid_subnormal_known_sa"),
    "arrhythmia/2+10+14": ("arrhythmia_vc", "arrhythmia_sa"),
}


def _lau_aupr(config: str) -> tuple[float, float, int]:
    """Mean over seeds of the mean known and mean unseen per-type AUPR; the seed count."""
    rows = [r for r in _rows(RESULTS / "lau_nslkdd_gap.jsonl") if r["config"] == config
            and r["status"] == "ok"]
    if not rows:
        return np.nan, np.nan, 0
    known, unseen = [], []
    for r in rows:
        types = {t: m["aupr"] for t, m in r["metrics"].items() if t != "all"}
        known.append(np.mean([a for t, a in types.items() if t in r["known"]] or [np.nan]))
        unseen.append(np.mean([a for t, a in types.items() if t not in r["known"]]))
    return float(np.mean(known)), float(np.mean(unseen)), len(rows)


def _pair(known, unseen) -> str:
    return " / ".join("-" if np.isnan(v) else f"{100 * v:.1f}" for v in (known, unseen))


def bar_table() -> str:
    """Per task, known / unseen AUPR (mean over types, then seeds) and the bar's verdict."""
    import pandas as pd

    frame = pd.DataFrame(_rows(OUT["known_unseen"]))
    means = frame.groupby(["task", "method"])[["known_aupr", "unseen_aupr"]].mean()
    seeds = frame.groupby(["task", "method"])["seed"].nunique()
    unseen = means["unseen_aupr"].unstack()
    best = unseen[list(UNSUPERVISED)].mean().idxmax()  # best on average over all tasks
    header = ["task", "seeds (default)", "IForest", f"best unsup. ({best})", "CatBoost",
              "CatBoost + uniform", "Lau VC", "Lau VC-SA", "default",
              "default - CatBoost (known)", f"default - {best} (unseen)"]
    lines = ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    for task in [t for t in PRESETS if t in unseen.index]:
        m = means.loc[task]

        def cell(method, m=m):
            return _pair(*m.loc[method]) if method in m.index else "-"
        vc, sa = (_lau_aupr(c)[:2] for c in LAU_CONFIGS.get(task, ("", "")))
        d = m.loc["default"]
        known_gap = 100 * (d["known_aupr"] - m.loc["catboost", "known_aupr"])
        unseen_gap = 100 * (d["unseen_aupr"] - m.loc[best, "unseen_aupr"])
        lines.append("| " + " | ".join([
            task, str(seeds.loc[(task, "default")]), cell("iforest"), cell(best),
            cell("catboost"), cell("catboost/uniform"), _pair(*vc), _pair(*sa),
            cell("default"),
            "-" if np.isnan(known_gap) else f"{known_gap:+.1f}", f"{unseen_gap:+.1f}"]) + " |")
    return "\n".join(lines)


def selection() -> str:
    """The rule of default_detector_rule.md on the dev rows: each candidate's shortfalls."""
    import pandas as pd

    frame = pd.DataFrame(_rows(OUT["dev"]))
    pilot = frame[frame["task"].isin(PILOT)].groupby("method")["aupr"].mean()
    criteria = {"pilot vs blend": pilot - pilot["blend(catboost, catboost/nngmix)"]}
    for task in (DEV_THYROID, DEV_KDD):
        rows = frame[frame["task"] == task].set_index("method")
        best_unsupervised = rows.loc[list(UNSUPERVISED), "unseen_aupr"].max()
        criteria[f"{task} known vs catboost"] = (rows["known_aupr"]
                                                 - rows.loc["catboost", "known_aupr"])
        criteria[f"{task} unseen vs best unsupervised"] = (rows["unseen_aupr"]
                                                           - best_unsupervised)
    table = 100 * pd.DataFrame(criteria)
    every = [c for round_ in (CANDIDATES, *AMENDMENTS.values()) for c in round_]
    table = table.loc[[c for c in every if c in table.index]]
    table["worst shortfall"] = (-table).clip(lower=0).max(axis=1)
    return table.round(1).sort_values("worst shortfall").to_string()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", choices=tuple(OUT), default="dev")
    parser.add_argument("--seeds", type=int, nargs="+", default=None)
    parser.add_argument("--las", type=float, nargs="+", default=[0.0, 0.01, 0.05, 0.1])
    parser.add_argument("--tasks", nargs="+", choices=tuple(PRESETS), default=None,
                        help="known_unseen: these presets, in this order (default: all)")
    parser.add_argument("--summary", action="store_true")
    args = parser.parse_args(argv)
    if args.summary:
        print(summary(args.stage))
        if args.stage in DEV_STAGES:
            print(selection())
        if args.stage == "known_unseen":
            print(bar_table())
        if args.stage == "adbench":
            print(adbench_summary())
        return 0
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    preset_stage = args.stage in ("known_unseen", "classifiers")
    seeds = args.seeds or (PRESET_SEEDS if preset_stage else [1, 2, 3])
    run(args.stage, seeds, args.las, args.tasks)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
