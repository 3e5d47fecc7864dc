"""The benchmark report: ``report.md`` and ``report.html`` with PNG figures and CSV tables.

The report is a ``pyod_synth.bench.render.Document``, rendered to both Markdown and HTML.
It holds no timestamp: rewriting the report of unchanged results gives the same bytes.
"""

from __future__ import annotations

import math
import re
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
from pyod_synth.bench.protocols import STANDARD
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


# Cells a spreadsheet runs as a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value):
    """A text cell that a spreadsheet would run, prefixed with ``'``; numbers as they are."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    try:
        float(value)  # "-0.5" is a number, not a formula
        return value
    except ValueError:
        return "'" + value


def write_csv(frame: pd.DataFrame, path: Path, **options) -> None:
    """``frame.to_csv`` with dataset and method names that cannot run as formulas.

    A dataset file named ``=HYPERLINK(...).npz`` would otherwise be a live formula when the
    CSV is opened in a spreadsheet; the quote is what OWASP recommends.
    """
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(_inert)
    safe.columns = safe.columns.map(_inert)
    if not pd.api.types.is_numeric_dtype(safe.index):
        safe.index = safe.index.map(_inert)
    safe.to_csv(path, **options)


def setting_label(la: float, ratio: float, protocol: str = STANDARD) -> str:
    return (f"la = {la:g}" + ("" if ratio == 1.0 else f", ratio = {ratio:g}")
            + ("" if protocol == STANDARD else f", {protocol} tasks"))


def _slug(la: float, ratio: float, protocol: str = STANDARD) -> str:
    slug = f"la{la:g}_ratio{ratio:g}".replace(".", "p")
    return slug if protocol == STANDARD else f"{slug}_{re.sub(r'[^a-z]+', '_', protocol)}"


# Sections -----------------------------------------------------------------------------


def _overview(doc: Document, frame: pd.DataFrame, source: Path) -> None:
    ok = frame["status"] == "ok"
    versions = pd.DataFrame(list(frame.get("versions", pd.Series(dtype=object)).dropna()))
    version_text = ", ".join(
        f"{name} {'/'.join(sorted(versions[name].dropna().astype(str).unique()))}"
        for name in versions.columns
    ) if not versions.empty else "unknown"
    settings = sorted(set(zip(*(frame[c] for c in tables.SETTING), strict=True)))
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


def _in_setting(table: pd.DataFrame, setting: tuple) -> pd.DataFrame:
    """The rows of ``table`` in one (la, ratio, protocol) setting."""
    mask = pd.Series(True, index=table.index)
    for column, value in zip(tables.SETTING, setting, strict=True):
        mask &= table[column] == value
    return table[mask]


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


def _rank_figure(doc, ranked: pd.DataFrame, metric: str, setting: tuple, out: Path) -> None:
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
    name = f"rank_{metric}_{_slug(*setting)}.png"
    cd = plots.cd_diagram(
        avg_ranks, n_datasets, out / name,
        f"Average rank by {METRIC_NAMES[metric]}, {setting_label(*setting)} "
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


def _gain_figure(doc, gain_block: pd.DataFrame, metric: str, setting: tuple, out: Path) -> None:
    matrix = gain_block.assign(
        method=gain_block["detector"] + " + " + gain_block["augmentation"]
    ).pivot_table(index="method", columns="dataset", values=f"gain_{metric}")
    if matrix.empty:
        return
    name = f"gain_{metric}_{_slug(*setting)}.png"
    plots.gain_heatmap(
        matrix, out / name,
        f"{METRIC_NAMES[metric]} gain over no augmentation\n{setting_label(*setting)}",
        "gain (percentage points)",
    )
    doc.add(Image(name, f"gain heatmap {METRIC_NAMES[metric]}"))


def _by_la_figure(doc, summary: pd.DataFrame, per_ds: pd.DataFrame, out: Path) -> None:
    for (ratio, protocol), block in summary.groupby(["ratio", "protocol"], sort=True):
        if block["la"].nunique() < 2:
            continue
        means = block.assign(method=block["detector"] + " + " + block["augmentation"])
        name = _slug(0, ratio, protocol).replace("la0_", "by_la_") + ".png"
        plots.metric_by_la(
            means, out / name, f"Mean over datasets by labeled ratio (ratio = {ratio:g})",
            dict(METRIC_NAMES),
        )
        doc.add(Image(name, "metrics by labeled ratio"))
        in_block = (per_ds["ratio"] == ratio) & (per_ds["protocol"] == protocol)
        note = _coverage_note(per_ds[in_block], ["la", *tables.METHOD],
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
    for (la, ratio, protocol), block in per_ds.groupby(tables.SETTING, sort=True):
        if ratio != 1.0 or protocol != STANDARD:
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


# Known and unseen anomaly types ------------------------------------------------------


def _method(table: pd.DataFrame) -> pd.Series:
    return table["detector"] + " + " + table["augmentation"]


def _types_section(doc, frame: pd.DataFrame, out: Path) -> list[Path]:
    """Known/unseen tasks: the known-vs-unseen picture and summary per setting, then one
    table per task with every configuration's AUPR per type. Returns the CSVs written."""
    by_type = tables.per_type(frame)
    if by_type.empty:
        return []
    summary = tables.known_unseen(frame)
    doc.add(Heading(2, "Known and unseen anomaly types"))
    doc.add(Paragraph(
        "Known/unseen tasks train on normal rows plus labeled anomalies of the known types "
        "and test on every type. AUPR = average precision (%) of each type against the test "
        "normals; known and unseen = mean over the task's types of that role, averaged over "
        "seeds within a task, then over tasks (a task whose test holds no known type, as "
        "Arrhythmia's, counts for unseen only). Detectors that ignore labels (IForest, ...) "
        "are fitted on the same training rows without their labels."
    ))
    points = tables.known_unseen(frame, both_roles=True)
    for setting, block in summary.groupby(tables.SETTING, sort=True):
        doc.add(Heading(3, setting_label(*setting)))
        _known_unseen_figure(doc, _in_setting(points, setting), setting, out)
        doc.add(_known_unseen_table(block))
    for (*setting, task), block in by_type.groupby([*tables.SETTING, "dataset"], sort=True):
        doc.add(Heading(3, f"{task}, {setting_label(*setting)}"))
        doc.add(_per_task_table(block))
    csvs = [out / "per_type.csv", out / "known_unseen.csv"]
    write_csv(by_type, csvs[0], index=False)
    write_csv(summary, csvs[1], index=False)
    return csvs


def _known_unseen_figure(doc, block: pd.DataFrame, setting: tuple, out: Path) -> None:
    """The known-vs-unseen picture of ``tables.known_unseen(..., both_roles=True)``."""
    points = block.assign(method=_method(block))
    if points.empty:
        doc.add(Paragraph("No known-vs-unseen picture: no task of this setting tests known "
                          "types."))
        return
    name = f"known_unseen_{_slug(*setting)}.png"
    plots.known_unseen_scatter(
        points, out / name,
        f"AUPR on known vs unseen types, {setting_label(*setting)}\n"
        f"(means over the {int(points['known_tasks'].max())} tasks testing both and seeds)")
    doc.add(Image(name, "AUPR on known types against AUPR on unseen types"))


def _known_unseen_table(block: pd.DataFrame) -> Table:
    shown = pd.DataFrame({"detector": block["detector"], "augmentation": block["augmentation"],
                          "known tasks": block["known_tasks"].astype(int).astype(str),
                          "unseen tasks": block["unseen_tasks"].astype(int).astype(str)})
    for column, label in (("known_aupr", "known AUPR"), ("unseen_aupr", "unseen AUPR"),
                          ("known_aucroc", "known AUCROC"), ("unseen_aucroc", "unseen AUCROC")):
        shown[label] = _emphasize(block[column], [pct(v) for v in block[column]], "max")
    return Table(shown.reset_index(drop=True),
                 "Mean over tasks of the per-task means over types and seeds (%); best in bold.")


def _per_task_table(block: pd.DataFrame) -> Table:
    """Configurations (rows) x the task's types (known first), AUPR %, with role means."""
    block = block.assign(method=_method(block))
    order = block.drop_duplicates("type").sort_values(["role", "type"])
    matrix = block.pivot_table(index="method", columns="type", values="aupr")
    shown = pd.DataFrame({"configuration": matrix.index})
    for kind, role in zip(order["type"], order["role"], strict=True):
        shown[f"{kind} ({role})"] = _emphasize(matrix[kind], [pct(v) for v in matrix[kind]],
                                               "max")
    for role in ("known", "unseen"):
        members = order.loc[order["role"] == role, "type"]
        if len(members):
            means = matrix[list(members)].mean(axis=1)
            shown[f"{role} mean"] = _emphasize(means, [pct(v) for v in means], "max")
    return Table(shown.reset_index(drop=True),
                 "AUPR (%) of each type against the test normals, mean over seeds.")


# Entry point --------------------------------------------------------------------------


class NoSuccessfulRunError(ValueError):
    """The results file holds no ``ok`` run: every section of a report would be empty."""


def _check_some_run_succeeded(frame: pd.DataFrame, results: Path) -> None:
    from pyod_synth.bench.orchestration import describe_failures

    if (frame["status"] == "ok").any():
        return
    raise NoSuccessfulRunError(
        f"no run succeeded in {results}, so there is nothing to report.\n"
        + describe_failures(frame.to_dict("records"))
        + "\nFix the cause, then rerun the grid with `pyod-synth bench ... --retry-errors`."
    )


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

    Raises
    ------
    NoSuccessfulRunError
        No run of ``results`` succeeded (a ValueError counting the errors by type).

    Examples
    --------
    >>> files = write_report("results/bench.jsonl")  # doctest: +SKIP
    >>> files.html  # doctest: +SKIP
    PosixPath('results/bench_report/report.html')
    """
    results = Path(results)
    out = Path(out_dir) if out_dir else default_report_dir(results)
    frame = tables.load_results(results)
    _check_some_run_succeeded(frame, results)
    out.mkdir(parents=True, exist_ok=True)
    per_ds = tables.per_dataset(frame)
    summary = tables.summary(frame)
    gains = tables.gains(frame)
    ranked = tables.ranks(per_ds)

    doc = Document()
    doc.add(Heading(1, title))
    _overview(doc, frame, results)
    doc.add(Heading(2, "Summary"))
    _by_la_figure(doc, summary, per_ds, out)
    for setting, block in summary.groupby(tables.SETTING, sort=True):
        doc.add(Heading(3, f"Summary, {setting_label(*setting)}"))
        note = _coverage_note(_in_setting(per_ds, setting), tables.METHOD,
                              "The methods of this setting")
        if note:
            doc.add(note)
        doc.add(_summary_table(block))
        for metric in tables.METRICS:
            if not gains.empty:
                _gain_figure(doc, _in_setting(gains, setting), metric, setting, out)
            _rank_figure(doc, _in_setting(ranked, setting), metric, setting, out)
    type_csvs = _types_section(doc, frame, out)

    csvs = [out / "summary.csv", out / "per_dataset.csv", out / "gains.csv", *type_csvs]
    write_csv(summary, csvs[0], index=False)
    write_csv(per_ds, csvs[1], index=False)
    write_csv(gains, csvs[2], index=False)
    if published is not None:
        frames = _published_section(doc, per_ds, load_published(published))
        if frames:
            csvs.append(out / "published_comparison.csv")
            write_csv(pd.concat(frames).rename_axis("dataset"), csvs[-1])

    doc.add(Heading(2, "Per dataset"))
    for setting, block in per_ds.groupby(tables.SETTING, sort=True):
        doc.add(Heading(3, f"Per dataset, {setting_label(*setting)}"))
        _per_dataset_tables(doc, block)
    _errors_section(doc, frame)

    markdown, page = out / "report.md", out / "report.html"
    markdown.write_text(to_markdown(doc), encoding="utf-8")
    page.write_text(to_html(doc, title), encoding="utf-8")
    images = [out / b.file for b in doc.blocks if isinstance(b, Image)]
    return ReportFiles(markdown, page, images, csvs)

