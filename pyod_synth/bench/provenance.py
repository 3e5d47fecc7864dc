"""What a results row records about the code that made it: versions, plugins, git commit."""

from __future__ import annotations

import functools
import platform
import subprocess
import sys
from pathlib import Path

import numpy as np

from pyod_synth.bench.axes import NO_AUGMENTATION

_SOURCE = Path(__file__).resolve().parents[2]  # the checkout holding pyod_synth/, if any


def package_versions() -> dict[str, str]:
    """Versions of the packages that decide a result (torch only if this run loaded it)."""
    import pyod
    import sklearn

    versions = {
        "python": platform.python_version(),
        # The package is loaded whenever one of its modules is: read it, do not import it.
        "pyod_synth": sys.modules["pyod_synth"].__version__,
        "pyod": pyod.__version__,
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
    }
    if "torch" in sys.modules:
        versions["torch"] = sys.modules["torch"].__version__
    return versions


def plugin_versions_of(spec) -> dict[str, str]:
    """Plugin -> version for the plugins that registered the run's detector and generator."""
    from pyod_synth.bench.names import plugin_of
    from pyod_synth.plugins import plugin_versions

    versions = plugin_versions()
    out = {}
    for kind, name in (("detector", spec.detector), ("generator", spec.generator)):
        if kind == "generator" and name == NO_AUGMENTATION:
            continue
        plugin = plugin_of(kind, name)
        out[plugin] = versions.get(plugin, "unknown")
    return out


@functools.cache
def source_commit(source: Path = _SOURCE) -> str | None:
    """``git rev-parse HEAD`` of the checkout holding pyod_synth, with "-dirty" if it has
    uncommitted changes to tracked files; None outside a git checkout or without git.

    Cached per process, as a process runs the code it imported: a worker that the engine
    restarts after the tree changed records the new commit.
    """
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(source), *args], capture_output=True, text=True, timeout=30,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    if git("rev-parse", "--show-toplevel") is None or not (source / "pyod_synth").is_dir():
        return None
    head = git("rev-parse", "HEAD")
    if head is None:
        return None
    status = git("status", "--porcelain", "--untracked-files=no")
    return head + ("-dirty" if status else "")
