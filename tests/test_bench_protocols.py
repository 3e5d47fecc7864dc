"""The bench's protocol axis: known/unseen tasks as runs, their rows and their report."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_typed_datasets import thyroid_line

from pyod_synth.bench import experiment, plots, report, tables
from pyod_synth.bench.grid import Grid, RunSpec
from pyod_synth.bench.presets import make_grid
from pyod_synth.bench.protocols import check_protocol, family, load_task
from pyod_synth.cli import main
from pyod_synth.known_unseen import PRESETS
from pyod_synth.typed_datasets import LAU2025_DIR_ENV

LAU_TASKS = list(PRESETS)


# The axis ------------------------------------------------------------------------------


def test_dry_run_lists_every_task_of_the_preset(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(LAU2025_DIR_ENV, raising=False)  # listing needs no data
    code = main(["bench", "--preset", "lau-types", "--dry-run",
                 "--results", str(tmp_path / "r.jsonl")])
    out = capsys.readouterr().out
    assert code == 0
    protocols = next(line for line in out.splitlines() if "protocols [" in line)
    assert protocols.strip().startswith(f"protocols [{len(LAU_TASKS)}]")
    for task in LAU_TASKS:
        assert f"{task} (" in protocols
    # 4 label learners x (none, uniform) + 5 unsupervised x none, 8 tasks, 3 seeds.
    assert f"{(4 * 2 + 5) * 8 * 3} runs" in out
    assert "datasets [3]: nsl-kdd" in out


def test_a_task_pairs_with_its_own_dataset_and_unsupervised_detectors_with_none_only():
    grid = Grid(datasets=["thyroid-ann", "arrhythmia"], detectors=["random_forest", "iforest"],
                generators=["none", "uniform"], la=[1.0],
                protocols=["thyroid-ann/subnormal", "arrhythmia/2+10+14"])
    runs = grid.runs()
    assert {(r.dataset, r.protocol) for r in runs} == {
        ("thyroid-ann", "thyroid-ann/subnormal"), ("arrhythmia", "arrhythmia/2+10+14")}
    assert sorted((r.detector, r.generator) for r in runs if r.dataset == "arrhythmia") == [
        ("iforest", "none"), ("random_forest", "none"), ("random_forest", "uniform")]


def test_keys_of_standard_runs_do_not_change_and_tasks_add_their_name():
    standard = RunSpec("sk_wine", "random_forest", "uniform", "auto", 0.1, 1.0, 1)
    assert standard.key == "sk_wine|random_forest|uniform|auto|la=0.1|ratio=1.0|seed=1"
    task = RunSpec("thyroid-ann", "random_forest", "none", "0", 1.0, 1.0, 1,
                   protocol="thyroid-ann/subnormal")
    assert task.key == ("thyroid-ann|random_forest|none|0|la=1.0|ratio=1.0|seed=1"
                        "|protocol=thyroid-ann/subnormal")
    # detector_params keep their position: the protocol field is keyword-only.
    tuned = RunSpec("d", "random_forest", "none", "0", 0.1, 1.0, 1, {"n_estimators": 5})
    assert tuned.detector_params == {"n_estimators": 5} and tuned.protocol == "standard"


@pytest.mark.parametrize("bad", ["nsl-kdd/nope", "thyroid-ann", "6_cardio/local->local",
                                 "6_cardio/local->weird"])
def test_an_unknown_task_is_refused_with_the_valid_ones(bad, tmp_path, capsys):
    with pytest.raises(ValueError, match="unknown protocol") as error:
        check_protocol(bad)
    for valid in ("'standard'", *LAU_TASKS, "DATASET/KNOWN->UNSEEN", "6_cardio/local->cluster"):
        assert valid in str(error.value)
    code = main(["bench", "--protocols", bad, "--detectors", "mlp", "--generators", "none",
                 "--dry-run", "--results", str(tmp_path / "r.jsonl")])
    assert code != 0
    assert f"unknown protocol {bad!r}" in capsys.readouterr().err


def test_protocol_families():
    assert family("standard") == "standard"
    assert family("thyroid-ann/subnormal") == "known/unseen"
    assert family("6_cardio/local->cluster") == "cross-type"


def test_cross_types_preset_builds_every_ordered_pair_per_classical_dataset(monkeypatch):
    from pyod_synth.bench import presets

    monkeypatch.setattr(presets, "group_datasets", lambda groups, data_dir: ["a_x", "b_y"])
    grid = make_grid("cross-types")
    assert grid.datasets == ["a_x", "b_y"]
    assert len(grid.protocols) == 2 * 6 and "b_y/cluster->global" in grid.protocols
    assert {family(p) for p in grid.protocols} == {"cross-type"}


# A tiny typed dataset, end to end ---------------------------------------------------------


def write_tiny_thyroid(root, seed=0):
    """Thyroid-format files: normals near 0.1, hyperfunction high TSH, subnormal high age."""
    rng = np.random.default_rng(seed)

    def lines(n_normal, n_hyper, n_sub):
        rows = []
        for label, count in (("3", n_normal), ("1", n_hyper), ("2", n_sub)):
            for _ in range(count):
                age = rng.uniform(0.6, 0.9) if label == "2" else rng.uniform(0.1, 0.5)
                tsh = rng.uniform(0.5, 0.9) if label == "1" else rng.uniform(0.0, 0.05)
                rows.append(thyroid_line(label, age=f"{age:.4f}", tsh=f"{tsh:.4f}"))
        return rows

    folder = root / "thyroid"
    folder.mkdir(parents=True)
    (folder / "ann-train.data").write_text("\n".join(lines(60, 8, 8)) + "\n")
    (folder / "ann-test.data").write_text("\n".join(lines(40, 6, 6)) + "\n")
    return root


def test_tiny_typed_task_end_to_end_writes_per_type_rows(tmp_path, monkeypatch):
    from sklearn.metrics import average_precision_score

    monkeypatch.setenv(LAU2025_DIR_ENV, str(write_tiny_thyroid(tmp_path / "data")))
    results = tmp_path / "r.jsonl"
    code = main(["bench", "--protocols", "thyroid-ann/hyperfunction", "--detectors",
                 "random_forest", "iforest", "--generators", "none", "uniform", "--la", "1.0",
                 "--jobs", "1", "--quiet", "--results", str(results)])
    assert code == 0
    rows = {row["key"]: row for row in map(json.loads, results.read_text().splitlines())}
    assert len(rows) == 3 and all(r["status"] == "ok" for r in rows.values())
    for row in rows.values():
        assert row["protocol"] == "thyroid-ann/hyperfunction"
        assert row["key"].endswith("|protocol=thyroid-ann/hyperfunction")
        types = {t["type"]: t for t in row["per_type"]}
        assert types["hyperfunction"]["role"] == "known"
        assert types["subnormal"]["role"] == "unseen"
        assert types["hyperfunction"]["n_anomalies"] == 6
        assert row["known_aupr"] == types["hyperfunction"]["aupr"]
        assert row["unseen_aupr"] == types["subnormal"]["aupr"]
        assert row["n_labeled"] == 8 and row["n_test"] == 52
    # The row's number is the AUPR of the run's own scores on that type's rows.
    baseline = next(r for r in rows.values()
                    if (r["detector"], r["generator"]) == ("random_forest", "none"))
    spec = RunSpec(**{k: baseline[k] for k in ("dataset", "detector", "generator",
                                                "n_synthetic", "la", "ratio", "seed",
                                                "protocol")})
    task = load_task(spec.protocol, la=spec.la, ratio=spec.ratio, seed=spec.seed)
    scores = experiment.build_model(spec).fit(task.X_train, task.y_train).decision_function(
        task.X_test)
    rows_of_type = np.isin(task.types_test, ["normal", "subnormal"])
    expected = average_precision_score(task.types_test[rows_of_type] == "subnormal",
                                       scores[rows_of_type])
    assert baseline["unseen_aupr"] == pytest.approx(expected)


def test_an_unsupervised_detector_is_fitted_without_labels(tmp_path, monkeypatch):
    monkeypatch.setenv(LAU2025_DIR_ENV, str(write_tiny_thyroid(tmp_path / "data")))
    spec = RunSpec("thyroid-ann", "iforest", "none", "0", 1.0, 1.0, 3,
                   protocol="thyroid-ann/hyperfunction")
    model = experiment.build_model(spec)
    assert type(model).__name__ == "IForest" and model.random_state == 3
    row = experiment.execute(spec)
    assert row["status"] == "ok", row["error"]
    refused = experiment.execute(RunSpec("thyroid-ann", "iforest", "uniform", "auto", 1.0,
                                         1.0, 3, protocol="thyroid-ann/hyperfunction"))
    assert refused["status"] == "error" and "ignores labels" in refused["error"]


def test_a_count_of_labeled_anomalies_is_refused_for_a_typed_task(tmp_path, monkeypatch):
    monkeypatch.setenv(LAU2025_DIR_ENV, str(write_tiny_thyroid(tmp_path / "data")))
    row = experiment.execute(RunSpec("thyroid-ann", "random_forest", "none", "0", 5, 1.0, 1,
                                     protocol="thyroid-ann/hyperfunction"))
    assert row["status"] == "error" and "la must be a share in (0, 1]" in row["error"]


def test_thyroid_task_on_the_real_files(real_root, monkeypatch):
    monkeypatch.setenv(LAU2025_DIR_ENV, str(real_root))
    row = experiment.execute(RunSpec("thyroid-ann", "random_forest", "none", "0", 1.0, 1.0, 1,
                                     {"n_estimators": 20}, protocol="thyroid-ann/subnormal"))
    assert row["status"] == "ok", row["error"]
    assert {t["type"]: t["n_anomalies"] for t in row["per_type"]} == {
        "subnormal": 177, "hyperfunction": 73}
    assert row["n_labeled"] == 191
    # A forest that learned subnormal rows finds them far better than chance (177/3355).
    assert row["known_aupr"] > 0.5


def test_nsl_kdd_task_runs_with_its_categorical_columns(real_root, monkeypatch):
    monkeypatch.setenv(LAU2025_DIR_ENV, str(real_root))
    row = experiment.execute(RunSpec("nsl-kdd", "random_forest", "uniform", "1.0", 1.0, 1.0, 1,
                                     {"n_estimators": 20}, protocol="nsl-kdd/r2l+u2r"))
    assert row["status"] == "ok", row["error"]
    assert {t["type"]: t["role"] for t in row["per_type"]} == {
        "R2L": "known", "U2R": "known", "DoS": "unseen", "Probe": "unseen"}


# The report ------------------------------------------------------------------------------


def task_row(task, detector, generator, seed, per_type):
    spec = RunSpec(PRESETS[task].dataset if task in PRESETS else task.split("/")[0],
                   detector, generator, "0" if generator == "none" else "1.0", 1.0, 1.0, seed,
                   protocol=task)
    known = [t["aupr"] for t in per_type if t["role"] == "known"]
    unseen = [t["aupr"] for t in per_type if t["role"] == "unseen"]
    return {**spec.to_dict(), "key": spec.key, "status": "ok", "error": None,
            "aucroc": 0.7, "aucpr": 0.5, "per_type": per_type,
            "known_aupr": float(np.mean(known)) if known else None,
            "unseen_aupr": float(np.mean(unseen)) if unseen else None,
            "known_aucroc": 0.8 if known else None, "unseen_aucroc": 0.6,
            "versions": {"pyod_synth": "0.1.0"}}


def types(known: dict, unseen: dict) -> list[dict]:
    return ([{"type": k, "role": "known", "aupr": v, "aucroc": 0.8, "n_anomalies": 5}
             for k, v in known.items()]
            + [{"type": k, "role": "unseen", "aupr": v, "aucroc": 0.6, "n_anomalies": 5}
               for k, v in unseen.items()])


@pytest.fixture
def task_results(tmp_path):
    configs = {("iforest", "none"): 0.1, ("catboost", "none"): 0.9,
               ("mlp", "none"): 0.7, ("mlp", "uniform"): 0.75}
    rows = []
    for (detector, generator), level in configs.items():
        for seed in (1, 2):
            rows.append(task_row("thyroid-ann/hyperfunction", detector, generator, seed,
                                 types({"hyperfunction": level}, {"subnormal": 1 - level})))
            rows.append(task_row("thyroid-ann/subnormal", detector, generator, seed,
                                 types({"subnormal": level + 0.05}, {"hyperfunction": 0.2})))
            rows.append(task_row("arrhythmia/2+10+14", detector, generator, seed,
                                 types({}, {"3": 0.3, "4": 0.5})))
    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path, configs


def test_known_unseen_table_averages_seeds_then_tasks(task_results):
    path, configs = task_results
    frame = tables.load_results(path)
    assert set(frame["dataset"]) == {"thyroid-ann/hyperfunction", "thyroid-ann/subnormal",
                                     "arrhythmia/2+10+14"}
    assert set(frame["protocol"]) == {"known/unseen"}
    summary = tables.known_unseen(frame).set_index(["detector", "augmentation"])
    mlp = summary.loc[("mlp", "uniform")]
    assert mlp["known_aupr"] == pytest.approx((0.75 + 0.80) / 2)
    assert mlp["unseen_aupr"] == pytest.approx((0.25 + 0.2 + 0.4) / 3)
    assert (mlp["known_tasks"], mlp["unseen_tasks"]) == (2, 3)
    both = tables.known_unseen(frame, both_roles=True).set_index(["detector", "augmentation"])
    assert both.loc[("mlp", "uniform"), "unseen_aupr"] == pytest.approx((0.25 + 0.2) / 2)


def test_report_has_per_type_tables_and_the_known_unseen_picture(task_results, tmp_path,
                                                                 monkeypatch):
    path, configs = task_results
    drawn = []
    real_scatter = plots.known_unseen_scatter

    def recording(points, *args, **kwargs):
        figure = real_scatter(points, *args, **kwargs)
        drawn.append((points, figure))
        return figure

    monkeypatch.setattr(plots, "known_unseen_scatter", recording)
    files = report.write_report(path, tmp_path / "out")
    text = files.markdown.read_text()
    assert "## Known and unseen anomaly types" in text
    assert "| configuration | hyperfunction (known) | subnormal (unseen) | known mean |" in text
    assert "| configuration | 3 (unseen) | 4 (unseen) | unseen mean |" in text
    assert "| mlp + uniform | 75.00 | 25.00 | 75.00 | 25.00 |" in text
    assert (tmp_path / "out" / "per_type.csv") in files.csvs
    # One picture, a point per configuration, IForest and CatBoost marked and labeled.
    assert len(drawn) == 1
    points, figure = drawn[0]
    assert any(image.name.startswith("known_unseen") for image in files.images)
    axes = figure.axes[0]
    offsets = [c.get_offsets() for c in axes.collections]
    assert sum(len(o) for o in offsets) == len(configs)
    by_label = {c.get_label(): c for c in axes.collections}
    assert set(by_label) == {"other configurations", "iforest", "catboost"}
    assert len(by_label["other configurations"].get_offsets()) == 2
    iforest_xy = np.asarray(by_label["iforest"].get_offsets()[0]).tolist()
    assert iforest_xy == pytest.approx([(0.10 + 0.15) / 2 * 100, (0.9 + 0.2) / 2 * 100])
    markers = {label: tuple(np.round(c.get_paths()[0].vertices, 3).ravel())
               for label, c in by_label.items()}
    assert len(set(markers.values())) == 3  # three distinct marker shapes
    labels = {t.get_text(): t.get_color() for t in axes.texts}
    assert set(labels) == {"iforest + none", "catboost + none", "mlp + none", "mlp + uniform"}
    assert {labels["iforest + none"], labels["catboost + none"], labels["mlp + none"]} == {
        "tab:green", "tab:red", "grey"}


def test_standard_results_have_no_known_unseen_section(tmp_path):
    spec = RunSpec("sk_wine", "mlp", "none", "0", 0.1, 1.0, 1)
    row = {**spec.to_dict(), "key": spec.key, "status": "ok", "error": None, "aucroc": 0.7,
           "aucpr": 0.5, "versions": {}}
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(row) + "\n")
    files = report.write_report(path, tmp_path / "out")
    assert "Known and unseen" not in files.markdown.read_text()
    assert set(tables.load_results(path)["protocol"]) == {"standard"}


def test_a_task_split_is_made_once_per_process_and_every_run_gets_its_own_copy(
        tmp_path, monkeypatch):
    import pyod_synth.known_unseen as known_unseen
    from pyod_synth.bench.protocols import clear_task_cache

    monkeypatch.setenv(LAU2025_DIR_ENV, str(write_tiny_thyroid(tmp_path / "data")))
    made = []
    real = known_unseen.preset_split
    monkeypatch.setattr(known_unseen, "preset_split",
                        lambda *args, **kwargs: made.append(args) or real(*args, **kwargs))
    clear_task_cache()
    protocol = "thyroid-ann/hyperfunction"
    first = load_task(protocol, la=1.0, ratio=1.0, seed=1)
    expected = first.X_train.copy()
    first.X_train.iloc[:, 0] = -1.0  # a detector writing into its input
    second = load_task(protocol, la=1.0, ratio=1.0, seed=1)
    assert len(made) == 1
    assert second.X_train.equals(expected) and np.array_equal(second.y_test, first.y_test)
    load_task(protocol, la=1.0, ratio=1.0, seed=2)  # another seed: another split
    monkeypatch.setenv(LAU2025_DIR_ENV, str(write_tiny_thyroid(tmp_path / "other")))
    load_task(protocol, la=1.0, ratio=1.0, seed=1)  # another data folder: read again
    assert len(made) == 3
    clear_task_cache()
    load_task(protocol, la=1.0, ratio=1.0, seed=1)
    assert len(made) == 4
    clear_task_cache()
