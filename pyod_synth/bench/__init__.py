"""Benchmarks of augmented detectors: grids, resumable runs, results files and reports.

``pyod-synth bench`` and ``pyod-synth report`` are thin wrappers around this package::

    from pyod_synth.bench import Grid, run_bench, write_report

    grid = Grid(datasets=["sk_breast_cancer"], detectors=["random_forest"],
                generators=["none", "uniform"])
    run_bench(grid.runs(), "results/bench.jsonl", jobs=2)
    write_report("results/bench.jsonl", "results/report")

One module per concern: ``axes`` (the axis table), ``grid`` (run specs and their product),
``protocols`` (ADBench's split or a known/unseen task), ``presets``, ``groups`` (dataset
groups), ``names`` (name checks), ``experiment`` (one run), ``engines`` (local, Dask,
Ray), ``orchestration`` (resume, retry, time limits), ``results`` (the results file),
``provenance`` (versions and git commit), ``tables``, ``plots``, ``render``
(Markdown/HTML) and ``report``.

The report needs the ``bench`` extra (pandas, matplotlib); Dask needs the ``dask`` extra.
"""

from pyod_synth.bench.axes import AXES, Axis
from pyod_synth.bench.experiment import execute
from pyod_synth.bench.grid import Grid, RunSpec
from pyod_synth.bench.names import validate_names
from pyod_synth.bench.orchestration import BenchSummary, run_bench
from pyod_synth.bench.presets import make_grid
from pyod_synth.bench.results import MalformedResultsError, ResultsFile, read_rows

__all__ = [
    "AXES",
    "Axis",
    "Grid",
    "RunSpec",
    "make_grid",
    "validate_names",
    "MalformedResultsError",
    "ResultsFile",
    "read_rows",
    "BenchSummary",
    "execute",
    "run_bench",
    "write_report",
]


def write_report(*args, **kwargs):
    """See ``pyod_synth.bench.report.write_report`` (imported lazily: it needs pandas)."""
    from pyod_synth.bench.report import write_report as _write_report

    return _write_report(*args, **kwargs)
