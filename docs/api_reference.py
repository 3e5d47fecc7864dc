"""The API reference page, generated from the package at build time.

A public module is a module of ``pyod_synth`` whose dotted path has no part starting with
an underscore and which declares ``__all__``; its public names are its ``__all__``. The
page lists each public module with one autosummary entry per name, so a name added to an
``__all__`` (or a new module with one) is documented without touching the docs, and
``tests/test_docs.py`` checks that every one of them has a page.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

PACKAGE = "pyod_synth"


def _declares_all(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, (ast.Assign, ast.AnnAssign))
        and any(getattr(t, "id", None) == "__all__"
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target]))
        for node in tree.body
    )


def public_modules(root: Path | None = None) -> list[str]:
    """Dotted names of the public modules, the package first, then sorted.

    Found from the source files (no import), so that listing them needs no optional extra.
    """
    if root is None:
        root = Path(importlib.import_module(PACKAGE).__file__).parent
    names = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if any(part.startswith("_") for part in parts) or not _declares_all(path):
            continue
        names.append(".".join(parts))
    return sorted(names, key=lambda name: (name != PACKAGE, name))


def public_names() -> dict[str, list[str]]:
    """Each public module's ``__all__``, by module name."""
    return {name: list(importlib.import_module(name).__all__) for name in public_modules()}


def _autosummary(names: list[str], template: str | None) -> list[str]:
    if not names:
        return []
    options = ["   :toctree: generated_api"] + ([f"   :template: {template}"] if template else [])
    return [".. autosummary::", *options, "", *(f"   {name}" for name in names), ""]


def api_page(names: dict[str, list[str]]) -> str:
    """The reST of the API page: each module, its docstring and its names.

    A name that is the same object as one listed by an earlier module (the package
    re-exports from its submodules) gets a short page without index entries, since an
    object can be described only once.
    """
    lines = [
        "API reference",
        "=============",
        "",
        "Every public name of pyod-synth: the names each public module lists in its",
        "``__all__``. A name re-exported by another public module links to the same object.",
        "",
    ]
    seen: set[int] = set()
    for module_name, members in names.items():
        module = importlib.import_module(module_name)
        new, again = [], []
        for member in members:
            obj = getattr(module, member)
            is_named_object = callable(obj) and hasattr(obj, "__qualname__")
            (again if is_named_object and id(obj) in seen else new).append(member)
            if is_named_object:
                seen.add(id(obj))
        lines += [f"``{module_name}``", "-" * (len(module_name) + 4), "",
                  f".. automodule:: {module_name}", "   :no-members:", "", "",
                  f".. currentmodule:: {module_name}", ""]
        lines += _autosummary(new, None) + _autosummary(again, "reexport.rst")
    return "\n".join(lines)


def write_api_pages(path: Path) -> None:
    """Write ``api.rst`` if its text changed (an unchanged file keeps incremental builds)."""
    text = api_page(public_names())
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
