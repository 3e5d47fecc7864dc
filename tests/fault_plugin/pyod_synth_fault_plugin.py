"""A pyod-synth plugin of faulty detectors, for the fault-injection tests.

Installed for a test by putting this folder on ``sys.path`` (or ``PYTHONPATH`` for a
``pyod-synth`` subprocess): its ``.dist-info`` declares the entry point, so the bench's
worker processes load it as they would an installed plugin.
"""

import ctypes
import os
import signal
import time

import numpy as np
from sklearn.linear_model import LogisticRegression

from pyod_synth.hookspecs import hookimpl


class StallDetector(LogisticRegression):
    """Ignores the alarm signal, as C code that swallows it does, then sleeps in ``fit``."""

    def fit(self, X, y):
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        time.sleep(120)
        return super().fit(X, y)


class GILStallDetector(LogisticRegression):
    """Sleeps in C while holding the GIL (a ``PyDLL`` call keeps it), so no other thread of
    its process runs: a fit stuck in compiled code that never releases it."""

    def fit(self, X, y):
        ctypes.PyDLL(None).sleep(120)
        return super().fit(X, y)


class CrashDetector(LogisticRegression):
    """Kills its own process in ``fit``, as a segfault or the out-of-memory killer does."""

    def fit(self, X, y):
        os.kill(os.getpid(), signal.SIGKILL)


class NaNScoreDetector(LogisticRegression):
    """Fits, then scores every row NaN."""

    def decision_function(self, X):
        return np.full(len(X), np.nan)

    def predict_proba(self, X):
        return np.full((len(X), 2), np.nan)


@hookimpl
def register_detectors(register):
    register("fault_stall", StallDetector)
    register("fault_gil_stall", GILStallDetector)
    register("fault_crash", CrashDetector)
    register("fault_nan_scores", NaNScoreDetector)
