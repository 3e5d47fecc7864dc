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


@pytest.fixture(scope="module")
def built_docs(tmp_path_factory):
    pytest.importorskip("sphinx", reason="the docs extra is not installed")
    out = tmp_path_factory.mktemp("html")
    start = time.perf_counter()
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         str(REPO / "docs"), str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=900,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-6000:]
    print(f"docs built in {time.perf_counter() - start:.0f} s")
    return out


@pytest.mark.slow
def test_every_public_name_has_a_page_linked_from_the_api_reference(built_docs):
    api = (built_docs / "api.html").read_text()
    missing = []
    for module, names in api_reference.public_names().items():
        for name in names:
            page = f"generated_api/{module}.{name}.html"
            if not (built_docs / page).is_file() or f'href="{page}' not in api:
                missing.append(f"{module}.{name}")
    assert not missing, f"no API page for {missing}"


@pytest.mark.slow
def test_the_gallery_ran_every_example_and_drew_its_figures(built_docs):
    examples = sorted((REPO / "docs" / "examples").glob("plot_*.py"))
    assert len(examples) >= 4
    for example in examples:
        page = (built_docs / "auto_examples" / f"{example.stem}.html").read_text()
        assert f"sphx_glr_{example.stem}_001.png" in page, example.name
        assert (built_docs / "_images" / f"sphx_glr_{example.stem}_001.png").is_file()


@pytest.mark.slow
def test_the_guides_include_the_readme_plugin_section_and_contributing(built_docs):
    plugins = (built_docs / "plugins.html").read_text()
    assert "register_generators" in plugins and "new-plugin" in plugins
    contributing = (built_docs / "contributing.html").read_text()
    assert "Add a bench axis" in contributing
