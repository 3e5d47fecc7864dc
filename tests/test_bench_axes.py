"""pyod-synth bench from its axis table: --la forms, equivalent runs, dry runs, help, groups,
the commit of every row, archived results and byte-identical report reruns."""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import subprocess

import pytest
from conftest import CHEAP, write_toy_task

from pyod_synth.bench import AXES, experiment, orchestration, provenance
from pyod_synth.bench.command import add_bench_arguments
from pyod_synth.bench.grid import Grid
from pyod_synth.bench.groups import group_datasets
from pyod_synth.bench.results import ResultsFile, read_rows
from pyod_synth.cli import build_parser, main


@pytest.fixture
def toy(tmp_path) -> str:
    return write_toy_task(tmp_path / "toy.npz", seed=0)


def _bench(toy, results, *extra) -> list[str]:
    return ["bench", "--datasets", toy, "--detectors", "random_forest", "--detector-params",
            json.dumps(CHEAP), "--jobs", "1", "--quiet", "--results", str(results), *extra]


# Labeled anomalies as a count or a share -------------------------------------------------


def test_la_as_an_int_labels_that_many_anomalies_and_the_row_says_so(toy, tmp_path):
    results = tmp_path / "r.jsonl"
    assert main(_bench(toy, results, "--generators", "none", "--la", "5", "1", "1.0")) == 0
    rows = {row["key"].split("|")[4]: row for row in read_rows(results)}
    assert set(rows) == {"la=5", "la=1", "la=1.0"}
    assert rows["la=5"]["n_labeled"] == 5 and rows["la=5"]["la"] == 5
    assert rows["la=1"]["n_labeled"] == 1
    assert rows["la=1.0"]["n_labeled"] == 70  # all 70 training anomalies
    assert {k: r["la_mode"] for k, r in rows.items()} == {
        "la=5": "count", "la=1": "count", "la=1.0": "ratio"}
    raw = {json.loads(line)["key"].split("|")[4]: line for line in results.open()}
    assert '"la": 5,' in raw["la=5"] and '"la": 1.0,' in raw["la=1.0"]  # JSON keeps the type


def test_more_labeled_anomalies_than_exist_is_an_error_row(toy, tmp_path):
    results = tmp_path / "r.jsonl"
    assert main(_bench(toy, results, "--generators", "none", "--la", "500")) == 1  # failed: exit 1
    (row,) = read_rows(results)
    assert row["status"] == "error" and "only 70 anomalies" in row["error"]


@pytest.mark.parametrize("word, message", [("-1", r"\[0, 1\].* or a count"), ("1.5", r"\[0, 1\]"),
                                           ("five", "--la takes")])
def test_bad_la_words_are_refused(toy, tmp_path, capsys, word, message):
    assert main(_bench(toy, tmp_path / "r.jsonl", "--generators", "none", "--la", word,
                       "--dry-run")) == 2
    assert re.search(message, capsys.readouterr().err)


def test_la_0_and_0_point_0_are_one_run_and_keep_the_old_key():
    runs = Grid(["d"], ["mlp"], ["none"], la=[0, 0.0]).runs()
    assert [run.key for run in runs] == ["d|mlp|none|0|la=0.0|ratio=1.0|seed=1"]


def test_la_1_and_1_point_0_are_two_runs_an_exclude_tells_apart():
    grid = Grid(["d"], ["mlp"], ["none"], la=[1, 1.0], exclude=[{"la": 1}])
    assert [run.la for run in Grid(["d"], ["mlp"], ["none"], la=[1, 1.0]).runs()] == [1, 1.0]
    assert [run.key for run in grid.runs()] == ["d|mlp|none|0|la=1.0|ratio=1.0|seed=1"]


# Equivalent configurations run once ------------------------------------------------------


def test_auto_and_its_per_anomaly_count_run_once_when_anomalies_are_labeled():
    grid = Grid(["d"], ["random_forest"], ["smote", "mixture"], n_synthetic=["auto", "5x"],
                la=[0.1, 0.0])
    cells = [(run.generator, run.n_synthetic, run.la) for run in grid.runs()]
    assert cells.count(("smote", "auto", 0.1)) == 1 and ("smote", "5x", 0.1) not in cells
    # Without labeled anomalies "auto" is a different count; mixture has its own rule.
    assert {("smote", "auto", 0.0), ("smote", "5x", 0.0)} <= set(cells)
    assert {("mixture", "auto", 0.1), ("mixture", "5x", 0.1)} <= set(cells)


def test_the_dropped_equivalent_really_gives_the_same_result(toy):
    rows = [
        experiment.execute(Grid([toy], ["random_forest"], ["smote"], n_synthetic=[form],
                                detector_params=CHEAP).runs()[0])
        for form in ("auto", "5x")
    ]
    assert [row["status"] for row in rows] == ["ok", "ok"]
    assert rows[0]["n_synthetic_"] == rows[1]["n_synthetic_"] == 5 * rows[0]["n_labeled"]
    assert (rows[0]["aucroc"], rows[0]["aucpr"]) == (rows[1]["aucroc"], rows[1]["aucpr"])


# What the command says -----------------------------------------------------------------


def _options(parser: argparse.ArgumentParser) -> list:
    return [a for a in parser._actions if a.option_strings and a.dest != "help"]


def test_every_bench_option_has_help():
    parser = argparse.ArgumentParser()
    add_bench_arguments(parser)
    assert {axis.flag for axis in AXES} <= {s for a in _options(parser) for s in a.option_strings}
    commands = next(a for a in build_parser()._actions if a.dest == "command").choices
    for name in ("bench", "report", "datasets"):
        undocumented = [a.option_strings for a in _options(commands[name])
                        if not (a.help and a.help.strip())]
        assert undocumented == [], name


def test_groups_with_datasets_is_an_error(capsys):
    assert main(["bench", "--groups", "embedded", "--datasets", "sk_wine", "--dry-run"]) == 2
    assert "either --datasets or --groups, not both" in capsys.readouterr().err


def test_dry_run_lists_the_runs_per_axis_value(capsys, tmp_path):
    assert main(["bench", "--datasets", "sk_wine", "sk_digits", "--detectors", "mlp",
                 "--generators", "none", "uniform", "--la", "0.1", "5", "--dry-run",
                 "--results", str(tmp_path / "r.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "  datasets [2]: sk_wine (4), sk_digits (4)" in out
    assert "  generators [2]: none (4), uniform (4)" in out
    assert "  la [2]: 0.1 (4), 5 (4)" in out
    assert "8 runs, 0 already in" in out and not (tmp_path / "r.jsonl").exists()


def test_datasets_group_and_bench_groups_mean_the_same_files(capsys, adbench_root,
                                                             monkeypatch):
    monkeypatch.setenv("PYOD_SYNTH_ADBENCH_DIR", str(adbench_root))
    for group in ("cv", "nlp", "classical"):
        assert main(["datasets", "--group", group]) == 0
        first = capsys.readouterr().out.splitlines()[0]
        assert first.split(": ", 1)[1].split() == group_datasets([group])
    main(["datasets", "--group", "cv"])
    assert "cv-by-name" in capsys.readouterr().out  # the ViT files, listed apart


# Provenance ----------------------------------------------------------------------------


def test_rows_carry_the_git_commit_of_the_source(toy):
    row = experiment.execute(Grid([toy], ["random_forest"], ["none"],
                                  detector_params=CHEAP).runs()[0])
    head = subprocess.run(["git", "-C", str(provenance._SOURCE), "rev-parse", "HEAD"],
                          capture_output=True, text=True)
    if head.returncode != 0:
        assert row["commit"] is None
    else:
        assert row["commit"].removesuffix("-dirty") == head.stdout.strip()


def test_commit_is_none_outside_git_and_without_git(tmp_path, monkeypatch):
    (tmp_path / "pyod_synth").mkdir()
    assert provenance.source_commit.__wrapped__(tmp_path) is None
    monkeypatch.setenv("PATH", str(tmp_path))  # no git executable at all
    assert provenance.source_commit.__wrapped__(provenance._SOURCE) is None


def test_commit_marks_a_dirty_tree(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    (tmp_path / "pyod_synth").mkdir()
    tracked = tmp_path / "pyod_synth" / "x.py"
    tracked.write_text("a = 1\n")
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    clean = provenance.source_commit.__wrapped__(tmp_path)
    assert len(clean) == 40
    tracked.write_text("a = 2\n")
    assert provenance.source_commit.__wrapped__(tmp_path) == clean + "-dirty"


# Archived results ----------------------------------------------------------------------


def test_archived_runs_count_as_done_and_a_finished_rerun_writes_nothing(toy, tmp_path):
    results = tmp_path / "r.jsonl"
    runs = Grid([toy], ["random_forest"], ["none", "uniform"], detector_params=CHEAP).runs()
    orchestration.run_bench(runs[:1], results, jobs=1, progress=False)
    archive = tmp_path / "r.jsonl.gz"
    archive.write_bytes(gzip.compress(results.read_bytes()))
    results.unlink()
    again = orchestration.run_bench(runs[:1], results, jobs=1, progress=False)
    assert again.ran == 0 and not results.exists()  # nothing to do: no file created
    summary = orchestration.run_bench(runs, results, jobs=1, progress=False)
    assert summary.skipped == 1 and summary.ran == 1
    assert [row["key"] for row in read_rows(results)] == [run.key for run in runs]
    assert [row["key"] for row in read_rows(archive)] == [runs[0].key]
    with pytest.raises(ValueError, match="read-only archive"):
        ResultsFile(archive)


def test_the_run_spec_and_the_grid_follow_the_axis_table():
    from dataclasses import fields

    from pyod_synth.bench.grid import RunSpec

    names = [f.name for f in fields(RunSpec)]
    assert names == [axis.name for axis in AXES] + ["detector_params", "generator_params"]
    grid = Grid(["d"], ["mlp"], ["none"])
    assert [getattr(grid, axis.plural) for axis in AXES if axis.default] == [
        list(axis.default) for axis in AXES if axis.default]
    with pytest.raises(TypeError, match="unknown grid axes"):
        Grid(["d"], ["mlp"], ["none"], colours=["blue"])
