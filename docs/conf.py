"""Sphinx configuration of the pyod-synth documentation.

Build it with ``python -m sphinx -W --keep-going -b html docs docs/_build/html`` (the
``docs`` extra). The API reference is generated at build time from the package itself
(``api_reference.public_modules``), so new public names appear without editing the docs.
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # the gallery renders its figures without a display

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS))
sys.path.insert(0, str(DOCS.parent))  # the tree being documented, before an installed copy

import api_reference  # noqa: E402

import pyod_synth  # noqa: E402

project = "pyod-synth"
author = "pyod-synth developers"
copyright = "pyod-synth developers"
release = version = pyod_synth.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "generated_api/**/*.rst.txt", "examples/README.rst"]
templates_path = ["_templates"]

autosummary_generate = True
autosummary_imported_members = True
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_typehints = "none"  # numpydoc's Parameters sections say the types
numpydoc_show_class_members = False  # members come from the autosummary class template
numpydoc_class_members_toctree = False

myst_heading_anchors = 3
# README.md and CONTRIBUTING.md link to files of the repository, which are not pages here.
suppress_warnings = ["myst.xref_missing"]

intersphinx_mapping = {}  # offline builds: no inventories fetched

sphinx_gallery_conf = {
    "examples_dirs": "examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "download_all_examples": False,
    "remove_config_comments": True,
    "abort_on_example_error": True,
    "matplotlib_animations": False,
    "image_scrapers": ("matplotlib",),
    "reset_modules": ("matplotlib",),
    "within_subsection_order": "FileNameSortKey",
    # Run every example at every build: a change to the library must not hide behind the
    # gallery's cache of an earlier build's outputs.
    "run_stale_examples": True,
}

html_theme = "pydata_sphinx_theme"
html_title = f"pyod-synth {release}"
html_theme_options = {"navigation_with_keys": False, "show_toc_level": 2}
html_static_path = []

api_reference.write_api_pages(DOCS / "api.rst")


def _skip_foreign_members(app, what, name, obj, skip, options):
    """Document the methods pyod-synth defines, not those inherited from scikit-learn or
    PyOD (their docstrings link into those projects' own docs, e.g. set_fit_request)."""
    if what == "class" and not skip:
        module = getattr(obj, "__module__", None) or ""
        if module and not module.startswith("pyod_synth"):
            return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_foreign_members)
