"""``pyod-synth new-plugin``: the package it writes installs and passes its own tests."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

from pyod_synth.cli import main
from pyod_synth.new_plugin import KINDS, PluginNames, write_plugin

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "given, expected",
    [
        ("wide-gaussian", ("wide-gaussian", "wide_gaussian", "WideGaussian")),
        ("Wide_Gaussian", ("wide-gaussian", "wide_gaussian", "WideGaussian")),
        ("pyod-synth-knn2", ("knn2", "knn2", "Knn2")),
    ],
)
def test_a_name_is_spelled_for_each_place_it_goes(given, expected):
    names = PluginNames.parse(given)
    assert (names.hyphenated, names.underscored, names.camel) == expected
    assert names.distribution == f"pyod-synth-{expected[0]}"
    assert names.module == f"pyod_synth_{expected[1]}"


@pytest.mark.parametrize("bad", ["", "2fast", "wide gaussian", "wide--gaussian", "é", "a-"])
def test_an_unusable_name_is_a_clear_error(bad, tmp_path):
    with pytest.raises(ValueError, match="lower-case letters and digits"):
        write_plugin(bad, directory=tmp_path)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("kind", KINDS)
def test_the_package_has_a_complete_pyproject(kind, tmp_path):
    root = write_plugin("wide-gaussian", kind, tmp_path)
    assert root == tmp_path / "pyod-synth-wide-gaussian"
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert files == [
        "README.md", "pyod_synth_wide_gaussian.py", "pyproject.toml", "tests/test_wide_gaussian.py"
    ]
    meta = tomllib.loads((root / "pyproject.toml").read_text())
    assert meta["build-system"]["build-backend"] == "setuptools.build_meta"
    assert meta["project"]["name"] == "pyod-synth-wide-gaussian"
    assert "pyod-synth" in meta["project"]["dependencies"]
    assert meta["project"]["entry-points"]["pyod_synth"] == {
        "wide_gaussian": "pyod_synth_wide_gaussian"
    }
    assert meta["tool"]["setuptools"]["py-modules"] == ["pyod_synth_wide_gaussian"]
    module = (root / "pyod_synth_wide_gaussian.py").read_text()
    assert f"def register_{kind}s(register):" in module
    compile(module, "module", "exec")
    compile((root / "tests/test_wide_gaussian.py").read_text(), "tests", "exec")


def test_the_command_refuses_to_overwrite_and_an_unknown_kind(tmp_path, capsys):
    assert main(["new-plugin", "wide-gaussian", "--dir", str(tmp_path)]) == 0
    assert "pip install -e '.[test]'" in capsys.readouterr().out
    before = (tmp_path / "pyod-synth-wide-gaussian/pyproject.toml").read_text()
    assert main(["new-plugin", "wide-gaussian", "--dir", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / "pyod-synth-wide-gaussian/pyproject.toml").read_text() == before
    with pytest.raises(SystemExit):
        main(["new-plugin", "x", "--kind", "sampler", "--dir", str(tmp_path)])
    with pytest.raises(ValueError, match="kind must be one of generator, detector"):
        write_plugin("x", "sampler", tmp_path)


def _run(args, cwd, **env):
    out = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
    )
    assert out.returncode == 0, f"{args} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out.stdout


@pytest.mark.slow
def test_both_kinds_install_and_pass_their_own_tests_as_written(tmp_path):
    # A venv seeing this environment's packages, so nothing is downloaded and this
    # environment is left as it was; PYTHONPATH makes it use this checkout's pyod_synth.
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
        check=True, timeout=120,
    )
    python = str(venv / "bin" / "python")
    roots = [write_plugin(f"example-{kind}", kind, tmp_path) for kind in KINDS]
    _run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
          *map(str, roots)], tmp_path)
    for kind, root in zip(KINDS, roots, strict=True):
        summary = _run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], root)
        assert int(re.search(r"(\d+) passed", summary).group(1)) >= 2 * 16 + 2, summary
        listed = json.loads(_run([python, "-m", "pyod_synth.cli", f"{kind}s", "--json"], root))
        row = next(row for row in listed if row["name"] == f"example_{kind}")
        assert row["plugin"] == f"example_{kind}"
    installed = _run([sys.executable, "-m", "pip", "list", "--format=json"], tmp_path)
    assert "pyod-synth-example" not in installed  # only the venv got the packages
