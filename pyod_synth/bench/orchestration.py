"""Running a grid: skip finished runs, append each row as it arrives, retry, time limits.

Workers only compute; the main process appends each finished run to the results file as
it arrives, so a killed bench loses at most the runs in flight, and rerunning the same
command skips every run already in the file (and writes nothing when all are done).
"""

from __future__ import annotations

import math
import os
import signal
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from pyod_synth.bench.engines import ENGINES
from pyod_synth.bench.grid import RunSpec
from pyod_synth.bench.results import ResultsFile, finished_rows
from pyod_synth.datasets import ADBENCH_DIR_ENV


@dataclass
class BenchSummary:
    """What one ``run_bench`` call did."""

    results: Path
    total: int
    skipped: int
    ran: int
    errors: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"{self.ran} runs in {self.seconds:.1f} s ({self.errors} errors), {self.skipped} of "
            f"{self.total} already in {self.results}"
        )


def describe_failures(rows: Sequence[dict], shown_keys: int = 5) -> str:
    """The failed runs among ``rows``: a count per error type, its first message and keys.

    Empty when no row failed. Printed at the end of ``pyod-synth bench``, so a grid whose
    runs all fail says so instead of ending quietly.
    """
    failed = [row for row in rows if row.get("status") != "ok"]
    if not failed:
        return ""
    by_type: dict[str, list[dict]] = {}
    for row in failed:
        error = str(row.get("error") or "unknown error")
        by_type.setdefault(error.split(":", 1)[0], []).append(row)
    lines = [f"{len(failed)} of {len(rows)} runs failed:"]
    for error_type, group in sorted(by_type.items(), key=lambda item: -len(item[1])):
        keys = [row["key"] for row in group]
        more = f" and {len(keys) - shown_keys} more" if len(keys) > shown_keys else ""
        lines.append(f"  {error_type} ({len(group)}): {group[0].get('error')}")
        lines.append(f"    keys: {', '.join(keys[:shown_keys])}{more}")
    return "\n".join(lines)


def _default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def pending_runs(runs: Sequence[RunSpec], done: dict[str, dict], retry_errors: bool) -> list:
    """The runs with no row in ``done`` (or, with ``retry_errors``, an error row)."""
    return [spec for spec in runs if _needs_run(done.get(spec.key), retry_errors)]


def run_bench(
    runs: Sequence[RunSpec],
    results,
    *,
    data_dir=None,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    retry_errors: bool = False,
    progress: bool = True,
    timeout: float | None = None,
) -> BenchSummary:
    """Run every run not yet in ``results``, appending one row per run as it finishes.

    Parameters
    ----------
    runs : sequence of RunSpec
        Usually ``Grid.runs()``.
    results : path
        JSON-lines file; created if missing, repaired if a kill left a partial last line.
        Rows already archived in ``<results>.gz`` count as done (see
        ``pyod_synth.bench.results``); new rows go to ``results``.
    data_dir : path, default=None
        ADBench data folder; default ``$PYOD_SYNTH_ADBENCH_DIR``. Resolved here, so remote
        workers must see the data at the same path.
    jobs : int, default=None
        Parallel local processes (default: all available cores); the number of workers of
        a Dask LocalCluster. 1 runs in this process.
    engine : {"local", "dask", "ray"}
    scheduler : str, default=None
        Address of a running Dask scheduler (``tcp://host:8786``) or Ray cluster; None
        starts a local cluster.
    retry_errors : bool, default=False
        Rerun runs whose row records an error (the new row supersedes the old one).
    progress : bool, default=True
        Show a progress bar with ETA on stderr.
    timeout : float, default=None
        Seconds one run may take; a longer run is stopped and recorded as an error row
        (``retry_errors`` reruns it), so one stuck run cannot hold up the grid. Local and Ray
        engines. Locally each run then executes in a worker process that ends at the
        limit and is replaced (``pyod_synth.bench.workers``), even with ``jobs=1``; the
        limit counts fitting and scoring, not loading the data or the worker's imports.

    Returns
    -------
    BenchSummary
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; valid: {', '.join(ENGINES)}")
    if jobs is None:
        jobs = _default_jobs()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive integer; got {jobs!r}")
    _check_timeout(timeout, engine, jobs)
    data_dir = str(data_dir) if data_dir else os.environ.get(ADBENCH_DIR_ENV) or None
    options = {"data_dir": data_dir, "timeout": timeout}
    runs = list({spec.key: spec for spec in runs}.values())
    start = time.perf_counter()
    errors = 0
    # Nothing to run: leave the results file alone (a finished script reruns without a diff).
    pending = pending_runs(runs, finished_rows(results), retry_errors)
    if pending:
        with ResultsFile(results) as out:
            pending = pending_runs(runs, out.done, retry_errors)  # now under the file's lock
            rows = ENGINES[engine](pending, options, jobs, scheduler)
            # closing(): an interrupt stops the engine's workers and clusters, not just this loop.
            with _progress_bar(len(pending), len(runs) - len(pending), progress) as bar, \
                    closing(rows):
                for row in rows:
                    out.append(row)
                    errors += row["status"] != "ok"
                    bar.set_postfix(errors=errors, refresh=False)
                    bar.update(1)
    return BenchSummary(
        Path(results), len(runs), len(runs) - len(pending), len(pending), errors,
        time.perf_counter() - start,
    )


def _check_timeout(timeout, engine: str, jobs: int) -> None:
    if timeout is None:
        return
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not (
        math.isfinite(timeout) and timeout > 0
    ):
        raise ValueError(f"timeout must be a positive number of seconds; got {timeout!r}")
    if engine == "dask":
        raise ValueError(
            "timeout works with the local and ray engines (their workers run each run in "
            "their main thread, where a timer can stop it); Dask runs tasks in threads: drop "
            "--timeout or use --engine local or ray"
        )
    if engine == "ray" and not hasattr(signal, "SIGALRM"):
        raise ValueError("timeout on Ray needs SIGALRM, which this platform (Windows) lacks; "
                         "use --engine local")


def _needs_run(row: dict | None, retry_errors: bool) -> bool:
    return row is None or (retry_errors and row.get("status") != "ok")


def _progress_bar(total: int, skipped: int, enabled: bool):
    try:
        from tqdm.auto import tqdm
    except ImportError as exc:
        raise ImportError('pyod-synth bench needs tqdm: pip install "pyod-synth[bench]"') from exc

    desc = f"bench ({skipped} done before)" if skipped else "bench"
    return tqdm(total=total, desc=desc, unit="run", disable=not enabled, dynamic_ncols=True)
