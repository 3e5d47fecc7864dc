"""One experiment: ADBench's split of one dataset (or a known/unseen task), fit, score,
metrics, one results row."""

from __future__ import annotations

import signal
import socket
import time
import traceback
import warnings
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from pyod_synth.bench.axes import NO_AUGMENTATION, labeled_mode, n_synthetic_argument
from pyod_synth.bench.grid import RunSpec
from pyod_synth.bench.names import build
from pyod_synth.bench.protocols import STANDARD, load_task, type_metrics
from pyod_synth.bench.provenance import package_versions, plugin_versions_of, source_commit

# Metric columns of a row, None until the run finishes.
EMPTY_METRICS = dict(aucroc=None, aucpr=None, fit_seconds=None, predict_seconds=None,
                     n_synthetic_=None)


def build_model(spec: RunSpec):
    """The detector of one run; ``random_state`` = the run's seed.

    A detector that learns from labels is wrapped in ``Augmented``; one that ignores them
    (``iforest``, ...) runs as itself, without augmentation, on the unlabeled rows.
    """
    from pyod_synth.augmented import Augmented
    from pyod_synth.bench.names import learns_from_labels

    detector = build("detector", spec.detector, spec.detector_params)
    if not learns_from_labels(spec.detector):
        if spec.generator != NO_AUGMENTATION:
            raise ValueError(f"{spec.detector} ignores labels, so it runs with the generator "
                             f"{NO_AUGMENTATION!r} only; got {spec.generator!r}")
        if "random_state" in detector.get_params():
            detector.set_params(random_state=spec.seed)
        return detector
    if spec.generator == NO_AUGMENTATION:
        return Augmented(detector, n_synthetic=0, random_state=spec.seed)
    return Augmented(
        detector,
        generator=build("generator", spec.generator, spec.generator_params),
        n_synthetic=n_synthetic_argument(spec.n_synthetic),
        random_state=spec.seed,
    )


def _prepare(spec: RunSpec, data_dir) -> tuple[dict, object, object]:
    """The run's split, its unfitted model and its known/unseen task (None for ADBench's
    split): everything a run does before the clock starts.

    Loading the data and building the model imports the detector's and the generator's
    modules (torch for the torch detectors), so a time limit counts the fit alone and can
    never stop an ``import`` halfway, which would leave the worker's ``sys.modules`` broken
    for every later run. A task's data go to the detector as the task gives them (a typed
    dataset's DataFrame untouched).
    """
    task = None
    if spec.protocol == STANDARD:
        data = _standard_data(spec, data_dir)
    else:
        task = load_task(spec.protocol, la=spec.la, ratio=spec.ratio, seed=spec.seed,
                         data_dir=data_dir)
        data = {name: getattr(task, name) for name in ("X_train", "y_train", "X_test", "y_test")}
    classes = np.unique(data["y_test"])
    if classes.size < 2:
        raise ValueError(
            f"the test split of {spec.dataset} has one class ({classes.tolist()}): AUCROC and "
            "AUCPR are undefined; the dataset needs normal rows and anomalies"
        )
    return data, build_model(spec), task


def _standard_data(spec: RunSpec, data_dir) -> dict:
    from pyod_synth.adbench.protocol import split
    from pyod_synth.adbench.subsample import subsample_labeled
    from pyod_synth.datasets import load_dataset

    X, y = load_dataset(spec.dataset, data_dir=data_dir)
    return subsample_labeled(split(X, y, seed=spec.seed, la=spec.la), spec.ratio, spec.seed)


def _fit_and_score(data: dict, model, spec: RunSpec, task=None) -> dict:
    """Fit and score one prepared run; a task's row gains its per-type metrics."""
    from sklearn.metrics import average_precision_score, roc_auc_score

    from pyod_synth.bench.names import learns_from_labels

    labels = (data["y_train"],) if learns_from_labels(spec.detector) else ()
    start = time.perf_counter()
    model.fit(data["X_train"], *labels)
    fitted = time.perf_counter()
    scores = np.asarray(model.decision_function(data["X_test"]), dtype=float)
    predicted = time.perf_counter()
    if scores.shape != (data["X_test"].shape[0],) or not np.isfinite(scores).all():
        raise ValueError(
            f"{spec.detector} returned {scores.shape} scores with non-finite values or the "
            f"wrong shape for {data['X_test'].shape[0]} test rows"
        )
    n_synthetic_ = getattr(model, "n_synthetic_", None)
    metrics = {
        "aucroc": float(roc_auc_score(data["y_test"], scores)),
        "aucpr": float(average_precision_score(data["y_test"], scores)),
    }
    undefined = [name for name, value in metrics.items() if not np.isfinite(value)]
    if undefined:
        raise ValueError(f"{', '.join(undefined)} is not finite on this test split")
    row = {
        **metrics,
        "fit_seconds": fitted - start,
        "predict_seconds": predicted - fitted,
        "n_synthetic_": None if n_synthetic_ is None else int(n_synthetic_),
        "n_train": int(data["X_train"].shape[0]),
        "n_labeled": int(np.sum(data["y_train"] == 1)),
        "n_test": int(data["X_test"].shape[0]),
        "n_features": int(data["X_train"].shape[1]),
    }
    if task is not None:
        row.update(type_metrics(task, scores))
    return row


class RunTimeout(TimeoutError):
    """A run went past the bench's per-run time limit."""


class _Alarm:
    """Whether the time limit's alarm has fired (set by its signal handler)."""

    fired = False


@contextmanager
def time_limit(seconds: float | None):
    """Raise ``RunTimeout`` in this thread once ``seconds`` have passed (None: no limit).

    A SIGALRM timer: it needs the main thread of a POSIX process, which is where the worker
    processes of the local and Ray engines run their tasks (Dask runs them in threads). The
    exception is raised the next time Python code runs, so a detector stuck inside one long
    C call stops when that call returns. Some libraries (CatBoost) catch the signal in C and
    raise ``KeyboardInterrupt`` instead: that becomes ``RunTimeout`` too, but only when the
    alarm fired, so a user's Ctrl-C still stops the bench.
    """
    if seconds is None:
        yield
        return
    alarm = _Alarm()
    message = f"the run took longer than the {seconds:g} s limit (--timeout)"

    def expire(signum, frame):
        alarm.fired = True
        raise RunTimeout(message)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except KeyboardInterrupt:
        if not alarm.fired:
            raise
        raise RunTimeout(message) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _row_start(spec: RunSpec) -> dict:
    return {**spec.to_dict(), "la_mode": labeled_mode(spec.la), "key": spec.key,
            "status": "ok", "error": None, **EMPTY_METRICS}


def execute(spec: RunSpec | dict, data_dir=None, timeout: float | None = None,
            limit=time_limit) -> dict:
    """Run one experiment and return its results row; an exception becomes an error row.

    The row holds every parameter of ``spec``, its ``key``, ``la_mode`` ("count" for an
    int ``la``, "ratio" for a float), ``status`` ("ok" or "error"), ``error`` (None or
    "Type: message"), AUCROC and average-precision AUCPR on the test split, timings, the
    number of synthetic rows the detector saw, split sizes (``n_labeled``: labeled
    anomalies trained on), for a known/unseen task (``protocol`` other than "standard")
    ``per_type``, ``known_aupr``, ``unseen_aupr``, ``known_aucroc`` and ``unseen_aucroc``
    (``pyod_synth.bench.protocols.type_metrics``), the package versions, the git
    ``commit`` of the pyod_synth source (None outside git) and the distinct warnings
    raised during the run. A run longer than ``timeout`` seconds becomes an error row
    ("RunTimeout: ...") when ``limit`` is the default ``time_limit``; ``limit`` is the
    context manager that enforces ``timeout`` around the fit (the local engine's workers
    pass one that ends the process, ``pyod_synth.bench.workers.exit_after``).
    """
    if isinstance(spec, dict):
        spec = RunSpec(**spec)
    row = _row_start(spec)
    # Warnings (e.g. an MLP's ConvergenceWarning) go into the row instead of the terminal,
    # where hundreds of runs would bury the progress bar.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            # Inside the try: an alarm that fires while the limit is being lifted is an error
            # row too, never an exception that would stop the grid.
            data, model, task = _prepare(spec, data_dir)
            with limit(timeout):
                row.update(_fit_and_score(data, model, spec, task))
        except Exception as exc:  # noqa: BLE001 - one failing run must not stop the grid
            row.update(status="error", error=describe_error(exc))
    row["warnings"] = list(dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught))
    row["versions"] = package_versions()
    try:
        row["plugins"] = plugin_versions_of(spec)
    except Exception:  # noqa: BLE001 - provenance is best effort; an unknown name erred above
        row["plugins"] = {}
    row["commit"] = source_commit()
    row["host"] = socket.gethostname()
    row["finished_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return row


def describe_error(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def failed_row(spec: RunSpec, exc: BaseException) -> dict:
    """The row of a run whose worker died or could not return it."""
    row = _row_start(spec)
    row.update(status="error", error=describe_error(exc), commit=source_commit(),
               finished_at=datetime.now(timezone.utc).isoformat())
    return row
