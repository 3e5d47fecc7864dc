"""Worker processes of the local engine: a run past its time limit ends with its worker,
a worker that dies costs only its run, and workers die with the bench.

A time limit raised inside the running code (an alarm signal) is checked only when Python
code runs, so a fit inside one long C call (torch, CatBoost) goes on past it, and
interrupting Python code half-way (an ``import``, a library's global state) can leave the
process broken for every later run. So each run executes in a pebble worker process, and
at the limit the process ends, the way pytest-timeout's thread method ends the process
instead of trusting the code under test to stop: a timer thread in the worker starts with
the fit and exits the process (``exit_after``); pebble's own per-task limit, set longer,
kills a worker whose fit holds the GIL so that even the timer cannot run. The worker's
timer, not pebble's, decides, because pebble may only read a finished run's result after
its limit on a busy machine and would then kill the worker's next run. pebble starts a
fresh worker after each; loky (joblib's backend) and ``concurrent.futures`` have no
per-task limit and break the whole pool when one worker dies.

A fresh worker imports the grid's detector and generator modules (torch included) before
it takes its first run, so the limit counts fitting and scoring, not a first ``import
torch``. A thread in each worker ends it within a second of the bench's death (``kill
-9`` included), which loky's idle workers outlive by minutes.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import as_completed
from contextlib import contextmanager

from pyod_synth.bench import experiment
from pyod_synth.bench.grid import RunSpec

PARENT_POLL_SECONDS = 0.5
EXIT_TIMEOUT = 75  # exit status of a worker whose run reached its limit (EX_TEMPFAIL)


def backstop_seconds(timeout: float) -> float:
    """pebble's limit for a run: it covers loading the data and slack for a busy machine,
    and acts only when the worker's own timer cannot (a fit that holds the GIL)."""
    return 2 * timeout + 10


class WorkerDied(RuntimeError):
    """The worker process running a run ended without returning its row."""


def run_in_workers(specs: Sequence[RunSpec], data_dir, jobs: int,
                   timeout: float | None) -> Iterator[dict]:
    """Rows of ``specs`` run in ``jobs`` worker processes, in completion order.

    A run whose fit and scoring take longer than ``timeout`` seconds ends its worker and
    becomes a ``RunTimeout`` error row; a worker that dies (segfault, out of memory)
    becomes a ``WorkerDied`` error row; either way a fresh worker takes the next run.
    Closing the iterator (Ctrl-C in the bench) stops every worker.
    """
    pool = _pool(specs, jobs)
    futures = {}
    try:
        for spec in specs:
            future = pool.schedule(
                experiment.execute, args=(spec.to_dict(),),
                kwargs={"data_dir": data_dir, "timeout": timeout, "limit": exit_after},
                timeout=None if timeout is None else backstop_seconds(timeout))
            futures[future] = spec
        for future in as_completed(futures):
            yield _row(future, futures[future], timeout)
    finally:
        pool.stop()
        pool.join()


def _pool(specs: Sequence[RunSpec], jobs: int):
    import multiprocessing

    try:
        from pebble import ProcessPool
    except ImportError as exc:
        raise ImportError(
            'parallel or timed bench runs need pebble: pip install "pyod-synth[bench]"'
        ) from exc
    # spawn, not fork: a forked copy of a process that already ran torch or OpenMP threads
    # can deadlock; a spawned worker starts clean.
    return ProcessPool(max_workers=jobs, initializer=start_worker,
                       initargs=(os.getpid(), _covering_specs(specs)),
                       context=multiprocessing.get_context("spawn"))


def _covering_specs(specs: Sequence[RunSpec]) -> list[dict]:
    """A few specs that between them use every detector and every generator of ``specs``."""
    chosen, seen = [], set()
    for spec in specs:
        names = {("detector", spec.detector), ("generator", spec.generator)}
        if not names <= seen:
            seen |= names
            chosen.append(spec.to_dict())
    return chosen


def _row(future, spec: RunSpec, timeout: float | None) -> dict:
    from pebble import ProcessExpired

    try:
        return future.result()
    except TimeoutError:
        return experiment.failed_row(spec, _timed_out(timeout))
    except ProcessExpired as exc:
        if timeout is not None and exc.exitcode == EXIT_TIMEOUT:
            return experiment.failed_row(spec, _timed_out(timeout))
        return experiment.failed_row(spec, WorkerDied(
            f"the worker process running this run died ({_exit_reason(exc.exitcode)}), "
            "e.g. a crash in compiled code or the system running out of memory"))
    except BaseException as exc:  # noqa: BLE001 - e.g. SystemExit in the run: record, go on
        return experiment.failed_row(spec, exc)


def _timed_out(timeout: float) -> experiment.RunTimeout:
    return experiment.RunTimeout(
        f"the run took longer than the {timeout:g} s limit (--timeout); its worker process "
        "was stopped and replaced")


def _exit_reason(exitcode: int | None) -> str:
    import signal

    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            pass
    return f"exit code {exitcode}"


@contextmanager
def exit_after(seconds: float | None):
    """End this process with status ``EXIT_TIMEOUT`` if the block runs ``seconds``."""
    if seconds is None:
        yield
        return
    timer = threading.Timer(seconds, os._exit, args=(EXIT_TIMEOUT,))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def start_worker(parent_pid: int, specs: Sequence[dict]) -> None:
    """Initialize one worker: follow the bench's death, then import the grid's modules."""
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True,
                     name="pyod-synth-parent-watch").start()
    warm_up(specs)


def _exit_with_parent(parent_pid: int) -> None:
    # A dead parent's children are re-parented (to init or a subreaper), so getppid changes.
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def warm_up(specs: Sequence[dict]) -> None:
    """Do what the first runs of ``specs`` would otherwise do on the clock: import their
    detectors' and generators' modules (by building each model), torch and what a first
    torch training step imports (``torch._dynamo``, with its first optimizer: seconds) for
    a torch detector, the bench's own modules, and read the source's git commit.

    A model that cannot be built is skipped: its runs record that error themselves.
    """
    import sklearn.metrics  # noqa: F401 - scoring a run imports it

    from pyod_synth.adbench import protocol  # noqa: F401 - splitting a run's data
    from pyod_synth.bench.provenance import source_commit
    from pyod_synth.detectors.torch_base import BaseTorchDetector

    source_commit()  # cached per process; runs git, which takes seconds on a busy machine
    models = []
    for spec in specs:
        try:
            models.append(experiment.build_model(RunSpec(**spec)))
        except Exception:  # noqa: BLE001 - the run itself reports the error
            continue
    if any(isinstance(getattr(model, "detector", model), BaseTorchDetector) for model in models):
        _first_torch_step()


def _first_torch_step() -> None:
    from pyod_synth.detectors.torch_utils import import_torch

    torch = import_torch()
    layer = torch.nn.Linear(2, 1)
    optimizer = torch.optim.Adam(layer.parameters())
    layer(torch.zeros(1, 2)).sum().backward()
    optimizer.step()
