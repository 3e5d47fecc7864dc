"""Where runs execute: local processes (pebble), Dask or Ray.

Each engine takes run specs and yields their rows in completion order; workers only
compute, the caller writes the rows. A worker that dies yields an error row for its run.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from pyod_synth.bench import experiment
from pyod_synth.bench.grid import RunSpec
from pyod_synth.bench.protocols import clear_task_cache


def local(specs: Sequence[RunSpec], options: dict, jobs: int, scheduler) -> Iterator[dict]:
    """In this process (``jobs=1`` without a time limit) or in worker processes that a
    time limit or a crash replaces (``pyod_synth.bench.workers``)."""
    if jobs == 1 and options["timeout"] is None:
        clear_task_cache()  # a dataset file changed since an earlier bench is read again
        try:
            for spec in specs:
                yield experiment.execute(spec, **options)
        finally:
            clear_task_cache()  # the splits' memory is not kept past the bench
        return
    from pyod_synth.bench.workers import run_in_workers

    yield from run_in_workers(specs, options["data_dir"], jobs, options["timeout"])


@contextmanager
def signal_handled(signum: int, handler):
    """``handler`` for ``signum`` inside the block, the previous one after it.

    Only the main thread may set a handler; elsewhere the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signum, handler)
    try:
        yield
    finally:
        signal.signal(signum, previous)


_SILENT = logging.CRITICAL + 1  # the scheduler logs a closed comm as CRITICAL


def _silence_distributed_logs() -> None:
    logging.getLogger("distributed").setLevel(_SILENT)


def dask(specs: Sequence[RunSpec], options: dict, jobs: int, scheduler) -> Iterator[dict]:
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
        # Its processes inherit the ignored SIGINT (it stays ignored across exec): a
        # terminal's Ctrl-C reaches the whole process group, and the bench alone should stop
        # (it closes the cluster and says how to resume), not every worker with a traceback.
        with signal_handled(signal.SIGINT, signal.SIG_IGN):
            cluster = LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0"
            )
        client = Client(cluster)
    loggers = [logging.getLogger(name) for name in ("distributed", "tornado.application")]
    levels = [logger.level for logger in loggers]
    try:
        futures = {
            client.submit(experiment.execute, spec.to_dict(), **options, pure=False): spec
            for spec in specs
        }
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - e.g. a killed worker: record, go on
                yield experiment.failed_row(futures[future], exc)
            future.release()
    except BaseException:  # an interrupt, or the caller stopped early: a mid-run teardown
        if cluster is not None:
            # Its races (heartbeats to a closed scheduler, cancelled tasks) make the nannies
            # here and the workers log tracebacks that say nothing about the runs.
            for logger in loggers:
                logger.setLevel(_SILENT)
            with contextlib.suppress(Exception):
                client.run(_silence_distributed_logs)
        raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def ray(specs: Sequence[RunSpec], options: dict, jobs: int, scheduler) -> Iterator[dict]:
    try:
        import ray as ray_module
    except ImportError as exc:
        raise ImportError("the ray engine needs Ray: pip install ray") from exc
    ray_module.init(address=scheduler or None, num_cpus=None if scheduler else jobs,
                    ignore_reinit_error=True)
    remote = ray_module.remote(experiment.execute)
    pending = {remote.remote(spec.to_dict(), **options): spec for spec in specs}
    while pending:
        (ready,), _ = ray_module.wait(list(pending), num_returns=1)
        spec = pending.pop(ready)
        try:
            yield ray_module.get(ready)
        except Exception as exc:  # noqa: BLE001 - a dead worker: record, go on
            yield experiment.failed_row(spec, exc)


ENGINES: dict[str, Callable[..., Iterator[dict]]] = {"local": local, "dask": dask, "ray": ray}
