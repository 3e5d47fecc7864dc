"""Arguments and actions of the ``pyod-synth bench`` and ``pyod-synth report`` commands."""

from __future__ import annotations

import argparse
import json
import signal
import sys

from pyod_synth.bench.axes import AXES
from pyod_synth.bench.engines import ENGINES, signal_handled
from pyod_synth.bench.presets import PRESET_HELP, PRESETS

DEFAULT_RESULTS = "results/bench.jsonl"


def _words(values: list[str] | None) -> list[str] | None:
    """Values given as ``a b`` or ``a,b`` (or both)."""
    if values is None:
        return None
    return [part for value in values for part in value.split(",") if part]


def _params(text: str | None, option: str) -> dict | None:
    if text is None:
        return None
    try:
        params = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{option} must be JSON such as '{{\"random_forest\": "
                         f"{{\"n_estimators\": 50}}}}'; {exc}") from None
    if not isinstance(params, dict) or not all(isinstance(v, dict) for v in params.values()):
        raise ValueError(f"{option} must map names to parameter objects; got {text}")
    return params


def add_bench_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Run a grid of datasets x detectors x generators x counts x labeled anomalies x "
        "ratios x seeds with ADBench's split; append one row per finished run to --results. "
        "Rerunning the same command skips finished runs, so an interrupted bench resumes "
        "where it stopped."
    )
    axes = parser.add_argument_group("grid (each axis replaces the preset's)")
    axes.add_argument("--preset", choices=sorted(PRESETS), default="quick",
                      help="; ".join(f"{name}: {text}" for name, text in PRESET_HELP.items()))
    for axis in AXES:
        axes.add_argument(axis.flag, nargs="+", metavar=axis.metavar, dest=axis.plural,
                          help=f"{axis.help}; values as 'a b' or 'a,b'; default: the "
                               "preset's")
    axes.add_argument("--groups", nargs="+", metavar="GROUP",
                      help="instead of --datasets: every dataset of these groups (classical, "
                           "cv, nlp, embedded), as `pyod-synth datasets --group` lists them")
    axes.add_argument("--detector-params", metavar="JSON",
                      help='keyword arguments per detector, e.g. '
                           '\'{"random_forest": {"n_estimators": 50}}\'')
    axes.add_argument("--generator-params", metavar="JSON",
                      help='keyword arguments per generator, e.g. '
                           '\'{"nngmix": {"noise_std": 0.3}}\'')
    parser.add_argument("--data-dir", metavar="DIR",
                        help="ADBench data folder (default: $PYOD_SYNTH_ADBENCH_DIR)")
    parser.add_argument("--results", default=DEFAULT_RESULTS, metavar="PATH",
                        help=f"JSON-lines results file (default: {DEFAULT_RESULTS}); rows in "
                             "its archive PATH.gz count as done")
    run = parser.add_argument_group("execution")
    run.add_argument("--jobs", type=int, metavar="N",
                     help="parallel processes (local) or LocalCluster workers (dask); "
                          "default: all cores")
    run.add_argument("--engine", choices=list(ENGINES), default="local",
                     help="where runs execute: local processes (default), a Dask or a Ray "
                          "cluster")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="running Dask scheduler (tcp://host:8786) or Ray cluster address; "
                          "default: start a local cluster")
    run.add_argument("--timeout", type=float, metavar="SECONDS",
                     help="stop a run after this long and record it as an error, so one "
                          "stuck run cannot hold up the grid (local and ray engines; "
                          "default: none)")
    run.add_argument("--retry-errors", action="store_true",
                     help="rerun runs whose row records an error")
    run.add_argument("--dry-run", action="store_true",
                     help="print the values of every axis, the number of runs and how many "
                          "are done, then stop")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.add_argument("--allow-errors", action="store_true",
                     help="exit 0 even when runs failed (default: exit 1 after listing the "
                          "failures)")
    parser.add_argument("--report", action="store_true",
                        help="write the report (see `pyod-synth report`) when the grid is done")
    parser.set_defaults(func=cmd_bench)


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Write report.md and report.html (with PNG figures and CSV tables) from a results "
        "file of `pyod-synth bench`."
    )
    parser.add_argument("results", metavar="RESULTS", help="results file of pyod-synth bench")
    parser.add_argument("--out", metavar="DIR",
                        help="output folder (default: <RESULTS stem>_report next to RESULTS)")
    parser.add_argument("--published", metavar="TSV",
                        help="ADBench's paper_results_D4-D19.tsv (default: the one in "
                             "--data-dir or $PYOD_SYNTH_ADBENCH_DIR, if present)")
    parser.add_argument("--data-dir", metavar="DIR", help="ADBench data folder")
    parser.set_defaults(func=cmd_report)


def _grid(args):
    from pyod_synth.bench.presets import make_grid

    overrides = {}
    for axis in AXES:
        words = _words(getattr(args, axis.plural))
        overrides[axis.plural] = None if words is None else [axis.parse(w) for w in words]
    return make_grid(
        args.preset,
        data_dir=args.data_dir,
        groups=_words(args.groups),
        detector_params=_params(args.detector_params, "--detector-params"),
        generator_params=_params(args.generator_params, "--generator-params"),
        **overrides,
    )


def describe_runs(runs, done: dict, results) -> str:
    """The dry run's text: each axis's values and how many runs have each, then the totals."""
    lines = []
    for axis in AXES:
        counts: dict = {}
        for run in runs:
            value = getattr(run, axis.name)
            counts[(type(value), value)] = counts.get((type(value), value), 0) + 1
        shown = ", ".join(f"{value!s} ({n})" for (_, value), n in counts.items())
        lines.append(f"  {axis.plural} [{len(counts)}]: {shown}")
    finished = sum(run.key in done for run in runs)
    lines.append(f"{len(runs)} runs, {finished} already in {results}, "
                 f"{len(runs) - finished} to run")
    return "runs per axis value:\n" + "\n".join(lines)


def _terminate_as_interrupt():
    """Treat SIGTERM like Ctrl-C, so a stopped bench shuts its worker processes down."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    return signal_handled(signal.SIGTERM, interrupt)


def cmd_bench(args) -> int:
    from pyod_synth.bench.names import validate_names
    from pyod_synth.bench.orchestration import run_bench
    from pyod_synth.bench.results import finished_rows

    grid = _grid(args)
    validate_names(grid, args.data_dir)
    runs = grid.runs()
    if args.dry_run:
        print(describe_runs(runs, finished_rows(args.results), args.results))
        return 0
    try:
        with _terminate_as_interrupt():
            summary = run_bench(
                runs, args.results, data_dir=args.data_dir, jobs=args.jobs, engine=args.engine,
                scheduler=args.scheduler, retry_errors=args.retry_errors,
                progress=not args.quiet, timeout=args.timeout,
            )
    except (RuntimeError, ImportError) as exc:
        print(f"pyod-synth: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\ninterrupted: finished runs are saved in {args.results}; rerun the same "
              "command to resume", file=sys.stderr)
        return 130
    print(summary)
    code = 0
    if args.report:
        code = _write(args.results, None, None, args.data_dir)
    return code or _failure_exit(runs, args.results, args.allow_errors)


def _failure_exit(runs, results, allow_errors: bool) -> int:
    """Print the grid's failed runs (this call's and earlier ones); 1 if any, unless allowed."""
    from pyod_synth.bench.orchestration import describe_failures
    from pyod_synth.bench.results import finished_rows

    done = finished_rows(results)
    failures = describe_failures([done[run.key] for run in runs if run.key in done])
    if not failures:
        return 0
    print(failures, file=sys.stderr)
    if allow_errors:
        return 0
    print("exit status 1: runs failed (--allow-errors keeps exit 0; --retry-errors reruns "
          "them)", file=sys.stderr)
    return 1


def cmd_report(args) -> int:
    return _write(args.results, args.out, args.published, args.data_dir)


def _write(results, out, published, data_dir) -> int:
    from pyod_synth.adbench.published import default_published_path

    try:
        from pyod_synth.bench.report import NoSuccessfulRunError, write_report
    except ImportError as exc:
        print(f"pyod-synth: error: {exc}", file=sys.stderr)
        return 2
    try:
        files = write_report(results, out, published or default_published_path(data_dir))
    except NoSuccessfulRunError as exc:
        print(f"pyod-synth: error: {exc}", file=sys.stderr)
        return 1
    print(f"report: {files.html} (and {files.markdown.name}, {len(files.images)} figures)")
    return 0
