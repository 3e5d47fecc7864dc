"""pyod-synth report: numbers of the tables, gains, figures, published baselines."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from pyod_synth.adbench.published import comparison, load_published, published_name
from pyod_synth.bench import tables
from pyod_synth.bench.grid import RunSpec
from pyod_synth.bench.plots import cliques, critical_difference
from pyod_synth.bench.report import write_report
from pyod_synth.cli import main

# (dataset, generator, seed) -> (AUCROC, AUCPR), detector mlp, la 0.1, ratio 1.
METRICS = {
    ("6_cardio", "none", 1): (0.90, 0.50),
    ("6_cardio", "none", 2): (0.92, 0.54),
    ("6_cardio", "uniform", 1): (0.95, 0.60),
    ("6_cardio", "uniform", 2): (0.93, 0.58),
    ("sk_wine", "none", 1): (0.80, 0.30),
    ("sk_wine", "none", 2): (0.82, 0.34),
    ("sk_wine", "uniform", 1): (0.78, 0.28),
    ("sk_wine", "uniform", 2): (0.86, 0.40),
}

PUBLISHED_TSV = """table\tmetric\tsetting\tlabeled_anomaly_ratio\tdataset\tmethod\tvalue_pct\trank
D10\tAUCROC\tlabel-informed\t0.1\tcardio\tMLP\t94.32\t8
D10\tAUCROC\tlabel-informed\t0.1\tcardio\tCatB\t98.00\t1
D10\tAUCROC\tlabel-informed\t0.1\twine\tCatB\t91.00\t1
D9\tAUCROC\tlabel-informed\t0.05\tcardio\tMLP\t11.11\t8
D17\tAUCPR\tlabel-informed\t0.1\tcardio\tMLP\t70.50\t3
D17\tAUCPR\tlabel-informed\t0.1\tcardio\tDevNet\t80.25\t1
D4\tAUCROC\tunsupervised\t\tcardio\tIForest\t93.00\t1
"""


def result_row(dataset, generator, seed, aucroc, aucpr, la=0.1, status="ok", error=None):
    spec = RunSpec(dataset, "mlp", generator, "0" if generator == "none" else "auto", la, 1.0,
                   seed)
    return {**spec.to_dict(), "key": spec.key, "status": status, "error": error,
            "aucroc": aucroc, "aucpr": aucpr, "versions": {"pyod_synth": "0.1.0"}}


@pytest.fixture
def results(tmp_path):
    rows = [result_row(d, g, s, *m) for (d, g, s), m in METRICS.items()]
    rows.append(result_row("sk_wine", "nngmix", 1, None, None, status="error",
                           error="ValueError: NNGMix needs at least one labeled anomaly"))
    path = tmp_path / "bench.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


@pytest.fixture
def published(tmp_path):
    path = tmp_path / "paper_results_D4-D19.tsv"
    path.write_text(PUBLISHED_TSV)
    return path


def test_summary_numbers_are_the_hand_computed_ones(results):
    frame = tables.load_results(results)
    summary = tables.summary(frame).set_index(["detector", "augmentation"])
    uniform, none = summary.loc[("mlp", "uniform")], summary.loc[("mlp", "none")]
    # Seeds first, then datasets: cardio (0.95 + 0.93) / 2 = 0.94, wine (0.78 + 0.86) / 2 = 0.82.
    assert uniform["aucroc"] == pytest.approx((0.94 + 0.82) / 2)
    assert uniform["aucpr"] == pytest.approx((0.59 + 0.34) / 2)
    assert none["aucroc"] == pytest.approx((0.91 + 0.81) / 2)
    # Paired per seed: cardio +0.05, +0.01; wine -0.02, +0.04.
    assert uniform["gain_aucroc"] == pytest.approx((0.03 + 0.01) / 2)
    assert uniform["gain_aucpr"] == pytest.approx((0.07 + 0.02) / 2)
    assert uniform["wtl_aucroc"] == "2/0/0" and pd.isna(none["gain_aucroc"])
    assert (uniform["rank_aucroc"], none["rank_aucroc"]) == (1.0, 2.0)
    assert uniform["datasets"] == 2


def test_gain_needs_the_same_dataset_detector_la_ratio_and_seed(results):
    frame = tables.load_results(results)
    extra = tables.results_frame([
        result_row("sk_digits", "uniform", 1, 0.9, 0.5),  # no baseline on this dataset
        result_row("6_cardio", "uniform", 3, 0.9, 0.5),  # no baseline for seed 3
    ])
    frame = pd.concat([frame, extra], ignore_index=True)
    gains = tables.gains(frame).set_index("dataset")
    assert "sk_digits" not in gains.index
    assert gains.loc["6_cardio", "paired_seeds"] == 2
    assert gains.loc["6_cardio", "gain_aucroc"] == pytest.approx(0.03)


def test_report_files_hold_the_tables_figures_and_errors(results, tmp_path):
    out = tmp_path / "report"
    files = write_report(results, out)
    markdown = files.markdown.read_text()
    page = files.html.read_text()
    # Best value per column in bold (a column with one value, like the gains, has none).
    summary_line = "| mlp | uniform | 2 | **88.00** | **46.50** | **1.00** | **1.00** | +2.00 | " \
                   "2/0/0 | +4.50 | 2/0/0 |"
    assert summary_line in markdown
    assert "| mlp | none | 2 | 86.00 | 42.00 | 2.00 | 2.00 | – |" in markdown
    assert "<td><b>88.00</b></td>" in page and "<td>+4.50</td>" in page
    # Per-dataset table: mean over seeds, best per dataset in bold.
    assert "| 6_cardio | 91.00 | **94.00** |" in markdown
    # The failed run is listed with its error.
    assert "## Failed runs" in markdown and "NNGMix needs at least one labeled anomaly" in page
    assert len(files.images) == 4  # gain heatmap and rank diagram for each metric
    for image in files.images:
        assert f"]({image.name})" in markdown and f'src="{image.name}"' in page
        pixels = _read_png(image)
        assert pixels.shape[0] > 150 and pixels.shape[1] > 300 and pixels.std() > 0.05
    assert pd.read_csv(out / "summary.csv").shape[0] == 2


def test_by_la_figure_appears_with_several_labeled_ratios(results, tmp_path):
    rows = [json.loads(line) for line in results.read_text().splitlines()]
    rows += [result_row(d, g, s, a - 0.1, p - 0.1, la=0.01) for (d, g, s), (a, p) in
             METRICS.items()]
    results.write_text("".join(json.dumps(row) + "\n" for row in rows))
    files = write_report(results, tmp_path / "report")
    names = sorted(image.name for image in files.images)
    assert "by_la_ratio1.png" in names and len(names) == 9
    assert "### Summary, la = 0.01" in files.markdown.read_text()


def _read_png(path) -> np.ndarray:
    from matplotlib.image import imread

    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return imread(path)


def test_published_baselines_appear_beside_ours(results, published, tmp_path):
    files = write_report(results, tmp_path / "report", published=published)
    markdown = files.markdown.read_text()
    section = markdown.split("\n## Published results\n")[1].split("\n## Per dataset\n")[0]
    assert "| dataset | published as | mlp + none | mlp + uniform | ADBench MLP | ADBench best " \
           "| best method |" in section
    assert "| 6_cardio | cardio | 91.00 | 94.00 | 94.32 | 98.00 | CatB |" in section
    assert "| 6_cardio | cardio | 52.00 | 59.00 | 70.50 | 80.25 | DevNet |" in section
    assert "sk_wine" not in section  # sklearn's wine is not ADBench's wine
    assert "11.11" not in section  # another labeled ratio
    table = pd.read_csv(tmp_path / "report" / "published_comparison.csv")
    assert set(table["metric"]) == {"AUCROC", "AUCPR"}


def test_unsupervised_tables_are_the_baseline_at_la_zero(published):
    per_dataset = pd.DataFrame({"dataset": ["6_cardio"], "detector": ["mlp"],
                                "augmentation": ["uniform"], "aucroc": [0.9]})
    table = comparison(per_dataset, load_published(published), 0.0, "aucroc")
    assert table.loc["6_cardio", "ADBench IForest"] == pytest.approx(0.93)
    assert comparison(per_dataset, load_published(published), 0.25, "aucroc") is None


def test_real_published_file_gives_adbench_numbers(adbench_root, results, tmp_path):
    files = write_report(results, tmp_path / "report",
                         published=adbench_root / "paper_results_D4-D19.tsv")
    markdown = files.markdown.read_text()
    section = markdown.split("\n## Published results\n")[1].split("\n## Per dataset\n")[0]
    assert "| 6_cardio | cardio | 91.00 | 94.00 | 94.32 |" in section  # Table D10, MLP


@pytest.mark.parametrize(
    "ours, expected",
    [("6_cardio", ("cardio", False)), ("22_magic.gamma", ("magic.gamma", False)),
     ("CIFAR10_0", ("CIFAR10", True)), ("MVTec-AD_bottle", ("MVTec-AD", True)),
     ("CV_by_ViT/MVTec-AD_bottle", (None, False)), ("sk_wine", (None, False)),
     ("data/6_cardio.npz", (None, False))],
)
def test_dataset_names_map_to_the_published_ones(ours, expected):
    names = ["cardio", "magic.gamma", "CIFAR10", "MVTec-AD", "wine"]
    assert published_name(ours, names) == expected


def test_published_file_with_other_columns_is_rejected(tmp_path):
    path = tmp_path / "other.tsv"
    path.write_text("a\tb\n1\t2\n")
    with pytest.raises(ValueError, match="lacks the column"):
        load_published(path)


def test_critical_difference_matches_demsar():
    # Demsar (2006), section 3.2.2: k = 4 classifiers, N = 14 data sets -> CD = 1.25.
    assert critical_difference(4, 14) == pytest.approx(1.25, abs=0.01)


def test_cliques_are_maximal_runs_within_the_critical_difference():
    assert cliques(np.array([1.0, 1.5, 3.0, 3.2]), cd=1.0) == [(0, 1), (2, 3)]
    assert cliques(np.array([1.0, 1.8, 2.6]), cd=1.0) == [(0, 1), (1, 2)]
    assert cliques(np.array([1.0, 3.0]), cd=1.0) == []


def test_report_rerun_gives_the_same_bytes(results, published, tmp_path):
    first = write_report(results, tmp_path / "report", published=published)
    files = [first.markdown, first.html, *first.images, *first.csvs]
    before = {path.name: path.read_bytes() for path in files}
    assert len(before) >= 6 and b"Generated" not in before["report.md"]
    write_report(results, tmp_path / "report", published=published)
    assert {path.name: path.read_bytes() for path in files} == before


def test_a_gzip_archive_reports_like_the_plain_file(results, tmp_path):
    import gzip

    archive = tmp_path / "archived.jsonl.gz"
    archive.write_bytes(gzip.compress(results.read_bytes()))
    plain = write_report(results, tmp_path / "plain")
    packed = write_report(archive, tmp_path / "packed")
    assert plain.csvs[0].read_bytes() == packed.csvs[0].read_bytes()
    assert write_report(archive).markdown.parent == tmp_path / "archived_report"


def test_report_cli(results, published, tmp_path, capsys):
    out = tmp_path / "cli_report"
    assert main(["report", str(results), "--out", str(out), "--published", str(published)]) == 0
    assert "report.html" in capsys.readouterr().out
    assert "ADBench MLP" in (out / "report.md").read_text()


def test_report_of_a_missing_file_is_a_clear_error(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nothing.jsonl")]) == 2
    assert "nothing.jsonl" in capsys.readouterr().err


# Issue 12: an all-error file, hostile names ---------------------------------------------


def test_report_of_a_file_where_every_run_failed_exits_non_zero_naming_the_errors(
        tmp_path, capsys):
    rows = [result_row("sk_wine", "nngmix", seed, None, None, status="error",
                       error="ValueError: NNGMix needs at least one labeled anomaly")
            for seed in (1, 2)]
    rows.append(result_row("6_cardio", "uniform", 1, None, None, status="error",
                           error="RunTimeout: the run took longer than 1 s"))
    path = tmp_path / "bench.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    out = tmp_path / "report"
    assert main(["report", str(path), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "no run succeeded" in err and str(path) in err
    assert "ValueError (2)" in err and "RunTimeout (1)" in err
    assert not (out / "report.md").exists()


HOSTILE = ['<img src=x onerror=alert(1)>', '=HYPERLINK("http://evil.example","x")',
           "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)"]


@pytest.fixture
def hostile_results(tmp_path):
    rows = []
    for i, name in enumerate(HOSTILE):
        dataset = str(tmp_path / f"{name.replace('/', '_')}.npz")
        for generator, gain in (("none", 0.0), ("uniform", 0.05)):
            rows.append(result_row(dataset, generator, 1, 0.8 + gain - i / 100, 0.5 + gain))
    path = tmp_path / "bench.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def test_report_markdown_escapes_html_in_dataset_names(hostile_results, tmp_path):
    files = write_report(hostile_results, tmp_path / "report")
    markdown = files.markdown.read_text()
    assert "<img" not in markdown and "&lt;img src=x onerror=alert(1)>" in markdown
    assert "<img src=x" not in files.html.read_text()


def test_report_csvs_neutralize_spreadsheet_formulas(hostile_results, tmp_path):
    files = write_report(hostile_results, tmp_path / "report")
    dangerous = tuple("=+-@\t\r")
    for csv in files.csvs:
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
        cells = [cell for column in frame.columns for cell in frame[column]]
        assert not [cell for cell in cells if cell.startswith(dangerous)], csv
    per_dataset = pd.read_csv(files.csvs[1], dtype=str)
    assert "'=HYPERLINK(\"http:__evil.example\",\"x\").npz" in set(per_dataset["dataset"])
    assert "'-2+3.npz" in set(per_dataset["dataset"])
    gains = pd.read_csv(files.csvs[2])
    assert (gains["gain_aucroc"] > 0).all()  # numbers stay numbers
