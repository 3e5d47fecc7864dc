"""``pyod-synth new-plugin NAME``: write a ready plugin package, as ``llm``'s plugin template does.

The package (``pyod-synth-NAME/``) holds a complete ``pyproject.toml`` (build system,
metadata, the dependency on pyod-synth and the entry point under the group ``pyod_synth``),
one module with a working generator or detector registered through its hook, a README and
tests that run ``pyod_synth.estimator_checks`` on it. ``pip install -e ".[test]"`` then
``pytest`` pass as written.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

KINDS = ("generator", "detector")
_NAME = re.compile(r"^[a-z][a-z0-9]*([_-][a-z0-9]+)*$")


@dataclass(frozen=True)
class PluginNames:
    """The spellings of one plugin name ("wide-gaussian")."""

    hyphenated: str  # wide-gaussian
    underscored: str  # wide_gaussian: the registered name and the entry-point name
    camel: str  # WideGaussian

    @property
    def distribution(self) -> str:
        return f"pyod-synth-{self.hyphenated}"

    @property
    def module(self) -> str:
        return f"pyod_synth_{self.underscored}"

    @classmethod
    def parse(cls, name: str) -> PluginNames:
        text = re.sub(r"^pyod[-_]synth[-_]", "", name.strip().lower())
        if not _NAME.match(text):
            raise ValueError(
                f"plugin name {name!r} is not usable: use lower-case letters and digits, "
                "words separated by '-' or '_', starting with a letter (e.g. wide-gaussian)."
            )
        words = re.split(r"[-_]", text)
        return cls("-".join(words), "_".join(words), "".join(w.capitalize() for w in words))


def write_plugin(name: str, kind: str = "generator", directory: str | Path = ".") -> Path:
    """Write the plugin package ``pyod-synth-NAME`` into ``directory``; return its path.

    Parameters
    ----------
    name : str
        The plugin's name, e.g. ``"wide-gaussian"`` (a leading ``pyod-synth-`` is dropped).
        It registers ``wide_gaussian`` from the module ``pyod_synth_wide_gaussian``.
    kind : {"generator", "detector"}
    directory : path
        Where the package folder is created; it must not exist yet.

    Examples
    --------
    >>> import tempfile
    >>> from pyod_synth.new_plugin import write_plugin
    >>> root = write_plugin("wide-gaussian", directory=tempfile.mkdtemp())
    >>> sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    ['README.md', 'pyod_synth_wide_gaussian.py', 'pyproject.toml', 'tests/test_wide_gaussian.py']
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}.")
    names = PluginNames.parse(name)
    root = Path(directory) / names.distribution
    if root.exists():
        raise ValueError(f"{root} already exists; choose another name or --dir.")
    files = {
        "pyproject.toml": _PYPROJECT,
        "README.md": _README,
        f"{names.module}.py": _MODULES[kind],
        f"tests/test_{names.underscored}.py": _TESTS[kind],
    }
    values = {
        "hyphenated": names.hyphenated,
        "underscored": names.underscored,
        "camel": names.camel,
        "distribution": names.distribution,
        "module": names.module,
        "kind": kind,
        "hook": f"register_{kind}s",
        "get": f"get_{kind}",
        "cls": names.camel + kind.capitalize(),
    }
    for relative, template in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(Template(template).substitute(values))
    return root


# --------------------------------------------------------------------------- command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Write a ready plugin package pyod-synth-NAME: pyproject.toml with the entry point, "
        "a module registering a working example, a README and tests using "
        "pyod_synth.estimator_checks. Then: cd pyod-synth-NAME && pip install -e '.[test]' "
        "&& pytest."
    )
    parser.add_argument("name", metavar="NAME", help="plugin name, e.g. wide-gaussian")
    parser.add_argument("--kind", choices=KINDS, default="generator",
                        help="what the example registers (default: generator)")
    parser.add_argument("--dir", default=".", metavar="DIR",
                        help="folder to create the package in (default: the current one)")
    parser.set_defaults(func=command)


def command(args) -> int:
    root = write_plugin(args.name, args.kind, args.dir)
    print(f"wrote {root}\nnext: cd {root} && pip install -e '.[test]' && python -m pytest")
    return 0


# --------------------------------------------------------------------------- templates

_PYPROJECT = """\
[build-system]
requires = ["setuptools>=69"]
build-backend = "setuptools.build_meta"

[project]
name = "$distribution"
version = "0.1.0"
description = "pyod-synth plugin: the $underscored $kind"
readme = "README.md"
requires-python = ">=3.10"
dependencies = ["pyod-synth"]

[project.optional-dependencies]
test = ["pytest", "pandas"]

# The whole registration: pyod-synth imports this module and calls its hook.
[project.entry-points.pyod_synth]
$underscored = "$module"

[tool.setuptools]
py-modules = ["$module"]
"""

_README = """\
# $distribution

A [pyod-synth](https://github.com/pyod-synth/pyod-synth) plugin that registers the
`$underscored` $kind.

## Installation

Install it in the environment where pyod-synth is installed:

```bash
pip install -e .
pyod-synth ${kind}s   # lists $underscored
```

## Usage

```python
import pyod_synth

$kind = pyod_synth.$get("$underscored")
```

## Development

```bash
pip install -e '.[test]'
python -m pytest
```

The tests run `pyod_synth.estimator_checks.parametrize_with_checks`: one test per
conformance check, each failure naming the check and what to fix.
"""

_MODULES = {
    "generator": '''\
"""pyod-synth plugin registering the ``$underscored`` generator."""

import pyod_synth
from pyod_synth.generators import BaseGenerator


class $cls(BaseGenerator):
    """Gaussian anomalies around the training mean, ``scale`` times wider than the data.

    Parameters
    ----------
    scale : float, default=3.0
        Standard deviation of the samples, in units of each feature's training std.
    """

    requires_anomalies = False  # True if fit needs rows labeled 1

    def __init__(self, scale=3.0):
        self.scale = scale  # store parameters only; check them in fit

    def _fit(self, X, is_anomaly):  # X and y already validated by BaseGenerator.fit
        if not self.scale > 0:
            raise ValueError(f"scale must be > 0; got {self.scale!r}.")
        self.mean_, self.std_ = X.mean(axis=0), X.std(axis=0)

    def _sample(self, n_samples, rng):  # rng: a local numpy Generator, never np.random
        return rng.normal(self.mean_, self.scale * self.std_, (n_samples, self.mean_.size))


@pyod_synth.hookimpl
def register_generators(register):
    register("$underscored", $cls)
''',
    "detector": '''\
"""pyod-synth plugin registering the ``$underscored`` detector."""

from sklearn.base import BaseEstimator
from sklearn.ensemble import RandomForestClassifier
from sklearn.utils.validation import check_is_fitted

import pyod_synth
from pyod_synth.tags import add_anomaly_tags
from pyod_synth.validation import check_training_data, check_X


class $cls(BaseEstimator):
    """A label-learning detector: a random forest predicting y (1 = anomaly).

    ``decision_function`` returns the forest's probability of being an anomaly: higher =
    more anomalous. Wrap it in ``pyod_synth.Augmented`` to train it with synthetic anomalies.

    Parameters
    ----------
    n_estimators : int, default=50
        Number of trees.
    random_state : int or None, default=None
        Same value, same scores.
    """

    def __sklearn_tags__(self):
        # fit learns from y (so Augmented may train it on synthetic anomalies) and needs
        # rows labeled 1: capabilities are scikit-learn tags (pyod_synth.tags).
        tags = super().__sklearn_tags__()
        return add_anomaly_tags(tags, learns_from_labels=True, requires_anomalies=True)

    def __init__(self, n_estimators=50, random_state=None):
        self.n_estimators = n_estimators  # store parameters only; check them in fit
        self.random_state = random_state

    def fit(self, X, y):
        X, is_anomaly = check_training_data(X, y)  # clear errors for NaN, shapes, labels
        if not is_anomaly.any():
            raise ValueError(
                "$cls needs labeled anomalies (y == 1): label some, or wrap it in "
                "pyod_synth.Augmented to add synthetic ones."
            )
        self.model_ = RandomForestClassifier(
            n_estimators=self.n_estimators, random_state=self.random_state
        ).fit(X, is_anomaly)
        self.n_features_in_ = X.shape[1]
        return self

    def decision_function(self, X):
        check_is_fitted(self, "model_")
        return self.model_.predict_proba(check_X(X))[:, 1]


@pyod_synth.hookimpl
def register_detectors(register):
    register("$underscored", $cls)
''',
}

_TESTS = {
    "generator": '''\
import numpy as np
from $module import $cls

import pyod_synth
from pyod_synth.estimator_checks import parametrize_with_checks


@parametrize_with_checks([$cls(), $cls(scale=5.0)])
def test_conformance(estimator, check):
    check(estimator)


def test_registered_through_the_entry_point():
    assert type(pyod_synth.get_generator("$underscored")) is $cls


def test_samples_are_wider_than_the_data():
    X = np.random.default_rng(0).normal(size=(500, 2))
    samples = $cls(scale=3.0).fit(X).sample(2000, random_state=1)
    assert np.all(np.abs(samples.std(axis=0) / X.std(axis=0) - 3.0) < 0.3)
''',
    "detector": '''\
import numpy as np
from $module import $cls

import pyod_synth
from pyod_synth.estimator_checks import parametrize_with_checks


@parametrize_with_checks([$cls(), $cls(n_estimators=10)])
def test_conformance(estimator, check):
    check(estimator)


def test_registered_through_the_entry_point():
    assert type(pyod_synth.get_detector("$underscored")) is $cls


def test_trains_on_synthetic_anomalies_when_nothing_is_labeled():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 3))
    model = pyod_synth.Augmented("$underscored", "uniform", random_state=0).fit(X)
    far, near = model.decision_function([[4.0, 4.0, 4.0], [0.0, 0.0, 0.0]])
    assert far > near
''',
}
