"""CONTRIBUTING.md's worked examples are true: each module, its tests and the bench-axis
patch, put into a copy of the package, pass as written."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GUIDE = (REPO / "CONTRIBUTING.md").read_text()
FILES = dict(re.findall(r"<!-- file: (\S+) -->\n```python\n(.*?)```", GUIDE, re.S))
(PATCH,) = re.findall(r"<!-- patch: [^>]* -->\n```diff\n(.*?)```", GUIDE, re.S)


def test_the_guide_has_a_module_and_its_tests_for_each_addition():
    assert sorted(FILES) == [
        "pyod_synth/detectors/centroid.py",
        "pyod_synth/generators/inflate.py",
        "tests/test_bench_test_size.py",
        "tests/test_centroid.py",
        "tests/test_inflate.py",
    ]
    assert not any((REPO / path).exists() for path in FILES)  # examples, not real modules


@pytest.mark.slow
def test_the_worked_examples_pass_their_tests_in_a_copy_of_the_package(tmp_path):
    shutil.copytree(REPO / "pyod_synth", tmp_path / "pyod_synth",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for path, code in FILES.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(code)
    (tmp_path / "axis.diff").write_text(PATCH)
    applied = subprocess.run(["git", "apply", "axis.diff"], cwd=tmp_path,
                             capture_output=True, text=True)
    if applied.returncode != 0:
        pytest.fail(
            "CONTRIBUTING.md's bench-axis patch no longer applies to pyod_synth/bench "
            f"({applied.stderr.strip()}): rewrite that section for the current bench."
        )
    modules = [path for path in FILES if path.startswith("pyod_synth/")]
    tests = [path for path in FILES if path.startswith("tests/")]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--doctest-modules",
         *modules, *tests],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    passed = int(re.search(r"(\d+) passed", run.stdout).group(1))
    # Every collected test passed: none skipped, none expected to fail.
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--collect-only", "-p", "no:cacheprovider",
         "--doctest-modules", *modules, *tests],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    n_tests = int(re.search(r"(\d+) tests? collected", collected.stdout).group(1))
    assert passed == n_tests and passed >= 40, run.stdout
