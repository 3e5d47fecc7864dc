"""Import the REAL adbench 0.1.11 package for comparison tests, without touching site-packages.

adbench needs work-arounds to import next to pyod 3 and without TensorFlow (see
README, section ADBench):

* it is installed with ``pip install --no-deps adbench==0.1.11`` (it pins pyod 1.0.0);
* its ``myutils`` imports TensorFlow only to call ``tf.random.set_seed``: when TensorFlow
  is absent a stub module provides that, installed after keras is imported with the
  torch backend (keras 3 would otherwise try to import the stub);
* ``DataGenerator`` lists dataset folders next to ``data_generator.py`` and
  ``RunPipeline`` writes CSVs into the package: the package is copied into a temporary
  folder whose ``datasets/`` links to the project's data, and that copy is imported.

Everything is undone on exit: modules, ``sys.path``, the stub, and the global NumPy,
Python and torch RNG states that adbench reseeds.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import random
import shutil
import sys
import types
from pathlib import Path

import numpy as np
import pytest

# ADBench folder name -> folder of the project's data copy.
DATA_FOLDERS = {
    "Classical": "classical",
    "CV_by_ResNet18": "cv/CV_by_ResNet18",
    "CV_by_ViT": "cv/CV_by_ViT",
    "NLP_by_BERT": "nlp/NLP_by_BERT",
    "NLP_by_RoBERTa": "nlp/NLP_by_RoBERTa",
}
_ABSENT = object()
INSTALL_HINT = (
    'pip install -e ".[test]" && pip install --no-deps adbench==0.1.11 rtdl==0.0.13 delu==0.0.26'
)


def _require(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"the real adbench needs {module!r}; install with: {INSTALL_HINT}")


def _tensorflow_stub() -> types.ModuleType:
    stub = types.ModuleType("tensorflow")
    stub.random = types.SimpleNamespace(set_seed=lambda seed: None)
    return stub


def _copulas_stubs() -> dict[str, types.ModuleType]:
    """Only ``realistic_synthetic_mode='dependency'`` uses copulas; the rest imports it."""

    def missing(*args, **kwargs):
        raise ImportError("copulas is not installed (stubbed for the adbench import)")

    root = types.ModuleType("copulas")
    multivariate = types.ModuleType("copulas.multivariate")
    univariate = types.ModuleType("copulas.univariate")
    multivariate.VineCopula = missing
    univariate.GaussianKDE = missing
    return {"copulas": root, "copulas.multivariate": multivariate,
            "copulas.univariate": univariate}


def _private_copy(workdir: Path, data_root: Path, extra_classical: dict | None) -> Path:
    """A copy of the installed adbench package whose datasets/ links to the data."""
    spec = importlib.util.find_spec("adbench")
    source = Path(list(spec.submodule_search_locations)[0])
    target = workdir / "adbench"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "result"))
    for adbench_name, project_path in DATA_FOLDERS.items():
        link = target / "datasets" / adbench_name
        if link.exists() or link.is_symlink():
            shutil.rmtree(link) if link.is_dir() and not link.is_symlink() else link.unlink()
        if adbench_name == "Classical" and extra_classical:
            link.mkdir()
            for file in (data_root / project_path).glob("*.npz"):
                (link / file.name).symlink_to(file)
            for stem, (X, y) in extra_classical.items():
                np.savez(link / f"{stem}.npz", X=X, y=y)
        else:
            link.symlink_to(data_root / project_path, target_is_directory=True)
    return target


@contextlib.contextmanager
def real_adbench(workdir: Path, data_root: Path, extra_classical: dict | None = None):
    """Yield the ``adbench`` package imported from a private copy (see module docstring).

    ``extra_classical`` maps stems to ``(X, y)`` written as extra Classical datasets.
    """
    if importlib.util.find_spec("adbench") is None:
        pytest.skip(f"adbench is not installed; {INSTALL_HINT}")
    for module in ("torch", "keras", "wget", "fsspec", "requests", "matplotlib", "pandas"):
        _require(module)

    saved_env = os.environ.get("KERAS_BACKEND")
    saved_path = list(sys.path)
    saved_rng = (np.random.get_state(), random.getstate())
    import torch

    saved_torch = torch.random.get_rng_state()
    stubs: dict[str, types.ModuleType] = {}
    replaced: dict[str, object] = {}
    try:
        if "keras" not in sys.modules:
            os.environ["KERAS_BACKEND"] = "torch"
        importlib.import_module("keras")  # before any tensorflow stub (see docstring)
        if importlib.util.find_spec("tensorflow") is None:
            stubs["tensorflow"] = _tensorflow_stub()
        if importlib.util.find_spec("copulas") is None:
            stubs.update(_copulas_stubs())
        for name, module in list(stubs.items()):
            if sys.modules.get(name) is None:  # absent, or blocked with None
                replaced[name] = sys.modules.get(name, _ABSENT)
                sys.modules[name] = module
        copy = _private_copy(workdir, data_root, extra_classical)
        _forget_adbench()
        sys.path.insert(0, str(copy.parent))
        package = importlib.import_module("adbench")
        assert Path(package.__file__).parent == copy, package.__file__
        yield package
    finally:
        _forget_adbench()
        for name, previous in replaced.items():
            if previous is _ABSENT:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = previous
        sys.path[:] = saved_path
        if saved_env is None:
            os.environ.pop("KERAS_BACKEND", None)
        else:
            os.environ["KERAS_BACKEND"] = saved_env
        np.random.set_state(saved_rng[0])
        random.setstate(saved_rng[1])
        torch.random.set_rng_state(saved_torch)


def _forget_adbench() -> None:
    for name in [m for m in sys.modules if m == "adbench" or m.startswith("adbench.")]:
        del sys.modules[name]
