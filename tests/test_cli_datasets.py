"""`pyod-synth datasets`: the names bench and load_dataset accept."""

from pyod_synth.cli import main


def _lines(capsys, *argv) -> dict[str, list[str]]:
    assert main(list(argv)) == 0
    out = capsys.readouterr().out
    rows = {}
    for line in out.strip().splitlines():
        head, names = line.split(": ", 1)
        rows[head.split(" ")[0]] = names.split()
    return rows


def test_lists_every_group_found(capsys, adbench_root, monkeypatch):
    monkeypatch.setenv("PYOD_SYNTH_ADBENCH_DIR", str(adbench_root))
    rows = _lines(capsys, "datasets")
    assert rows["embedded"] == ["sk_breast_cancer", "sk_digits", "sk_wine"]
    assert "6_cardio" in rows["classical"] and "CIFAR10_0" in rows["cv"]


def test_without_data_only_the_embedded_tasks_are_listed(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("PYOD_SYNTH_ADBENCH_DIR", str(tmp_path / "missing"))
    assert list(_lines(capsys, "datasets")) == ["embedded"]


def test_a_missing_group_says_where_it_looked(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("PYOD_SYNTH_ADBENCH_DIR", str(tmp_path / "missing"))
    assert main(["datasets", "--group", "classical"]) == 2
    err = capsys.readouterr().err
    assert "not found" in err and str(tmp_path / "missing") in err


def test_no_adbench_data_is_a_warning_that_says_where_it_looked(capsys, tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PYOD_SYNTH_ADBENCH_DIR", str(empty))
    assert main(["datasets"]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and str(empty) in err and "embedded" in err


def test_found_adbench_data_gives_no_warning(capsys, adbench_root, monkeypatch):
    monkeypatch.setenv("PYOD_SYNTH_ADBENCH_DIR", str(adbench_root))
    assert main(["datasets"]) == 0
    assert "warning" not in capsys.readouterr().err
