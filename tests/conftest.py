import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# The faulty test plugin is data, not tests: collecting it (--doctest-modules) would put its
# folder, with its .dist-info, on sys.path, and every later plugin load would install it.
collect_ignore = ["fault_plugin"]


def adbench_dir() -> Path | None:
    """The shared ADBench data folder, or None (tests needing it are then skipped)."""
    default = REPO.parent / "shared/datasets/adbench"
    # Resolved now: the adbench comparisons chdir into a temporary copy of the package.
    candidate = Path(os.environ.get("PYOD_SYNTH_ADBENCH_DIR", default)).resolve()
    return candidate if (candidate / "classical").is_dir() else None


@pytest.fixture
def adbench_root():
    root = adbench_dir()
    if root is None:
        pytest.skip("ADBench data not found; set PYOD_SYNTH_ADBENCH_DIR")
    return root
