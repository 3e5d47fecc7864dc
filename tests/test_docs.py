"""The documentation builds with warnings as errors, its gallery runs, and its API
reference has a page for every public name (``docs/api_reference.py`` says which)."""

import importlib
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "docs"))
import api_reference  # noqa: E402


def test_public_modules_are_the_ones_declaring_all():
    modules = api_reference.public_modules()
    assert modules[0] == "pyod_synth"
    assert {"pyod_synth.bench", "pyod_synth.generators", "pyod_synth.estimator_checks"} <= set(
        modules)
    assert not [name for name in modules if any(p.startswith("_") for p in name.split("."))]
    for name in modules:
        assert importlib.import_module(name).__all__, name


def _build(out: Path) -> None:
    start = time.perf_counter()
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         str(REPO / "docs"), str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=900,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-6000:]
    print(f"docs built in {time.perf_counter() - start:.0f} s")


def _missing_api_pages(out: Path) -> list[str]:
    api = (out / "api.html").read_text()
    missing = []
    for module, names in api_reference.public_names().items():
        for name in names:
            page = f"generated_api/{module}.{name}.html"
            if not (out / page).is_file() or f'href="{page}' not in api:
                missing.append(f"{module}.{name}")
    return missing


def _examples_without_figures(out: Path) -> list[str]:
    examples = sorted((REPO / "docs" / "examples").glob("plot_*.py"))
    assert len(examples) >= 4
    return [
        example.name for example in examples
        if f"sphx_glr_{example.stem}_001.png"
        not in (out / "auto_examples" / f"{example.stem}.html").read_text()
        or not (out / "_images" / f"sphx_glr_{example.stem}_001.png").is_file()
    ]


# One test, one build: the build writes its generated pages into docs/, so two builds must
# not run at once (pytest -n 2 would run a shared fixture once per worker).
@pytest.mark.slow
def test_the_docs_build_with_every_public_name_every_example_and_the_guides(tmp_path):
    pytest.importorskip("sphinx", reason="the docs extra is not installed")
    _build(tmp_path)
    assert _missing_api_pages(tmp_path) == [], "public names without an API page"
    assert _examples_without_figures(tmp_path) == [], "gallery examples that drew nothing"
    plugins = (tmp_path / "plugins.html").read_text()
    assert "register_generators" in plugins and "new-plugin" in plugins
    assert "Add a bench axis" in (tmp_path / "contributing.html").read_text()
