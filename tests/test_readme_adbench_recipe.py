"""The README's ADBench recipe installs every distribution that ``adbench.run`` imports.

The imports are read from the installed adbench package's source (run.py and, through it,
every adbench module it reaches, except the ``parallel`` modes the README says not to use),
mapped to distributions with ``importlib.metadata.packages_distributions`` and compared with
what the recipe's ``pip install`` lines bring in, their dependencies included.
"""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import importlib.util
import re
import shlex
import sys
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text()
# README item 2: TensorFlow is replaced by a stub (or installed by choice).
STUBBED = {"tensorflow": "README's stub (item 2: It imports TensorFlow)"}
# README item 3: these modes import pyod.models.auto_encoder_torch, gone from pyod 3.
UNUSED_MODES = {"unsupervise", "semi-supervise"}


def recipe_section() -> str:
    start = README.index("### Dropping an augmented model into ADBench's `RunPipeline`")
    return README[start:README.index("<!-- section: bench -->", start)]


def recipe_commands() -> list[list[str]]:
    (block,) = re.findall(r"\*\*It pins `pyod==1.0.0`\*\*.*?```bash\n(.*?)```",
                          recipe_section(), re.S)
    lines = [line.split("#")[0].strip() for line in block.splitlines()]
    return [shlex.split(line) for line in lines if line.startswith("pip install")]


def _is_unused_mode_branch(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and any(
        isinstance(c, ast.Constant) and c.value in UNUSED_MODES
        for c in ast.walk(node.test)
    )


def _imports(node: ast.AST, package: str):
    """Absolute names of the modules ``node`` imports, at any depth."""
    if _is_unused_mode_branch(node):
        for child in node.orelse:
            yield from _imports(child, package)
        return
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            base = f"{parent}.{base}" if base else parent
        yield base
        yield from (f"{base}.{alias.name}" for alias in node.names)
    for child in ast.iter_child_nodes(node):
        yield from _imports(child, package)


def _source(root: Path, module: str) -> Path | None:
    parts = module.split(".")[1:]
    for path in (root.joinpath(*parts).with_suffix(".py"), root.joinpath(*parts, "__init__.py")):
        if path.is_file():
            return path
    return None


def adbench_run_imports(root: Path) -> set[str]:
    """Top-level names of the modules ``adbench.run`` reaches, adbench's own excluded."""
    seen, outside, todo = set(), set(), ["adbench.run"]
    while todo:
        module = todo.pop()
        path = _source(root, module)
        if module in seen or path is None:
            continue
        seen.add(module)
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        for name in _imports(ast.parse(path.read_text(encoding="utf-8")), package):
            if name.split(".")[0] == "adbench":
                todo.append(name)
            elif name:
                outside.add(name.split(".")[0])
    return {name for name in outside if name not in sys.stdlib_module_names}


def _project_requirements(extras: set[str]) -> list[str]:
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    requirements, todo = list(project["dependencies"]), set(extras)
    done = set()
    while todo:
        extra = todo.pop()
        done.add(extra)
        for line in project["optional-dependencies"][extra]:
            nested = Requirement(line)
            if canonicalize_name(nested.name) == "pyod-synth":
                todo |= set(nested.extras) - done
            else:
                requirements.append(line)
    return requirements


def recipe_requirements() -> list[tuple[str, bool]]:
    """(requirement, whether pip also installs its dependencies) per recipe target."""
    requirements = []
    for words in recipe_commands():
        with_deps = "--no-deps" not in words
        for target in (w for w in words[2:] if not w.startswith("-")):
            local = re.fullmatch(r"\.(?:\[(.*)\])?", target)
            if local:
                extras = set(filter(None, (local[1] or "").split(",")))
                requirements += [(r, with_deps) for r in _project_requirements(extras)]
            else:
                requirements.append((target, with_deps))
    return requirements


def installed_closure(requirements: list[tuple[str, bool]]) -> set[str]:
    """The distributions the requirements install, following installed metadata (not for
    those installed with ``--no-deps``)."""
    environment = default_environment()
    closure, todo = set(), [(Requirement(r), deps) for r, deps in requirements]
    while todo:
        requirement, with_deps = todo.pop()
        key = (canonicalize_name(requirement.name), frozenset(requirement.extras))
        if key in closure:
            continue
        closure.add(key)
        try:
            nested = metadata.requires(requirement.name) if with_deps else None
        except metadata.PackageNotFoundError:
            nested = None
        for line in nested or []:
            child = Requirement(line)
            if child.marker is None or any(
                child.marker.evaluate({**environment, "extra": extra})
                for extra in (requirement.extras or {""})
            ):
                todo.append((child, True))
    return {name for name, _ in closure}


@pytest.fixture(scope="module")
def adbench_root() -> Path:
    spec = importlib.util.find_spec("adbench")  # locates it without running its imports
    if spec is None:
        pytest.skip("adbench is not installed (README test command installs it)")
    return Path(spec.submodule_search_locations[0])


def test_the_recipe_uses_the_local_checkout_and_a_cpu_torch():
    commands = recipe_commands()
    targets = [w for words in commands for w in words[2:]]
    assert not [t for t in targets if t.startswith("pyod-synth")], (
        "pyod-synth is not on PyPI: install it from the checkout (-e '.[extras]')")
    assert any(t.startswith(".[") for t in targets)
    assert "torch==2.13.0" in targets


def test_the_recipe_covers_every_module_adbench_run_imports(adbench_root):
    imports = adbench_run_imports(adbench_root)
    assert {"numpy", "pandas", "tqdm", "keras", "copulas", "tensorflow"} <= imports  # sanity
    distributions = metadata.packages_distributions()
    covered = installed_closure(recipe_requirements())
    missing = {}
    for name in sorted(imports - set(STUBBED)):
        candidates = {canonicalize_name(d) for d in distributions.get(name, [name])}
        if not candidates & covered:
            missing[name] = sorted(candidates)
    assert not missing, (
        f"adbench.run imports modules that README's ADBench recipe does not install: "
        f"{missing} (import name: distributions); add them to its pip install line")
    assert all(name in recipe_section().lower() for name in STUBBED)
