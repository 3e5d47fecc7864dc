"""Why does pyod-synth's ``lau`` + ``uniform`` sit far below Lau et al. on NSL-KDD? Measure it.

Issue 10, item 4. Train ``KDDTrain+_20Percent.txt`` with R2L and U2R labeled (known), test
``KDDTest+.txt``; AUPR and AUCROC of each attack category (DoS, Probe unseen; U2R, R2L known)
against the test normals. Lau et al. report (full ``KDDTrain+``, which is not available here)
VC 0.345 -> VC-SA 0.793 on DoS and 0.180 -> 0.649 on Probe.

Two pipelines:

- ``lib_*``: the library as a new user runs it (``pyod_synth.Augmented``), on "naive"
  preprocessing: no de-duplication, all 38 numeric features then ``pd.get_dummies`` columns,
  min-max scaling fitted on the training rows.
- ``lau_*``: Lau et al.'s pipeline re-implemented from their description
  (the paper's sections 2-4 and their code's ``Utils/data_methods.py``): rows
  de-duplicated, one-hot groups first then the 35 numeric features their code keeps
  (``df.columns[:-5]`` drops ``dst_host_srv_serror_rate``, ``dst_host_rerror_rate`` and
  ``dst_host_srv_rerror_rate``: 84 + 35 = 119 columns on the full file), min-max scaling fitted
  on normals + known anomalies, shuffle with seed 0, validation split with seed 1234 + r
  (last 20 %), synthetic anomalies with seed 23 + r (Uniform[0, 1] numeric, Bernoulli(0.5)
  for columns all in {0, 1} -- constant columns included, as in their code -- and one
  category per one-hot group, seed 23 + r + 321 + g), as many validation synthetic anomalies
  as validation rows, training rows shuffled once with seed 0 and fixed batch order, hinge
  loss, AdamW(1e-3, 1e-2), batch 1024, at most 200 epochs, early stopping patience 7 on the
  validation hinge loss, last-epoch weights, LeakyReLU. Every RNG is local (NumPy
  ``RandomState`` replays their global-seed streams; torch uses a ``torch.Generator`` seeded
  with r, so initial weights differ from their ``seed_everything(r)``).

Each ablation changes one thing from ``lau_sa`` (see ``CONFIGS``). Rows go to a JSONL file
with the git commit; finished (config, seed) keys are skipped, so a rerun changes nothing;
new rows go to the plain file beside the committed archive, which
`python benchmarks/pack_results.py` folds in.

    PYTHONPATH=$PWD nice -n 10 python benchmarks/lau_nslkdd_gap.py \
        --out benchmarks/results/lau_nslkdd_gap.jsonl [--configs lau_vc lau_sa ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import (
    auc,
    average_precision_score,
    precision_recall_curve,
    roc_auc_score,
)
from sklearn.preprocessing import MinMaxScaler

from pyod_synth.bench.results import read_rows
from pyod_synth.generators.base import BaseGenerator

COLUMNS = (
    "duration protocol_type service flag src_bytes dst_bytes land wrong_fragment urgent hot "
    "num_failed_logins logged_in num_compromised root_shell su_attempted num_root "
    "num_file_creations num_shells num_access_files num_outbound_cmds is_host_login "
    "is_guest_login count srv_count serror_rate srv_serror_rate rerror_rate srv_rerror_rate "
    "same_srv_rate diff_srv_rate srv_diff_host_rate dst_host_count dst_host_srv_count "
    "dst_host_same_srv_rate dst_host_diff_srv_rate dst_host_same_src_port_rate "
    "dst_host_srv_diff_host_rate dst_host_serror_rate dst_host_srv_serror_rate "
    "dst_host_rerror_rate dst_host_srv_rerror_rate attack level"
).split()
CATEGORICAL = ["protocol_type", "service", "flag"]
CATEGORIES = {
    "DoS": "apache2 back land neptune mailbomb pod processtable smurf teardrop udpstorm worm",
    "Probe": "ipsweep mscan nmap portsweep saint satan",
    "U2R": "buffer_overflow loadmodule perl ps rootkit sqlattack xterm",
    # The data spells httptunnel; Lau et al.'s list says http_tunnel (133 test rows).
    "R2L": "ftp_write guess_passwd httptunnel imap multihop named phf sendmail snmpgetattack "
    "snmpguess spy warezclient warezmaster xlock xsnoop",
}
ATTACK_CATEGORY = {a: c for c, names in CATEGORIES.items() for a in names.split()}
KNOWN = ("U2R", "R2L")
UNSEEN = ("DoS", "Probe")
ARRHYTHMIA_KNOWN = (2, 10, 14)
PAPER = {"DoS": (0.345, 0.793), "Probe": (0.180, 0.649)}

# One change at a time from "lau_sa" (Lau et al.'s VC-SA); "lib_*" use pyod_synth.Augmented.
BASE = {
    "pipeline": "lau",
    "ratio": 1.0,
    "onehot": "group",
    "val_synthetic": True,
    "early_stopping": True,
    "scaling": "minmax",
    "activation": "leaky_relu",
    "epochs": 200,
    "dedup": True,
}


def lib(method, generator=None):
    """A library-path config: ``Augmented(method, generator)`` on naive preprocessing."""
    return {"pipeline": "lib", "method": method, "generator": generator, "prep": "naive"}


CONFIGS = {
    "iforest": lib("iforest"),
    "catboost_known": lib("catboost"),
    "lib_lau_vc": lib("lau"),
    "lib_lau_uniform": lib("lau", "uniform"),
    "lib_lau_uniform_cat": lib("lau", "cat"),
    "lau_vc": {**BASE, "ratio": 0.0},
    "lau_sa": dict(BASE),
    "lau_sa_bernoulli_onehot": {**BASE, "onehot": "bernoulli"},
    "lau_sa_seen_categories": {**BASE, "onehot": "group_seen"},
    "lau_sa_no_val_synthetic": {**BASE, "val_synthetic": False},
    "lau_sa_fixed_epochs": {**BASE, "early_stopping": False, "epochs": 30},
    "lau_sa_no_scaling": {**BASE, "scaling": "none"},
    "lau_sa_ratio_0.25": {**BASE, "ratio": 0.25},
    "lau_sa_ratio_4": {**BASE, "ratio": 4.0},
    "lau_sa_relu": {**BASE, "activation": "relu"},
    "lau_sa_200_epochs": {**BASE, "early_stopping": False},
    # Chosen after seeing the traces (so optimistic): stop after a few epochs.
    "lau_sa_5_epochs": {**BASE, "early_stopping": False, "epochs": 5},
    "lau_vc_5_epochs": {**BASE, "early_stopping": False, "epochs": 5, "ratio": 0.0},
    # Diagnostic: how far unseen-type AUPR moves from epoch to epoch (60 fixed epochs).
    "lau_sa_trace": {**BASE, "early_stopping": False, "epochs": 60, "trace": True},
    "lau_vc_trace": {**BASE, "early_stopping": False, "epochs": 60, "trace": True, "ratio": 0.0},
    # Training-set size: the 20 % file is 1/5 of the KDDTrain+ they used; does AUPR grow with n?
    "lau_vc_half_data": {**BASE, "ratio": 0.0, "real_fraction": 0.5},
    "lau_sa_half_data": {**BASE, "real_fraction": 0.5},
    "lau_vc_quarter_data": {**BASE, "ratio": 0.0, "real_fraction": 0.25},
    "lau_sa_quarter_data": {**BASE, "real_fraction": 0.25},
    "lib_mlp_vc": lib("mlp"),
    "lib_mlp_uniform_cat": lib("mlp", "cat"),
    "lib_catboost_uniform_cat": lib("catboost", "cat"),
    "lib_catboost_uniform": lib("catboost", "uniform"),
    "lib_mlp_uniform": lib("mlp", "uniform"),
    "lib_deepsad_vc": lib("deepsad"),
    "lib_deepsad_uniform_cat": lib("deepsad", "cat"),
    # Lau et al.'s other benchmarks, their pipeline (val split 0.15 on Thyroid).
    **{
        f"thyroid_{k}_known_{v}": {**BASE, "dataset": f"thyroid:{k}", "val_split": 0.15, "ratio": r}
        for k in ("hyperfunction", "subnormal")
        for v, r in (("vc", 0.0), ("sa", 1.0))
    },
    "arrhythmia_vc": {**BASE, "dataset": "arrhythmia", "ratio": 0.0},
    "arrhythmia_sa": {**BASE, "dataset": "arrhythmia"},
}


# ----------------------------------------------------------------------------- data
def read_kdd(path: Path, dedup: bool) -> pd.DataFrame:
    if not path.is_file():
        raise FileNotFoundError(f"NSL-KDD file not found: {path} (set --data-dir).")
    df = pd.read_csv(path, header=None, names=COLUMNS)
    if dedup:
        df = df.drop_duplicates().reset_index(drop=True)
    unknown = sorted(set(df["attack"]) - set(ATTACK_CATEGORY) - {"normal"})
    if unknown:
        raise ValueError(f"{path}: attack names with no category: {unknown}")
    df["category"] = df["attack"].map(ATTACK_CATEGORY).fillna("normal")
    return df


def encode(train: pd.DataFrame, test: pd.DataFrame, prep: str):
    """Feature matrices (unscaled) and the one-hot group sizes (groups first for 'lau')."""
    if prep == "lau":
        numeric = sorted(set(COLUMNS[:-5]) - set(CATEGORICAL))  # their df.columns[:-5]
    else:
        numeric = [c for c in COLUMNS[:-2] if c not in CATEGORICAL]
    # Categories come from every training row (all attack types), as pd.get_dummies(df) does
    # in their code; a test category never seen in training is all-zero in its group.
    cats = [pd.CategoricalDtype(sorted(train[c].unique())) for c in CATEGORICAL]

    def onehot(df):
        return pd.concat(
            [
                pd.get_dummies(df[c].where(df[c].isin(t.categories)).astype(t), prefix=c)
                for c, t in zip(CATEGORICAL, cats, strict=True)
            ],
            axis=1,
        ).to_numpy(dtype=float)

    groups = [len(t.categories) for t in cats]
    parts_tr, parts_te = [onehot(train)], [onehot(test)]
    num_tr, num_te = train[numeric].to_numpy(float), test[numeric].to_numpy(float)
    if prep == "lau":
        X_tr, X_te = np.hstack(parts_tr + [num_tr]), np.hstack(parts_te + [num_te])
        group_start = 0
    else:
        X_tr, X_te = np.hstack([num_tr] + parts_tr), np.hstack([num_te] + parts_te)
        group_start = len(numeric)
    return X_tr, X_te, groups, group_start


def load(root: Path, dataset: str, prep: str, dedup: bool, scaling: str):
    if dataset != "nsl-kdd":
        return load_other(root, dataset, scaling)
    data_dir = root / "nsl-kdd"
    train = read_kdd(data_dir / "KDDTrain+_20Percent.txt", dedup)
    test = read_kdd(data_dir / "KDDTest+.txt", dedup)
    X_tr, X_te, groups, group_start = encode(train, test, prep)
    keep = train["category"].isin(("normal",) + KNOWN).to_numpy()
    X_tr, cat_tr = X_tr[keep], train["category"].to_numpy()[keep]
    if scaling == "minmax":
        scaler = MinMaxScaler().fit(X_tr)
        X_tr, X_te = scaler.transform(X_tr), scaler.transform(X_te)
    y_tr = (cat_tr != "normal").astype(int)  # pyod convention: 1 = anomaly
    return X_tr, y_tr, X_te, test["category"].to_numpy(), groups, group_start


def read_table(path: Path, **kwargs) -> pd.DataFrame:
    if not path.is_file():
        raise FileNotFoundError(f"data file not found: {path} (set --data-dir).")
    return pd.read_csv(path, header=None, **kwargs)


def load_other(root: Path, dataset: str, scaling: str):
    """Thyroid (``thyroid:<known type>``, the other type unseen) or Arrhythmia, as Lau et al.

    Thyroid: official ann-train / ann-test, class 3 normal, 1 hyperfunction, 2 subnormal;
    the training set holds the normals and the known type. Arrhythmia: normals (class 1)
    split 80/20 with ``random_state=42``, every row of the known classes 2, 10, 14 in
    training, the test holds the test normals and the unseen classes only; "?" imputed with
    the training mean. Min-max scaling fitted on the training rows. No one-hot groups.
    """
    from sklearn.model_selection import train_test_split

    if dataset.startswith("thyroid:"):
        names = {1: "hyperfunction", 2: "subnormal", 3: "normal"}
        known = dataset.split(":")[1]
        tr, te = (read_table(root / "thyroid" / f) for f in ("ann-train.data", "ann-test.data"))
        tr, te = tr.iloc[:, :22], te.iloc[:, :22]  # trailing comma: an empty 23rd field
        cat_tr, cat_te = tr[21].map(names).to_numpy(), te[21].map(names).to_numpy()
        keep = np.isin(cat_tr, ("normal", known))
        X_tr, X_te = tr.iloc[:, :21].to_numpy(float)[keep], te.iloc[:, :21].to_numpy(float)
        cat_tr = cat_tr[keep]
    elif dataset == "arrhythmia":
        df = read_table(root / "arrhythmia" / "arrhythmia.data", na_values="?")
        X, cls = df.iloc[:, :279].to_numpy(float), df[279].to_numpy()
        cat = np.where(cls == 1, "normal", cls.astype(str))
        normal_idx = np.flatnonzero(cls == 1)
        tr_n, te_n = train_test_split(normal_idx, test_size=0.2, random_state=42)
        known = np.isin(cls, ARRHYTHMIA_KNOWN)
        tr_idx = np.r_[tr_n, np.flatnonzero(known)]
        te_idx = np.r_[te_n, np.flatnonzero(~known & (cls != 1))]
        X_tr, X_te, cat_tr, cat_te = X[tr_idx], X[te_idx], cat[tr_idx], cat[te_idx]
        means = np.nanmean(X_tr, axis=0)
        X_tr = np.where(np.isnan(X_tr), means, X_tr)
        X_te = np.where(np.isnan(X_te), means, X_te)
    else:
        raise ValueError(f"unknown dataset {dataset!r}")
    if scaling == "minmax":
        scaler = MinMaxScaler().fit(X_tr)
        X_tr, X_te = scaler.transform(X_tr), scaler.transform(X_te)
    return X_tr, (cat_tr != "normal").astype(int), X_te, cat_te, [], 0


def known_types(dataset: str) -> list:
    if dataset == "nsl-kdd":
        return list(KNOWN)
    if dataset == "arrhythmia":
        return [str(c) for c in ARRHYTHMIA_KNOWN]
    return [dataset.split(":")[1]]


def evaluate(scores, test_cat) -> dict:
    """AUPR, AUCROC and trapezoidal AUPR of each test anomaly type against the test normals.

    "all" pools every test anomaly type (the only well-populated figure on Arrhythmia).
    """
    out = {}
    normal = test_cat == "normal"
    for cat in sorted(set(test_cat) - {"normal"}) + ["all"]:
        positive = ~normal if cat == "all" else test_cat == cat
        mask = normal | positive
        y = positive[mask].astype(int)
        out[cat] = {
            "aupr": float(average_precision_score(y, scores[mask])),
            "aucroc": float(roc_auc_score(y, scores[mask])),
            "aupr_trapz": trapezoidal_pr_auc(y, scores[mask]),
        }
    return out


def trapezoidal_pr_auc(y, scores) -> float:
    """The per-type "AUPR" Lau et al.'s code reports: auc(recall, precision), trapezoidal.

    With plotting on (their default), ``metrics_per_class`` returns ``plot_metrics``'s
    trapezoidal area under ``precision_recall_curve``, not ``average_precision_score``.
    """
    precision, recall, _ = precision_recall_curve(y, scores)
    return float(auc(recall, precision))


# ----------------------------------------------------------------------------- generators
def lau_synthetic(X_ref, n, groups, group_start, onehot, seed, low=None, high=None):
    """Lau et al.'s draw, replaying their global-seed streams with local RandomStates.

    Numeric columns (after the one-hot block) Uniform on [low, high] ([0, 1] after min-max
    scaling), columns whose reference values are all in {0, 1} Bernoulli(0.5) (constant
    columns included, as in their code); one category per one-hot group ("group") or every
    one-hot column Bernoulli(0.5) ("bernoulli", what today's library ``uniform`` does).
    """
    n_oh = sum(groups)
    d = X_ref.shape[1]
    num_idx = np.r_[0:group_start, group_start + n_oh : d]
    oh_idx = np.arange(group_start, group_start + n_oh)
    lo = np.zeros(len(num_idx)) if low is None else low[num_idx]
    hi = np.ones(len(num_idx)) if high is None else high[num_idx]
    rs = np.random.RandomState(seed)
    numeric = rs.uniform(lo, hi, size=(n, len(num_idx)))
    binary = np.isin(X_ref[:, num_idx], (0, 1)).all(axis=0).nonzero()[0]
    numeric[:, binary] = rs.binomial(1, 0.5, size=(n, len(binary)))
    if onehot == "bernoulli":
        oh = rs.binomial(1, 0.5, size=(n, n_oh)).astype(float)
    else:
        blocks, start = [], group_start
        for g, size in enumerate(groups):
            # "group": any category the encoder knows, as Lau et al. (their vocabulary comes
            # from every training-file row, unseen attack types included); "group_seen": only
            # categories present in the rows the model trains on.
            present = X_ref[:, start : start + size].max(axis=0) > 0
            allowed = np.arange(size) if onehot == "group" else np.flatnonzero(present)
            pick = allowed[np.random.RandomState(seed + 321 + g).randint(len(allowed), size=n)]
            blocks.append(np.eye(size)[pick])
            start += size
        oh = np.hstack(blocks) if blocks else np.empty((n, 0))
    out = np.empty((n, d))
    out[:, num_idx], out[:, oh_idx] = numeric, oh
    return out


class CategoricalUniform(BaseGenerator):
    """Prototype of the valid-row ``uniform``: one category per one-hot group.

    Numeric columns Uniform on the training min-max box, {0, 1} columns Bernoulli(0.5)
    (non-constant ones, as the library does), each one-hot group one category drawn
    uniformly. The groups are given as (start, sizes): this is the library change needed.
    """

    def __init__(self, group_start=0, groups=()):
        self.group_start = group_start
        self.groups = groups

    def _fit(self, X, is_anomaly):
        self.low_, self.high_ = X.min(axis=0), X.max(axis=0)
        n_oh = sum(self.groups)
        oh = np.zeros(X.shape[1], bool)
        oh[self.group_start : self.group_start + n_oh] = True
        is_01 = np.all((X == 0) | (X == 1), axis=0)
        self.binary_mask_ = is_01 & (self.low_ == 0) & (self.high_ == 1) & ~oh
        self.onehot_mask_ = oh

    def _sample(self, n, rng):
        out = rng.uniform(self.low_, self.high_, size=(n, self.low_.shape[0]))
        out[:, self.binary_mask_] = rng.integers(0, 2, size=(n, int(self.binary_mask_.sum())))
        blocks = [np.eye(size)[rng.integers(0, size, size=n)] for size in self.groups]
        out[:, self.onehot_mask_] = np.hstack(blocks)
        return out


# ----------------------------------------------------------------------------- runs
def run_lib(cfg, seed, data):
    from pyod.models.iforest import IForest

    from pyod_synth.augmented import Augmented

    X_tr, y_tr, X_te, test_cat, groups, group_start = data
    info = {}
    if cfg["method"] == "iforest":
        det = IForest(random_state=seed).fit(X_tr)
        return det.decision_function(X_te), info
    detector = {
        "lau": "lau",
        "deepsad": "deepsad",
        "mlp": "mlp",
        "catboost": _catboost(),
    }[cfg["method"]]
    gen = cfg["generator"]
    if gen == "cat":
        gen = CategoricalUniform(group_start=group_start, groups=tuple(groups))
    det = Augmented(
        detector, gen or "uniform", n_synthetic=1.0 if gen else 0, random_state=seed
    ).fit(X_tr, y_tr)
    info["n_epochs"] = getattr(det.detector_, "n_epochs_", None)
    return det.decision_function(X_te), info


def _catboost():
    from catboost import CatBoostClassifier

    return CatBoostClassifier(verbose=0, allow_writing_files=False, thread_count=1)


def run_lau(cfg, seed, data):
    """Lau et al.'s VC / VC-SA pipeline (module docstring) with the knobs of ``cfg``."""
    import torch

    from pyod_synth.detectors.lau import hinge
    from pyod_synth.detectors.torch_utils import build_module, predict_batched

    X, y_anom, X_te, test_cat, groups, group_start = data
    y = 1.0 - y_anom  # their labels: normal = 1, anomaly = 0
    perm = np.random.RandomState(0).permutation(len(X))
    X, y = X[perm], y[perm]
    if cfg.get("real_fraction", 1.0) < 1:  # their num_real_training subsampling
        keep = np.random.RandomState(135 + seed).choice(
            len(X), int(cfg["real_fraction"] * len(X)), replace=False
        )
        X, y = X[keep], y[keep]
    perm = np.random.RandomState(1234 + seed).permutation(len(X))
    n_train = int(len(X) * (1 - cfg.get("val_split", 0.2)))
    X_tr, y_tr = X[perm[:n_train]], y[perm[:n_train]]
    X_val, y_val = X[perm[n_train:]], y[perm[n_train:]]
    n_syn = int(cfg["ratio"] * len(X_tr))
    n_syn_val = len(X_val) if (cfg["val_synthetic"] and n_syn) else 0
    if n_syn:
        box = (None, None) if cfg["scaling"] == "minmax" else (X.min(0), X.max(0))
        S = lau_synthetic(
            X_tr, n_syn + n_syn_val, groups, group_start, cfg["onehot"], 23 + seed, *box
        )
        X_tr, y_tr = np.vstack([X_tr, S[:n_syn]]), np.r_[y_tr, np.zeros(n_syn)]
        X_val, y_val = np.vstack([X_val, S[n_syn:]]), np.r_[y_val, np.zeros(n_syn_val)]
    order = np.random.RandomState(0).permutation(len(X_tr))
    Xt = torch.tensor(X_tr[order], dtype=torch.float32)
    tt = torch.tensor(np.where(y_tr[order] == 1, 1.0, -1.0), dtype=torch.float32)
    t_val = np.where(y_val == 1, 1.0, -1.0)
    gen = torch.Generator().manual_seed(seed)
    act = torch.nn.LeakyReLU if cfg["activation"] == "leaky_relu" else torch.nn.ReLU

    def make():
        d = X.shape[1]
        return torch.nn.Sequential(
            torch.nn.Linear(d, 500),
            act(),
            torch.nn.Linear(500, 500),
            act(),
            torch.nn.Linear(500, 1),
        )

    net = build_module(make, gen, "cpu")
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=1e-2)

    def output(A):
        net.eval()
        return predict_batched(lambda b: net(b).squeeze(1), A, "cpu")

    best, waited, epochs, val_curve, trace = np.inf, 0, 0, [], []
    for _ in range(cfg["epochs"]):
        net.train()
        for start in range(0, len(Xt), 1024):  # fixed batch order, as with shuffle=False
            opt.zero_grad()
            loss = hinge(net(Xt[start : start + 1024]).squeeze(1), tt[start : start + 1024]).mean()
            loss.backward()
            opt.step()
        epochs += 1
        if cfg.get("trace"):  # diagnostic only: test AUPR per epoch, never used to stop
            m = evaluate(1.0 - output(X_te), test_cat)
            trace.append({t: round(m[t]["aupr"], 4) for t in m})
        if not cfg["early_stopping"]:
            continue
        val = float(np.mean(hinge(output(X_val), t_val)))
        val_curve.append(round(val, 5))
        if val < best:
            best, waited = val, 0
        else:
            waited += 1
            if waited >= 7:
                break
    info = {"n_epochs": epochs, "n_synthetic": n_syn, "val_curve": val_curve}
    return 1.0 - output(X_te), {**info, "test_aupr_per_epoch": trace} if trace else info


# ----------------------------------------------------------------------------- driver
def git_commit() -> str:
    out = subprocess.run(
        ["git", "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent,
        check=True,
    )
    return out.stdout.strip()


def _rows(path: Path) -> list[dict]:
    """Rows of the results file and its gzip archive (see pack_results.py); none if neither."""
    try:
        return read_rows(path)
    except FileNotFoundError:
        return []


def finished(path: Path) -> set:
    rows = _rows(path)
    return {(r["config"], r["seed"]) for r in rows if r["status"] == "ok"}


def summary(path: Path, metric: str = "aupr") -> str:
    """Markdown tables, one per dataset: mean ± std over seeds of ``metric`` per config."""
    rows = _rows(path)
    rows = [r for r in rows if r["status"] == "ok"]
    tables = []
    for dataset in dict.fromkeys(r["dataset"] for r in rows):
        part = [r for r in rows if r["dataset"] == dataset]
        types = [t for t in part[0]["metrics"] if all(t in r["metrics"] for r in part)]
        df = pd.DataFrame(
            {
                "config": r["config"],
                "wall_s": r["wall_s"],
                **{t: r["metrics"][t][metric] for t in types},
            }
            for r in part
        )
        lines = [
            f"| {dataset} ({metric}) | n | " + " | ".join(types) + " | wall s/run |",
            "|---" * (len(types) + 3) + "|",
        ]
        for name in [c for c in CONFIGS if c in set(df["config"])]:
            runs = df[df["config"] == name]
            cells = [f"{runs[t].mean():.3f} ± {runs[t].std(ddof=0):.3f}" for t in types]
            lines.append(
                f"| {name} | {len(runs)} | "
                + " | ".join(cells)
                + f" | {runs['wall_s'].mean():.0f} |"
            )
        if dataset == "nsl-kdd":
            paper = {t: "{:.3f} -> {:.3f}".format(*PAPER[t]) if t in PAPER else "-" for t in types}
            lines.append(
                "| Lau et al. VC -> VC-SA (full KDDTrain+) | | "
                + " | ".join(paper.values())
                + " | |"
            )
        tables.append("\n".join(lines))
    return "\n\n".join(tables)


def trace_summary(path: Path, epochs=(1, 3, 5, 10, 20, 30, 45, 60)) -> str:
    """Test AUPR (mean ± std over seeds) after given epochs, from the *_trace configs."""
    rows = _rows(path)
    lines = [
        "| trace config | type | n | " + " | ".join(f"ep {e}" for e in epochs) + " |",
        "|---" * (len(epochs) + 3) + "|",
    ]
    for name in dict.fromkeys(r["config"] for r in rows if r.get("test_aupr_per_epoch")):
        traces = [r["test_aupr_per_epoch"] for r in rows if r["config"] == name]
        for t in UNSEEN + KNOWN:
            values = np.array([[tr[e - 1][t] for e in epochs] for tr in traces])
            cells = [
                f"{m:.3f} ± {sd:.3f}" for m, sd in zip(values.mean(0), values.std(0), strict=True)
            ]
            lines.append(f"| {name} | {t} | {len(traces)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(os.environ.get("PYOD_SYNTH_LAU2025_DIR", "../shared/datasets/lau2025")),
    )
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/lau_nslkdd_gap.jsonl"))
    parser.add_argument("--configs", nargs="+", default=list(CONFIGS), choices=list(CONFIGS))
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--summary", action="store_true", help="print the tables and exit")
    args = parser.parse_args(argv)
    if args.summary:
        for metric in ("aupr", "aupr_trapz", "aucroc"):
            print(summary(args.out, metric), end="\n\n")
        print(trace_summary(args.out))
        return 0
    import torch

    torch.set_num_threads(1)
    commit, done = git_commit(), finished(args.out)
    cache = {}
    for name in args.configs:
        cfg = CONFIGS[name]
        for seed in args.seeds:
            if (name, seed) in done:
                continue
            prep = cfg.get("prep", "lau")
            dataset = cfg.get("dataset", "nsl-kdd")
            key = (dataset, prep, cfg.get("dedup", False), cfg.get("scaling", "minmax"))
            if key not in cache:
                cache[key] = load(args.data_dir, *key)
            start = time.perf_counter()
            runner = run_lau if cfg["pipeline"] == "lau" else run_lib
            scores, info = runner(cfg, seed, cache[key])
            wall = time.perf_counter() - start
            if not np.isfinite(scores).all():
                raise RuntimeError(f"{name} seed {seed}: non-finite scores")
            row = {
                "key": f"{name}|seed={seed}",
                "script": "benchmarks/lau_nslkdd_gap.py",
                "commit": commit,
                "dataset": dataset,
                "train_file": "KDDTrain+_20Percent.txt" if dataset == "nsl-kdd" else None,
                "known": known_types(dataset),
                "config": name,
                "settings": cfg,
                "seed": seed,
                "metrics": evaluate(scores, cache[key][3]),
                "wall_s": round(wall, 1),
                **info,
                "status": "ok",
            }
            with args.out.open("a") as fh:
                fh.write(json.dumps(row) + "\n")
            m = row["metrics"]
            print(
                f"{name} s{seed}: "
                + " ".join(f"{c} {m[c]['aupr']:.3f}/{m[c]['aupr_trapz']:.3f}" for c in m)
                + f" ({wall:.0f}s, epochs {info.get('n_epochs')})",
                flush=True,
            )


if __name__ == "__main__":
    sys.exit(main())
