"""What the source itself may not say: paths outside the repository (a user's clone has
neither this machine's folders nor the project's private reference notes; data comes in
through PYOD_SYNTH_ADBENCH_DIR / PYOD_SYNTH_LAU2025_DIR), and notes pinned to a PyOD
version (those belong in the docs, which say when they were checked)."""

import re
from pathlib import Path

import pytest
from conftest import REPO

THIS_FILE = Path(__file__).resolve()


def _sources(*patterns) -> list[Path]:
    files = [path for pattern in patterns for path in REPO.glob(pattern)]
    return sorted(path for path in files if path.resolve() != THIS_FILE)


def _lines_matching(paths, pattern) -> list[str]:
    return [f"{path.relative_to(REPO)}:{number}: {line.strip()}"
            for path in paths
            for number, line in enumerate(path.read_text().splitlines(), 1)
            if pattern.search(line)]


CODE = ("pyod_synth/**/*.py", "tests/*.py", "plugins/**/*.py", "benchmarks/*.py",
        "benchmarks/*.sh", "docs/*.py")


@pytest.mark.parametrize("pattern", [
    r"/work/|/home/|/Users/",  # a machine's absolute folders
    r"shared/reference|\b(?:lau2025|nngmix|adbench|pyod_and_plugins)\.md\b",  # private notes
])
def test_no_source_file_names_a_file_outside_the_repository(pattern):
    assert _lines_matching(_sources(*CODE), re.compile(pattern)) == []


def test_package_docstrings_pin_no_pyod_version():
    found = _lines_matching(_sources("pyod_synth/**/*.py"), re.compile(r"\bPyOD \d+\.\d+"))
    assert found == []
