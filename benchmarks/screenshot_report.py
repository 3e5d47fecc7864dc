"""Screenshots of a benchmark report in headless Chromium, to check that it stays readable.

    python benchmarks/screenshot_report.py [REPORT.html] [--out DIR]

Default report: benchmarks/results/nngmix_protocol_report/report.html (65 datasets, 16
methods per detector and setting). Writes, into DIR (default: a new temporary folder,
nothing in the repository changes):

* ``top.png``: the title, the overview and the table of contents;
* ``summary.png``: the first summary table (the page cut to start at its heading);
* ``per_dataset_scrolled.png``: the first per-dataset table scrolled to its right end
  and down, where the dataset column and the header row must still be on screen.

Needs a Chromium (``apt-get install -y chromium``; ``--chromium PATH`` for another one).
The checks of the HTML structure (anchors, scroll boxes, metric order, the coverage note)
are in tests/test_report_html.py; these pictures are for a person to look at.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / "benchmarks" / "results" / "nngmix_protocol_report" / "report.html"
# Scrolls every table box to its far right and a little down once the page has loaded.
SCROLL_TABLES = """<script>window.addEventListener("load", () => {
  for (const box of document.querySelectorAll(".table-scroll")) {
    box.scrollLeft = box.scrollWidth; box.scrollTop = 120;
  }
});</script>"""


def section_from(page: str, prefix: str) -> str:
    """The page cut to start at the first level-3 heading whose anchor starts with ``prefix``.

    Headless Chromium paints a page scrolled to a fragment only partly, so each view is a
    page of its own that starts where the view does.
    """
    start = page.find(f'<h3 id="{prefix}')
    if start < 0:
        raise SystemExit(f"no heading whose anchor starts with {prefix!r} in the report")
    body = page.index("<body>") + len("<body>")
    return page[:body] + page[start:]


def screenshot(chromium: str, report: Path, page: str, out: Path, size: str) -> Path:
    """``page`` (HTML) written beside ``report`` so that its figures load, then shot."""
    view = report.with_name(".screenshot_view.html")
    view.write_text(page, encoding="utf-8")
    try:
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--window-size={size}",
             "--virtual-time-budget=3000", f"--screenshot={out}", view.resolve().as_uri()],
            check=True, capture_output=True, timeout=120,
        )
    finally:
        view.unlink()
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--out", type=Path, help="folder for the PNGs (default: a temp folder)")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--size", default="1400,900", help="window WIDTH,HEIGHT in pixels")
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="report_screenshots_"))
    out.mkdir(parents=True, exist_ok=True)
    page = args.report.read_text(encoding="utf-8")
    scroll = SCROLL_TABLES + "</body>"
    views = {
        "top.png": page,
        "summary.png": section_from(page, "summary-"),
        "per_dataset_scrolled.png": section_from(page, "per-dataset-").replace("</body>", scroll),
    }
    shots = [screenshot(args.chromium, args.report, html, out / name, args.size)
             for name, html in views.items()]
    print("\n".join(str(shot) for shot in shots))


if __name__ == "__main__":
    main()
