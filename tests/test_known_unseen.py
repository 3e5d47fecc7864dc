"""pyod_synth.known_unseen: the known/unseen protocol, per-type metrics, presets, cross-type."""

import importlib.util

import numpy as np
import pandas as pd
import pytest
from conftest import load_real
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import train_test_split

from pyod_synth.known_unseen import (
    PRESETS,
    adbench_cross_type_split,
    cross_type_pairs,
    known_unseen_split,
    lau_preprocess,
    per_type_scores,
    preset_split,
)
from pyod_synth.typed_datasets import TypedDataset


def typed(types, part=None, nan_at=()):
    """A typed dataset whose column ``row`` is the row number (to trace rows through)."""
    types = np.asarray(types, dtype=object)
    n = len(types)
    value = np.arange(n, dtype=float) * 10
    value[list(nan_at)] = np.nan
    X = pd.DataFrame({
        "row": np.arange(n),
        "colour": pd.Categorical(np.where(np.arange(n) % 2, "red", "blue"),
                                 categories=["blue", "green", "red"]),
        "value": value,
    })
    return TypedDataset(name="toy", X=X, y=(types != "normal").astype(np.int64),
                        anomaly_type=types, raw_label=types.copy(),
                        part=None if part is None else np.asarray(part, dtype=object))


OFFICIAL = typed(
    ["normal", "A", "B", "normal", "C", "A", "normal", "A", "B", "C", "normal", "normal"],
    part=["train"] * 6 + ["test"] * 6)


def test_training_holds_normals_and_known_types_only():
    before = OFFICIAL.X.copy()
    task = known_unseen_split(OFFICIAL, ["A"])
    assert task.X_train["row"].tolist() == [0, 1, 3, 5]  # the train B and C rows are dropped
    assert task.types_train.tolist() == ["normal", "A", "normal", "A"]
    assert task.y_train.tolist() == [0, 1, 0, 1]
    assert task.X_test["row"].tolist() == [6, 7, 8, 9, 10, 11]
    assert task.y_test.tolist() == [0, 1, 1, 1, 0, 0]
    assert task.known == ("A",) and task.unseen == ("B", "C")
    assert list(task.X_train.index) == [0, 1, 3, 5]  # the dataset's row index is kept
    assert isinstance(task.X_train["colour"].dtype, pd.CategoricalDtype)
    pd.testing.assert_frame_equal(OFFICIAL.X, before)


def test_types_in_neither_role_are_dropped_everywhere():
    task = known_unseen_split(OFFICIAL, ["A"], unseen=["B"])
    assert "C" not in task.types_train.tolist() + task.types_test.tolist()
    assert task.X_test["row"].tolist() == [6, 7, 8, 10, 11]


def test_known_share_keeps_a_seeded_share_of_each_known_type():
    types = ["normal"] * 10 + ["A"] * 9 + ["B"] * 4
    data = typed(types + types, part=["train"] * 23 + ["test"] * 23)
    picks = {seed: known_unseen_split(data, ["A", "B"], known_share=0.5, random_state=seed)
             for seed in (0, 1)}
    for task in picks.values():
        assert (task.types_train == "A").sum() == 5 and (task.types_train == "B").sum() == 2
        assert (task.types_train == "normal").sum() == 10 and task.y_train.sum() == 7
        assert len(task.X_test) == 23  # the test part is untouched
    again = known_unseen_split(data, ["A", "B"], known_share=0.5, random_state=0)
    assert again.X_train["row"].tolist() == picks[0].X_train["row"].tolist()
    assert picks[0].X_train["row"].tolist() != picks[1].X_train["row"].tolist()


def test_without_official_split_lau_et_al_s_rule_applies():
    types = ["normal"] * 20 + ["A"] * 3 + ["B"] * 4 + ["C"] * 2
    data = typed(types)
    task = known_unseen_split(data, ["A", "C"], random_state=42)
    normals = np.flatnonzero(np.asarray(types) == "normal")
    train_normals, test_normals = train_test_split(normals, test_size=0.2, random_state=42)
    assert sorted(task.X_train["row"]) == sorted([*train_normals, 20, 21, 22, 27, 28])
    assert sorted(task.X_test["row"]) == sorted([*test_normals, 23, 24, 25, 26])
    assert set(task.types_test) == {"normal", "B"}  # no known type in the test


def test_missing_values_become_the_training_mean():
    types = ["normal", "A", "normal", "B", "normal", "B", "normal", "normal"]
    data = typed(types, part=["train"] * 4 + ["test"] * 4, nan_at=(0, 4))
    task = known_unseen_split(data, ["A"])
    mean = np.mean([10.0, 20.0])  # training rows 1 and 2; row 3 (unseen B) is dropped
    assert task.X_train["value"].tolist() == [mean, 10.0, 20.0]
    assert task.X_test["value"].tolist() == [mean, 50.0, 60.0, 70.0]
    assert data.X["value"].isna().sum() == 2  # the dataset is not modified
    kept = known_unseen_split(data, ["A"], impute=None)
    assert kept.X_train["value"].isna().sum() == 1 and kept.X_test["value"].isna().sum() == 1
    empty = typed(types, part=["train"] * 4 + ["test"] * 4, nan_at=(0, 1, 2, 3))
    with pytest.raises(ValueError, match=r"\['value'\] have no value in the training rows"):
        known_unseen_split(empty, ["A"])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"known": ["D"]}, r"unknown anomaly type\(s\) \['D'\]; its types are \['A', 'B', 'C'\]"),
        ({"known": ["A"], "unseen": ["A", "B"]}, r"\['A'\] cannot be both known and unseen"),
        ({"known": "A"}, "not a single string"),
        ({"known": ["A"], "known_share": 0.0}, r"known_share must be a number in \(0, 1\]"),
        ({"known": ["A"], "impute": "median"}, "impute must be one of"),
        ({"known": [], "unseen": []}, "at least one known or unseen"),
    ],
)
def test_bad_protocol_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        known_unseen_split(OFFICIAL, **kwargs)


def test_a_known_type_without_training_rows_is_an_error():
    data = typed(["normal", "A", "normal", "B", "normal"], part=["train"] * 2 + ["test"] * 3)
    with pytest.raises(ValueError, match=r"known type\(s\) \['B'\] have no training rows"):
        known_unseen_split(data, ["B"])


# Per-type metrics ----------------------------------------------------------------------


def test_per_type_scores_match_scikit_learn_on_each_type_and_pool():
    rng = np.random.default_rng(0)
    types = np.array(["normal"] * 50 + ["A"] * 10 + ["B"] * 7 + ["C"] * 5, dtype=object)
    y = (types != "normal").astype(int)
    scores = rng.normal(size=len(types)) + y * np.select(
        [types == "A", types == "B"], [2.0, 0.5], 1.0)
    result = per_type_scores(y, types, scores, known=["B", "A"])
    assert result.per_type.index.tolist() == ["A", "B", "C"]  # known first
    assert result.per_type["role"].tolist() == ["known", "known", "unseen"]
    for kind in "ABC":
        rows = (types == "normal") | (types == kind)
        row = result.per_type.loc[kind]
        assert row["aupr"] == pytest.approx(average_precision_score(types[rows] == kind,
                                                                    scores[rows]))
        assert row["aucroc"] == pytest.approx(roc_auc_score(types[rows] == kind, scores[rows]))
        assert row["aupr_random"] == pytest.approx(rows[types != "normal"].sum() / rows.sum())
    known_rows = types != "C"
    summary = result.summary
    assert summary.loc[("known", "pooled"), "aupr"] == pytest.approx(
        average_precision_score(y[known_rows], scores[known_rows]))
    assert summary.loc[("known", "mean"), "aupr"] == pytest.approx(
        result.per_type.loc[["A", "B"], "aupr"].mean())
    assert summary.loc[("unseen", "mean"), "aupr"] == result.per_type.loc["C", "aupr"]
    assert summary.loc[("known", "pooled"), "n_anomalies"] == 17
    # Type A is easier than type B in this draw: the metric sees the difference.
    assert result.per_type.loc["A", "aucroc"] > result.per_type.loc["B", "aucroc"]


def test_a_split_scores_with_its_own_known_types():
    task = known_unseen_split(OFFICIAL, ["A"])
    result = task.per_type_scores(task.X_test["row"].to_numpy(dtype=float))
    assert result.per_type["role"].to_dict() == {"A": "known", "B": "unseen", "C": "unseen"}
    assert list(result.summary.index) == [("known", "mean"), ("known", "pooled"),
                                          ("unseen", "mean"), ("unseen", "pooled")]


@pytest.mark.parametrize(
    "y, types, scores, message",
    [
        ([0, 1, 1], ["normal", "A", "normal"], [0, 1, 2], "disagree"),
        ([0, 1], ["normal", "A"], [0, np.nan], "finite"),
        ([0, 1], ["normal", "A"], [0, 1, 2], "one length"),
        ([1, 1], ["A", "A"], [0, 1], "test normals and at least one anomaly"),
    ],
)
def test_bad_scores_are_clear_errors(y, types, scores, message):
    with pytest.raises(ValueError, match=message):
        per_type_scores(y, types, scores)


# Lau et al.'s preprocessing ------------------------------------------------------------


def test_lau_preprocess_puts_one_hot_groups_first_and_scales_on_training_rows():
    task = known_unseen_split(OFFICIAL, ["A"])
    encoded = lau_preprocess(task)
    assert encoded.feature_names == ["colour=blue", "colour=green", "colour=red", "row",
                                     "value"]
    assert encoded.one_hot_groups == ((0, 1, 2),)
    train_colour = task.X_train["colour"].to_numpy()
    assert encoded.X_train[:, :3].tolist() == [
        [c == "blue", False, c == "red"] for c in train_colour]  # green: unobserved, kept
    assert encoded.X_train[:, 3:].min() == 0 and encoded.X_train[:, 3:].max() == 1
    rows = task.X_test["row"].to_numpy()
    assert encoded.X_test[:, 3].tolist() == pytest.approx(((rows - 0) / 5).tolist())
    assert encoded.X_test[:, 3].max() > 1  # the scaler saw only the training rows
    with pytest.raises(ValueError, match="impute='train_mean'"):
        lau_preprocess(known_unseen_split(
            typed(["normal", "A", "normal", "A"], ["train"] * 2 + ["test"] * 2, nan_at=(0,)),
            ["A"], impute=None))


# Lau et al.'s presets on the real files -----------------------------------------------


def test_presets_on_the_real_files(real_root):
    expected = {  # preset: (training rows, labeled, test rows)
        "nsl-kdd/r2l+u2r": (13449 + 209 + 11, 220, 22544),
        "nsl-kdd/dos": (13449 + 9234, 9234, 22544),
        "nsl-kdd/probe": (13449 + 2289, 2289, 22544),
        "nsl-kdd/r2l": (13449 + 209, 209, 22544),
        "nsl-kdd/u2r": (13449 + 11, 11, 22544),
        "thyroid-ann/hyperfunction": (3488 + 93, 93, 3428),
        "thyroid-ann/subnormal": (3488 + 191, 191, 3428),
        "arrhythmia/2+10+14": (196 + 44 + 50 + 4, 98, 49 + 109),
    }
    assert set(PRESETS) == set(expected)
    for name, (n_train, n_labeled, n_test) in expected.items():
        preset = PRESETS[name]
        task = known_unseen_split(load_real(preset.dataset, real_root), preset.known,
                                  unseen=preset.unseen, random_state=preset.random_state)
        assert (len(task.X_train), int(task.y_train.sum()), len(task.X_test)) == (
            n_train, n_labeled, n_test), name
        assert not task.X_train.isna().any().any() and not task.X_test.isna().any().any()
        assert set(task.types_train) == {"normal", *task.known}
    arrhythmia = preset_split("arrhythmia/2+10+14", real_root)
    assert arrhythmia.name == "arrhythmia/2+10+14"
    assert not set(arrhythmia.types_test) & {"2", "10", "14"}
    assert len(arrhythmia.unseen) == 9


def test_arrhythmia_imputes_the_training_mean(real_root):
    raw = preset_split("arrhythmia/2+10+14", real_root, impute=None)
    task = preset_split("arrhythmia/2+10+14", real_root)
    missing = raw.X_test["J_angle"].isna().to_numpy()
    assert missing.any()
    assert task.X_test["J_angle"].to_numpy()[missing] == pytest.approx(
        raw.X_train["J_angle"].mean())


def test_lau_preprocess_on_nsl_kdd(real_root):
    task = known_unseen_split(load_real("nsl-kdd", real_root), ["R2L", "U2R"])
    encoded = lau_preprocess(task)
    sizes = [len(task.X_train[c].cat.categories) for c in ("protocol_type", "service", "flag")]
    assert [len(g) for g in encoded.one_hot_groups] == sizes
    assert encoded.X_train.shape == (13669, sum(sizes) + 38)
    groups = encoded.X_train[:, :sum(sizes)]
    assert (groups.sum(axis=1) == 3).all()  # one category per group in every row


# ADBench cross-type --------------------------------------------------------------------


def _adbench_toy():
    """Small enough for ADBench's nine Gaussian-mixture fits (no upsampling to 1,000)."""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(200, 2))
    y = np.zeros(200, dtype=int)
    y[:20] = 1
    X[:20] += 3
    return X, y


@pytest.fixture
def recorded_splits(monkeypatch):
    """Every adbench split the cross-type builder makes, with its arguments and output."""
    import pyod_synth.adbench.protocol as protocol

    calls = []
    real = protocol.split

    def recording(*args, **kwargs):
        calls.append((args, kwargs, real(*args, **kwargs)))
        return calls[-1][2]

    monkeypatch.setattr(protocol, "split", recording)
    return calls


@pytest.mark.slow  # two ADBench splits: nine Gaussian-mixture fits each
def test_cross_type_split_trains_on_one_type_and_tests_on_both(recorded_splits):
    X, y = _adbench_toy()
    task = adbench_cross_type_split(X, y, known_type="local", unseen_type="global", seed=1,
                                    generate_duplicates=False)
    (known_args, known_kw, known), (unseen_args, unseen_kw, unseen) = recorded_splits
    assert known_args[2:] == (1, 1.0) and unseen_args[2:] == (1, 0.0)  # seed, la
    assert (known_kw["realistic_synthetic_mode"], unseen_kw["realistic_synthetic_mode"]) == (
        "local", "global")
    assert known_kw["minmax"] is unseen_kw["minmax"] is False
    low, high = known["X_train"].min(axis=0), known["X_train"].max(axis=0)
    np.testing.assert_allclose(task.X_train, (known["X_train"] - low) / (high - low))
    np.testing.assert_array_equal(task.y_train, known["y_train"])
    n_test = len(known["y_test"])
    np.testing.assert_allclose(task.X_test[:n_test], (known["X_test"] - low) / (high - low))
    expected_unseen = unseen["X_test"][unseen["y_test"] == 1]
    np.testing.assert_allclose(task.X_test[n_test:], (expected_unseen - low) / (high - low))
    assert set(task.types_test[n_test:]) == {"global"}
    assert set(task.types_test[:n_test]) == {"normal", "local"}
    assert (task.types_test[:n_test] == "local").sum() == known["y_test"].sum()
    assert set(task.types_train) == {"normal", "local"}  # la = 1: every anomaly labeled
    train_rows = {tuple(r) for r in task.X_train}
    assert not any(tuple(r) in train_rows for r in task.X_test)  # no test row in training
    result = task.per_type_scores(task.X_test.sum(axis=1))
    assert result.per_type["role"].to_dict() == {"local": "known", "global": "unseen"}


def test_cross_type_with_a_labeled_share_marks_the_rest_unlabeled(monkeypatch):
    import pyod_synth.adbench.protocol as protocol

    def canned_split(X, y, seed, la, **kwargs):  # ADBench's outputs, without the mixtures
        return {"X_train": np.arange(12.0).reshape(6, 2), "y_train": np.array([0, 1] * 3),
                "X_test": np.ones((3, 2)), "y_test": np.array([0, 0, 1])}

    monkeypatch.setattr(protocol, "split", canned_split)
    X, y = _adbench_toy()
    task = adbench_cross_type_split(X, y, known_type="cluster", unseen_type="local", seed=2,
                                    la=0.25)
    # Rows with y = 0 may hide cluster anomalies the split left unlabeled.
    assert task.types_train.tolist() == ["unlabeled", "cluster"] * 3
    assert task.types_test.tolist() == ["normal", "normal", "cluster", "local"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"known_type": "local", "unseen_type": "local"}, "must differ"),
        ({"known_type": "uniform", "unseen_type": "local"}, "known_type must be one of"),
        ({"known_type": "local", "unseen_type": "dependency", "wide": True}, "at most 50"),
    ],
)
def test_cross_type_bad_arguments(kwargs, message):
    X, y = _adbench_toy()
    if kwargs.pop("wide", False):
        X = np.hstack([X] * 30)
    with pytest.raises(ValueError, match=message):
        adbench_cross_type_split(X, y, seed=1, **kwargs)


def test_cross_type_pairs_leave_out_dependency_without_copulas():
    assert len(cross_type_pairs(include_dependency=True)) == 12
    pairs = cross_type_pairs(include_dependency=False)
    assert len(pairs) == 6 and all("dependency" not in p for p in pairs)
    if importlib.util.find_spec("copulas") is None:
        with pytest.warns(UserWarning, match="leave out the 'dependency' type"):
            assert cross_type_pairs() == pairs
    else:
        assert len(cross_type_pairs()) == 12


def test_readme_example_runs(real_root, monkeypatch):
    import re

    from conftest import REPO

    from pyod_synth.typed_datasets import LAU2025_DIR_ENV

    monkeypatch.setenv(LAU2025_DIR_ENV, str(real_root))
    text = (REPO / "README.md").read_text()
    section = text.split("<!-- section: known-unseen -->", 1)[1].split("<!-- section:", 1)[0]
    namespace: dict = {}
    exec(compile(re.findall(r"```python\n(.*?)```", section, flags=re.S)[0], "README.md",
                 "exec"), namespace)
    summary = namespace["result"].summary
    assert list(summary.index) == [("known", "mean"), ("known", "pooled"),
                                   ("unseen", "mean"), ("unseen", "pooled")]
    assert namespace["result"].per_type.index.tolist() == ["hyperfunction", "subnormal"]
    assert 0.0 < summary["aupr"].min() and summary["aucroc"].max() <= 1.0
