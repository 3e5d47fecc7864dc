"""benchmarks/: every results file has the script that made it; the pilot list is one file."""

import gzip
import re

import pytest
from conftest import REPO

BENCHMARKS = REPO / "benchmarks"
RESULTS = BENCHMARKS / "results"


def _scripts() -> dict[str, str]:
    return {p.name: p.read_text() for p in [*BENCHMARKS.glob("*.sh"), *BENCHMARKS.glob("*.py")]}


def _stem(path) -> str:
    return path.name.split(".", 1)[0]


READERS = ("reports.sh", "pack_results.py")  # they rewrite or repack files others made


def test_every_results_file_is_named_by_a_script():
    scripts = {name: text for name, text in _scripts().items() if name not in READERS}
    results = [p for p in RESULTS.iterdir() if p.is_file()]
    assert results
    orphans = [p.name for p in results if not any(_stem(p) in text for text in scripts.values())]
    assert orphans == []


def test_results_are_archived_and_complete_json_lines():
    assert not list(RESULTS.glob("*.jsonl"))  # packed: python benchmarks/pack_results.py
    for archive in RESULTS.glob("*.jsonl.gz"):
        data = gzip.decompress(archive.read_bytes())
        assert data.endswith(b"\n") and b'"key"' in data.split(b"\n", 1)[0], archive.name
        assert archive.read_bytes()[4:8] == b"\0\0\0\0", archive.name  # no mtime in the header


def test_the_pilot_datasets_are_listed_once():
    pilot = [line for line in (BENCHMARKS / "pilot_datasets.txt").read_text().splitlines()
             if line and not line.startswith("#")]
    assert len(pilot) == 10
    for name, text in _scripts().items():
        assert not re.search(rf"\b{pilot[0]}\b.*\b{pilot[1]}\b", text), name


def test_the_rest_of_the_datasets_come_smallest_first_without_the_pilot(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    from pilot_datasets import PILOT, rest_by_size

    manifest = tmp_path / "MANIFEST.tsv"
    manifest.write_text(
        "file\tgroup\tn_samples\tn_features\n"
        "classical/b_big.npz\tClassical\t200000\t3\n"  # capped at 10,000 rows: 30,000
        "classical/a_wide.npz\tClassical\t500\t40\n"  # raised to 1,000 rows: 40,000
        "classical/c_small.npz\tClassical\t2000\t5\n"  # 10,000
        f"classical/{PILOT[0]}.npz\tClassical\t10\t1\n"
        "cv/d_image.npz\tCV\t10\t1\n"
    )
    assert rest_by_size(manifest) == ["c_small", "b_big", "a_wide"]


def test_packing_refuses_rows_already_archived_but_keeps_retried_runs(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    from pack_results import pack

    plain = tmp_path / "r.jsonl"
    plain.write_text('{"key": "a", "v": 1}\n')
    pack(plain)
    plain.write_text('{"key": "b", "v": 2}\n{"key": "a", "v": 1}\n')  # "a" copied in again
    with pytest.raises(ValueError, match="1 rows are already archived"):
        pack(plain)
    assert plain.exists()  # nothing lost
    plain.write_text('{"key": "b", "v": 2}\n{"key": "a", "v": 3}\n')  # a retried run: kept
    pack(plain)
    rows = gzip.decompress((tmp_path / "r.jsonl.gz").read_bytes()).decode().splitlines()
    assert [line[9] for line in rows] == ["a", "b", "a"]


def test_the_cross_type_summary_counts_and_marks_each_task_against_its_anchors(monkeypatch):
    pd = pytest.importorskip("pandas")
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    from cross_type_summary import summary

    # (known, unseen) AUPR per detector; knn is the best unsupervised detector on average.
    scores = {
        "a": {"default": (0.90, 0.80), "catboost": (0.91, 0.30), "knn": (0, 0.81)},  # meets
        "b": {"default": (0.50, 0.60), "catboost": (0.60, 0.20), "knn": (0, 0.90)},  # misses
    }
    rows = [
        {"key": f"{name}|{detector}|none|0|la=1.0|ratio=1.0|seed=1|protocol={name}/local->global",
         "detector": detector, "known_aupr": known, "unseen_aupr": unseen}
        for name, by_detector in scores.items()
        for detector in ("default", "catboost", "iforest", "ecod", "copod", "knn", "lof")
        for known, unseen in [by_detector.get(detector, (0, 0.1))]
    ]
    text = summary(pd.DataFrame(rows))
    assert "the 2 of the 43 Classical datasets" in text
    assert "| local->global | 70.0 | 75.5 | 70.0 | 85.5 | 1 | 1 | 2 |" in text
    assert "| a | -1.0 / -1.0 |" in text
    assert "| b | **-10.0 / -30.0** |" in text
    # unseen: iforest 10 against knn 81 / 90, default 80 / 60
    assert "| local->global | -75.5 | +60.0 | -15.5 |" in text
