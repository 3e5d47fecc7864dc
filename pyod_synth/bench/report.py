"""The benchmark report: ``report.md`` and ``report.html`` with PNG figures and CSV tables.

The report is a ``pyod_synth.bench.render.Document``, rendered to both Markdown and HTML.
It holds no timestamp: rewriting the report of unchanged results gives the same bytes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

try:
    import pandas as pd
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise ImportError(
        'pyod-synth report needs pandas and matplotlib: pip install "pyod-synth[bench]"'
    ) from exc

from pyod_synth.adbench.published import comparison, load_published
from pyod_synth.bench import plots, tables
from pyod_synth.bench.render import (
    Document,
    Heading,
    Image,
    Note,
    Paragraph,
    Table,
    to_html,
    to_markdown,
)

METRIC_NAMES = tables.METRIC_NAMES


# Formatting ---------------------------------------------------------------------------


def pct(value) -> str:
    """A fraction as a percentage with two decimals, as ADBench's tables print them."""
    return "–" if value is None or pd.isna(value) else f"{100 * value:.2f}"


def signed_pct(value) -> str:
    return "–" if value is None or pd.isna(value) else f"{100 * value:+.2f}"


def plain(value, digits: int = 2) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:.{digits}f}"


def _emphasize(column: pd.Series, shown: list[str], best: str) -> list[str]:
    """Bold the best finite value(s) of a column; best is "max" or "min"."""
    numbers = pd.to_numeric(column, errors="coerce")
    if numbers.notna().sum() < 2:
        return shown
    target = numbers.max() if best == "max" else numbers.min()
    return [
        f"**{s}**" if math.isclose(n, target) else s
        for n, s in zip(numbers, shown, strict=True)
    ]


def setting_label(la: float, ratio: float) -> str:
    return f"la = {la:g}" + ("" if ratio == 1.0 else f", ratio = {ratio:g}")


def _slug(la: float, ratio: float) -> str:
    return f"la{la:g}_ratio{ratio:g}".replace(".", "p")


# Sections -----------------------------------------------------------------------------


def _overview(doc: Document, frame: pd.DataFrame, source: Path) -> None:
    ok = frame["status"] == "ok"
    versions = pd.DataFrame(list(frame.get("versions", pd.Series(dtype=object)).dropna()))
    version_text = ", ".join(
        f"{name} {'/'.join(sorted(versions[name].dropna().astype(str).unique()))}"
        for name in versions.columns
    ) if not versions.empty else "unknown"
    settings = sorted({(la, r) for la, r in zip(frame["la"], frame["ratio"], strict=True)})
    doc.add(
        Paragraph(
            f"Results: `{source}`, {len(frame)} runs ({int(ok.sum())} ok, "
            f"{int((~ok).sum())} failed); {frame['dataset'].nunique()} datasets, detectors "
            f"{', '.join(sorted(frame['detector'].unique()))}, augmentations "
            f"{', '.join(sorted(frame['augmentation'].unique()))}; settings "
            f"{'; '.join(setting_label(*s) for s in settings)}; seeds "
            f"{', '.join(str(s) for s in sorted(frame['seed'].unique()))}. "
            f"Versions: {version_text}."
        ),
        Paragraph(
            "Metrics are on ADBench's 30 % test split, in %: AUCROC, and AUCPR = average "
            "precision. Seeds are averaged within each dataset first. Rank 1 is best, among the "
            "methods of the same setting, on the datasets where all of them have a result. "
            "Gain = augmented minus the same detector without augmentation (`none`) on the same "
            "dataset, la, ratio and seed, in percentage points; W/T/L = datasets where the "
            "gain is positive / zero / negative. la = labeled share of the training anomalies; "
            "ratio = NNG-Mix's share of those labels kept (the others are discarded)."
        ),
    )


def _coverage_note(per_ds: pd.DataFrame, keys: list[str], where: str,
                   ranked: bool = True) -> Note | None:
    """A note when the cells grouped by ``keys`` cover different sets of datasets (and,
    when ``ranked``, which datasets the ranks beside the means use)."""
    covered = per_ds.groupby(keys, sort=True)["dataset"].agg(frozenset)
    if covered.nunique() < 2:
        return None
    union = frozenset().union(*covered)
    common = frozenset.intersection(*covered)
    counts = sorted({len(c) for c in covered})
    ranks = (f"; ranks use only the {len(common)} datasets common to all" if common
             else "; no dataset is common to all, so nothing is ranked")
    return Note(
        f"{where} cover different datasets ({counts[0]} to {counts[-1]} of {len(union)}): "
        "each mean is over its own datasets, so means over different numbers of datasets "
        f"are not comparable{ranks if ranked else ''}."
    )


def _summary_table(block: pd.DataFrame) -> Table:
    most = int(block["datasets"].max())
    shown = pd.DataFrame({
        "detector": block["detector"],
        "augmentation": block["augmentation"],
        "datasets": [str(int(n)) if n == most else f"{int(n)} of {most}"
                     for n in block["datasets"]],
    })
    for metric in tables.METRICS:
        shown[METRIC_NAMES[metric]] = _emphasize(
            block[metric], [pct(v) for v in block[metric]], "max")
    for metric in tables.METRICS:
        column = block[f"rank_{metric}"]
        shown[f"rank {METRIC_NAMES[metric]}"] = _emphasize(
            column, [plain(v) for v in column], "min")
    for metric in tables.METRICS:
        column = block[f"gain_{metric}"]
        shown[f"gain {METRIC_NAMES[metric]}"] = _emphasize(
            column, [signed_pct(v) for v in column], "max")
        shown[f"W/T/L {METRIC_NAMES[metric]}"] = block[f"wtl_{metric}"].fillna("–").tolist()
    return Table(shown.reset_index(drop=True), key_columns=2)


def _rank_figure(doc, ranked: pd.DataFrame, metric: str, la, ratio, out: Path) -> None:
    matrix = ranked.assign(method=ranked["detector"] + " + " + ranked["augmentation"]).pivot_table(
        index="dataset", columns="method", values=metric
    )
    n_datasets, n_methods = matrix.shape
    if n_methods < 2 or n_datasets < 2:
        doc.add(Paragraph(
            f"No rank diagram for {METRIC_NAMES[metric]}: it needs at least 2 methods and 2 "
            f"datasets with results for all of them (have {n_methods} and {n_datasets})."
        ))
        return
    avg_ranks = matrix.rank(axis=1, ascending=False).mean()
    name = f"rank_{metric}_{_slug(la, ratio)}.png"
    cd = plots.cd_diagram(
        avg_ranks, n_datasets, out / name,
        f"Average rank by {METRIC_NAMES[metric]}, {setting_label(la, ratio)} "
        f"({n_datasets} datasets)",
    )
    text = (
        f"Methods joined by a red bar are not significantly different (Nemenyi, 5 %, "
        f"CD = {cd:.2f} ranks over {n_datasets} datasets)."
    )
    if n_methods >= 3:
        from scipy.stats import friedmanchisquare

        statistic = friedmanchisquare(*matrix.to_numpy().T)
        text += f" Friedman test: p = {statistic.pvalue:.3g}."
    doc.add(Image(name, f"rank diagram {METRIC_NAMES[metric]}"), Paragraph(text))


def _gain_figure(doc, gain_block: pd.DataFrame, metric: str, la, ratio, out: Path) -> None:
    matrix = gain_block.assign(
        method=gain_block["detector"] + " + " + gain_block["augmentation"]
    ).pivot_table(index="method", columns="dataset", values=f"gain_{metric}")
    if matrix.empty:
        return
    name = f"gain_{metric}_{_slug(la, ratio)}.png"
    plots.gain_heatmap(
        matrix, out / name,
        f"{METRIC_NAMES[metric]} gain over no augmentation\n{setting_label(la, ratio)}",
        "gain (percentage points)",
    )
    doc.add(Image(name, f"gain heatmap {METRIC_NAMES[metric]}"))


def _by_la_figure(doc, summary: pd.DataFrame, per_ds: pd.DataFrame, out: Path) -> None:
    for ratio, block in summary.groupby("ratio", sort=True):
        if block["la"].nunique() < 2:
            continue
        means = block.assign(method=block["detector"] + " + " + block["augmentation"])
        name = f"by_la_ratio{ratio:g}".replace(".", "p") + ".png"
        plots.metric_by_la(
            means, out / name, f"Mean over datasets by labeled ratio (ratio = {ratio:g})",
            dict(METRIC_NAMES),
        )
        doc.add(Image(name, "metrics by labeled ratio"))
        note = _coverage_note(per_ds[per_ds["ratio"] == ratio], ["la", *tables.METHOD],
                              "The points of this figure (one per la and method)",
                              ranked=False)
        if note:
            doc.add(note)


def _per_dataset_tables(doc, block: pd.DataFrame) -> None:
    for metric in tables.METRICS:
        matrix = block.assign(method=block["detector"] + " + " + block["augmentation"])
        matrix = matrix.pivot_table(index="dataset", columns="method", values=metric)
        shown = pd.DataFrame({"dataset": matrix.index})
        formatted = {
            method: [pct(v) for v in matrix[method]] for method in matrix.columns
        }
        rows = []
        for i, (_, values) in enumerate(matrix.iterrows()):
            cells = [formatted[m][i] for m in matrix.columns]
            rows.append(_emphasize(values, cells, "max"))
        for j, method in enumerate(matrix.columns):
            shown[method] = [row[j] for row in rows]
        doc.add(Table(shown, f"{METRIC_NAMES[metric]} (%), mean over seeds; best per dataset "
                             "in bold.", key_columns=1))


def _published_section(doc, per_ds: pd.DataFrame, published: pd.DataFrame) -> list:
    doc.add(Heading(2, "Published results"))
    doc.add(Paragraph(
        "ADBench's numbers (paper Tables D4-D19, in %) for the same datasets and labeled ratio, "
        "next to ours. Only settings with ratio = 1 are comparable (NNG-Mix's ratio discards "
        "labels ADBench keeps); la = 0 is compared with the unsupervised tables. A `*` marks a "
        "CV/NLP dataset that ADBench reports as the mean over all its sub-classes."
    ))
    frames = []
    for (la, ratio), block in per_ds.groupby(tables.SETTING, sort=True):
        if ratio != 1.0:
            continue
        for metric in tables.METRICS:
            table = comparison(block, published, la, metric)
            if table is None:
                continue
            frames.append(table.assign(la=la, metric=METRIC_NAMES[metric]))
            doc.add(Heading(3, f"Published results, {setting_label(la, ratio)}, "
                               f"{METRIC_NAMES[metric]}"))
            doc.add(Table(_format_comparison(table), key_columns=2))
    if not frames:
        doc.add(Paragraph("No dataset and labeled ratio of these results is in the published "
                          "tables (ADBench reports la = 0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 1)."))
    return frames


def _format_comparison(table: pd.DataFrame) -> pd.DataFrame:
    numeric = [c for c in table.columns if c not in ("published as", "best method")]
    shown = pd.DataFrame({"dataset": table.index, "published as": table["published as"].values})
    for column in numeric:
        shown[column] = [pct(v) for v in table[column]]
    shown["best method"] = table["best method"].values
    means = ["mean", ""] + [pct(table[c].mean()) for c in numeric] + [""]
    shown.loc[len(shown)] = means
    return shown


def _errors_section(doc, frame: pd.DataFrame) -> None:
    failed = tables.errors(frame)
    if failed.empty:
        return
    doc.add(Heading(2, "Failed runs"))
    doc.add(Paragraph("Rerun with `pyod-synth bench ... --retry-errors` after fixing the cause."))
    doc.add(Table(failed[["detector", "generator", "runs", "error", "example"]], key_columns=2))


# Entry point --------------------------------------------------------------------------


def default_report_dir(results) -> Path:
    """``<results stem>_report`` next to the results file (``R.jsonl`` and ``R.jsonl.gz``
    both give ``R_report``)."""
    results = Path(results)
    name = results.name.removesuffix(".gz")
    return results.with_name(f"{Path(name).stem}_report")


@dataclass
class ReportFiles:
    markdown: Path
    html: Path
    images: list[Path]
    csvs: list[Path]


def write_report(results, out_dir=None, published=None, title="pyod-synth benchmark report"):
    """Write ``report.md``, ``report.html``, PNG figures and CSV tables for a results file.

    Parameters
    ----------
    results : path
        A JSON-lines file written by ``pyod-synth bench``.
    out_dir : path, default=None
        Output folder; default: ``<results stem>_report`` next to the results file.
    published : path, default=None
        ADBench's ``paper_results_D4-D19.tsv``; adds its numbers beside ours.
    title : str

    Returns
    -------
    ReportFiles

    Examples
    --------
    >>> files = write_report("results/bench.jsonl")  # doctest: +SKIP
    >>> files.html  # doctest: +SKIP
    PosixPath('results/bench_report/report.html')
    """
    results = Path(results)
    out = Path(out_dir) if out_dir else default_report_dir(results)
    out.mkdir(parents=True, exist_ok=True)
    frame = tables.load_results(results)
    per_ds = tables.per_dataset(frame)
    summary = tables.summary(frame)
    gains = tables.gains(frame)
    ranked = tables.ranks(per_ds)

    doc = Document()
    doc.add(Heading(1, title))
    _overview(doc, frame, results)
    doc.add(Heading(2, "Summary"))
    _by_la_figure(doc, summary, per_ds, out)
    for (la, ratio), block in summary.groupby(tables.SETTING, sort=True):
        doc.add(Heading(3, f"Summary, {setting_label(la, ratio)}"))
        setting_rows = (per_ds["la"] == la) & (per_ds["ratio"] == ratio)
        note = _coverage_note(per_ds[setting_rows], tables.METHOD, "The methods of this setting")
        if note:
            doc.add(note)
        doc.add(_summary_table(block))
        setting = (ranked["la"] == la) & (ranked["ratio"] == ratio)
        gain_setting = (gains["la"] == la) & (gains["ratio"] == ratio) if not gains.empty else None
        for metric in tables.METRICS:
            if gain_setting is not None:
                _gain_figure(doc, gains[gain_setting], metric, la, ratio, out)
            _rank_figure(doc, ranked[setting], metric, la, ratio, out)

    csvs = [out / "summary.csv", out / "per_dataset.csv", out / "gains.csv"]
    summary.to_csv(csvs[0], index=False)
    per_ds.to_csv(csvs[1], index=False)
    gains.to_csv(csvs[2], index=False)
    if published is not None:
        frames = _published_section(doc, per_ds, load_published(published))
        if frames:
            csvs.append(out / "published_comparison.csv")
            pd.concat(frames).rename_axis("dataset").to_csv(csvs[-1])

    doc.add(Heading(2, "Per dataset"))
    for (la, ratio), block in per_ds.groupby(tables.SETTING, sort=True):
        doc.add(Heading(3, f"Per dataset, {setting_label(la, ratio)}"))
        _per_dataset_tables(doc, block)
    _errors_section(doc, frame)

    markdown, page = out / "report.md", out / "report.html"
    markdown.write_text(to_markdown(doc), encoding="utf-8")
    page.write_text(to_html(doc, title), encoding="utf-8")
    images = [out / b.file for b in doc.blocks if isinstance(b, Image)]
    return ReportFiles(markdown, page, images, csvs)

