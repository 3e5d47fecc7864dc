"""Running benchmark grids: one experiment per ``RunSpec``, on local cores, Dask or Ray.

Workers only compute; the main process appends each finished run to the results file as
it arrives, so a killed bench loses at most the runs in flight, and rerunning the same
command skips every run already in the file.
"""

from __future__ import annotations

import math
import os
import platform
import signal
import socket
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from pyod_synth.bench.grid import ADBENCH_DIR_ENV, NO_AUGMENTATION, RunSpec, n_synthetic_argument
from pyod_synth.bench.results import ResultsFile

ENGINES = ("local", "dask", "ray")


# One experiment -----------------------------------------------------------------------


def subsample_labeled(split: dict, ratio: float, seed: int) -> dict:
    """Keep ceil(ratio x n) of the labeled anomalies and drop the others from the training set.

    This is NNG-Mix's ``--ratio``: the labeled anomalies not kept are discarded entirely,
    not turned into unlabeled rows (nngmix.md section 1). At least one is always kept.
    """
    if ratio >= 1.0:
        return split
    labeled = np.flatnonzero(split["y_train"] == 1)
    if labeled.size == 0:
        return split
    n_keep = max(1, math.ceil(ratio * labeled.size))
    rng = np.random.RandomState(seed)  # local; the global NumPy RNG is never touched
    dropped = np.setdiff1d(labeled, labeled[rng.choice(labeled.size, n_keep, replace=False)])
    keep = np.ones(split["y_train"].shape[0], dtype=bool)
    keep[dropped] = False
    return {**split, "X_train": split["X_train"][keep], "y_train": split["y_train"][keep]}


def build_model(spec: RunSpec):
    """The ``Augmented`` detector of one run; ``random_state`` = the run's seed."""
    import pyod_synth

    detector = pyod_synth.get_detector(spec.detector, **spec.detector_params)
    if spec.generator == NO_AUGMENTATION:
        return pyod_synth.Augmented(detector, n_synthetic=0, random_state=spec.seed)
    return pyod_synth.Augmented(
        detector,
        generator=pyod_synth.get_generator(spec.generator, **spec.generator_params),
        n_synthetic=n_synthetic_argument(spec.n_synthetic),
        random_state=spec.seed,
    )


def _fit_and_score(spec: RunSpec, data_dir) -> dict:
    from sklearn.metrics import average_precision_score, roc_auc_score

    from pyod_synth.adbench import split as adbench_split
    from pyod_synth.datasets import load_dataset

    X, y = load_dataset(spec.dataset, data_dir=data_dir)
    data = subsample_labeled(adbench_split(X, y, seed=spec.seed, la=spec.la), spec.ratio, spec.seed)
    model = build_model(spec)
    start = time.perf_counter()
    model.fit(data["X_train"], data["y_train"])
    fitted = time.perf_counter()
    scores = np.asarray(model.decision_function(data["X_test"]), dtype=float)
    predicted = time.perf_counter()
    if scores.shape != (data["X_test"].shape[0],) or not np.isfinite(scores).all():
        raise ValueError(
            f"{spec.detector} returned {scores.shape} scores with non-finite values or the "
            f"wrong shape for {data['X_test'].shape[0]} test rows"
        )
    n_synthetic_ = getattr(model, "n_synthetic_", None)
    return {
        "aucroc": float(roc_auc_score(data["y_test"], scores)),
        "aucpr": float(average_precision_score(data["y_test"], scores)),
        "fit_seconds": fitted - start,
        "predict_seconds": predicted - fitted,
        "n_synthetic_": None if n_synthetic_ is None else int(n_synthetic_),
        "n_train": int(data["X_train"].shape[0]),
        "n_labeled": int(np.sum(data["y_train"] == 1)),
        "n_test": int(data["X_test"].shape[0]),
        "n_features": int(data["X_train"].shape[1]),
    }


def package_versions() -> dict[str, str]:
    """Versions of the packages that decide a result (torch only if this run loaded it)."""
    import pyod
    import sklearn

    import pyod_synth

    versions = {
        "python": platform.python_version(),
        "pyod_synth": pyod_synth.__version__,
        "pyod": pyod.__version__,
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
    }
    if "torch" in sys.modules:
        versions["torch"] = sys.modules["torch"].__version__
    return versions


def _plugin_versions(spec: RunSpec) -> dict[str, str]:
    from pyod_synth.plugins import plugin_versions
    from pyod_synth.registry import detector_registrations, generator_registrations

    versions = plugin_versions()
    registrations = {"detector": detector_registrations(), "generator": generator_registrations()}
    out = {}
    for kind, name in (("detector", spec.detector), ("generator", spec.generator)):
        if kind == "generator" and name == NO_AUGMENTATION:
            continue
        plugin = registrations[kind][name].plugin
        out[plugin] = versions.get(plugin, "unknown")
    return out


class RunTimeout(TimeoutError):
    """A run went past the bench's per-run time limit."""


@contextmanager
def time_limit(seconds: float | None):
    """Raise ``RunTimeout`` in this thread once ``seconds`` have passed (None: no limit).

    A SIGALRM timer: it needs the main thread of a POSIX process, which is where the worker
    processes of the local and Ray engines run their tasks (Dask runs them in threads). The
    exception is raised the next time Python code runs, so a detector stuck inside one long
    C call stops when that call returns.
    """
    if seconds is None:
        yield
        return

    def expire(signum, frame):
        raise RunTimeout(f"the run took longer than the {seconds:g} s limit (--timeout)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def execute(spec: RunSpec | dict, data_dir=None, timeout: float | None = None) -> dict:
    """Run one experiment and return its results row; an exception becomes an error row.

    The row holds every parameter of ``spec``, its ``key``, ``status`` ("ok" or "error"),
    ``error`` (None or "Type: message"), AUCROC and average-precision AUCPR on the test
    split, timings, the number of synthetic rows the detector saw, split sizes and the
    package versions, and the distinct warnings raised during the run. A run longer than
    ``timeout`` seconds becomes an error row ("RunTimeout: ...").
    """
    if isinstance(spec, dict):
        spec = RunSpec(**spec)
    row = {**spec.to_dict(), "key": spec.key, "status": "ok", "error": None}
    row.update(aucroc=None, aucpr=None, fit_seconds=None, predict_seconds=None,
               n_synthetic_=None)
    # Warnings (e.g. an MLP's ConvergenceWarning) go into the row instead of the terminal,
    # where hundreds of runs would bury the progress bar.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            # Inside the try: an alarm that fires while the limit is being lifted is an error
            # row too, never an exception that would stop the grid.
            with time_limit(timeout):
                row.update(_fit_and_score(spec, data_dir))
        except Exception as exc:  # noqa: BLE001 - one failing run must not stop the grid
            row.update(status="error", error=_describe_error(exc))
    row["warnings"] = list(dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught))
    row["versions"] = package_versions()
    try:
        row["plugins"] = _plugin_versions(spec)
    except Exception:  # noqa: BLE001 - provenance is best effort; an unknown name erred above
        row["plugins"] = {}
    row["host"] = socket.gethostname()
    row["finished_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return row


def _describe_error(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def _failed_row(spec: RunSpec, exc: BaseException) -> dict:
    """The row of a run whose worker died or could not return it."""
    row = {**spec.to_dict(), "key": spec.key, "status": "error", "error": _describe_error(exc)}
    row.update(aucroc=None, aucpr=None, fit_seconds=None, predict_seconds=None,
               n_synthetic_=None, finished_at=datetime.now(timezone.utc).isoformat())
    return row


# Engines: each yields the rows of ``specs`` in completion order ---------------------------


def _local(specs: Sequence[RunSpec], options: dict, jobs: int, scheduler) -> Iterator[dict]:
    if jobs == 1:
        for spec in specs:
            yield execute(spec, **options)
        return
    from joblib import Parallel, delayed

    parallel = Parallel(n_jobs=jobs, return_as="generator_unordered", batch_size=1)
    yield from parallel(delayed(execute)(spec.to_dict(), **options) for spec in specs)


def _dask(specs: Sequence[RunSpec], options: dict, jobs: int, scheduler) -> Iterator[dict]:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as exc:
        raise ImportError(
            'the dask engine needs dask.distributed: pip install "pyod-synth[dask]"'
        ) from exc
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        client = Client(cluster)
    try:
        futures = {
            client.submit(execute, spec.to_dict(), **options, pure=False): spec for spec in specs
        }
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - e.g. a killed worker: record, go on
                yield _failed_row(futures[future], exc)
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _ray(specs: Sequence[RunSpec], options: dict, jobs: int, scheduler) -> Iterator[dict]:
    try:
        import ray
    except ImportError as exc:
        raise ImportError("the ray engine needs Ray: pip install ray") from exc
    ray.init(address=scheduler or None, num_cpus=None if scheduler else jobs,
             ignore_reinit_error=True)
    remote = ray.remote(execute)
    pending = {remote.remote(spec.to_dict(), **options): spec for spec in specs}
    while pending:
        (ready,), _ = ray.wait(list(pending), num_returns=1)
        spec = pending.pop(ready)
        try:
            yield ray.get(ready)
        except Exception as exc:  # noqa: BLE001 - a dead worker: record, go on
            yield _failed_row(spec, exc)


_ENGINE_FUNCTIONS: dict[str, Callable[..., Iterator[dict]]] = {
    "local": _local,
    "dask": _dask,
    "ray": _ray,
}


# The grid -----------------------------------------------------------------------------


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


def _default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


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
        engines; with ``jobs=1`` ``run_bench`` must be called from the main thread.

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
    runs = list(dict((spec.key, spec) for spec in runs).values())
    start = time.perf_counter()
    with ResultsFile(results) as out:
        pending = [spec for spec in runs if _needs_run(out.done.get(spec.key), retry_errors)]
        errors = 0
        rows = _ENGINE_FUNCTIONS[engine](pending, options, jobs, scheduler)
        # closing(): an interrupt stops the engine's workers and clusters, not just this loop.
        with _progress_bar(len(pending), len(runs) - len(pending), progress) as bar, \
                closing(rows):
            if pending:
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
    if not hasattr(signal, "SIGALRM"):
        raise ValueError("timeout needs SIGALRM, which this platform (Windows) lacks")
    in_main_thread = threading.current_thread() is threading.main_thread()
    if engine == "local" and jobs == 1 and not in_main_thread:
        raise ValueError(
            "timeout with jobs=1 runs the timer in this process, which needs the main "
            "thread; call run_bench from the main thread or use jobs >= 2"
        )


def _needs_run(row: dict | None, retry_errors: bool) -> bool:
    return row is None or (retry_errors and row.get("status") != "ok")


def _progress_bar(total: int, skipped: int, enabled: bool):
    try:
        from tqdm.auto import tqdm
    except ImportError as exc:
        raise ImportError('pyod-synth bench needs tqdm: pip install "pyod-synth[bench]"') from exc

    desc = f"bench ({skipped} done before)" if skipped else "bench"
    return tqdm(total=total, desc=desc, unit="run", disable=not enabled, dynamic_ncols=True)
