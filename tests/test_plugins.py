"""The plugin registry: hooks, failure isolation, duplicates, lazy loading, meta-tests."""

import ast
import json
import re
import subprocess
import sys
import types
import warnings
from pathlib import Path

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

import pyod_synth
from pyod_synth import hookspecs, plugins
from pyod_synth.estimator_checks import estimator_checks_generator
from pyod_synth.generators.uniform import UniformGenerator
from pyod_synth.new_plugin import write_plugin
from pyod_synth.plugins import PluginLoadWarning, pm
from pyod_synth.registry import (
    DuplicateNameError,
    detector_registrations,
    generator_registrations,
)

REPO = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- one test per hook


def test_hook_register_generators(register_plugin):
    register_plugin(
        "test_generator_plugin",
        register_generators=lambda register: register("test_wide_uniform", UniformGenerator),
    )
    assert "test_wide_uniform" in pyod_synth.list_generators()
    assert generator_registrations()["test_wide_uniform"].plugin == "test_generator_plugin"
    gen = pyod_synth.get_generator("test_wide_uniform", margin=0.5)
    X = np.random.default_rng(0).normal(size=(20, 2))
    assert gen.margin == 0.5
    assert gen.fit(X).sample(7, random_state=0).shape == (7, 2)

    pm.unregister(name="test_generator_plugin")
    assert "test_wide_uniform" not in pyod_synth.list_generators()


def test_hook_register_detectors(register_plugin):
    register_plugin(
        "test_detector_plugin",
        register_detectors=lambda register: register("test_logreg", LogisticRegression),
    )
    assert "test_logreg" in pyod_synth.list_detectors()
    assert detector_registrations()["test_logreg"].plugin == "test_detector_plugin"
    detector = pyod_synth.get_detector("test_logreg", C=0.5)
    assert isinstance(detector, LogisticRegression) and detector.C == 0.5


# ---------------------------------------------------------------- failure isolation


def test_a_raising_hook_is_a_warning_naming_the_plugin_and_is_rolled_back(register_plugin):
    def register_generators(register):
        register("test_half_registered", UniformGenerator)
        raise RuntimeError("boom in plugin code")

    register_plugin("test_raising_plugin", register_generators=register_generators)
    with pytest.warns(PluginLoadWarning, match="'test_raising_plugin'.*boom in plugin code"):
        names = pyod_synth.list_generators()
    assert "test_half_registered" not in names  # all or nothing per plugin
    assert "uniform" in names
    assert pyod_synth.get_generator("uniform").fit(np.eye(3)).sample(2, random_state=0).shape == (
        2,
        3,
    )


@pytest.mark.parametrize(
    "name, factory, message",
    [
        ("test_not_callable", 42, "factory must be callable"),
        ("", UniformGenerator, "non-empty string"),
        (None, UniformGenerator, "non-empty string"),
    ],
)
def test_register_rejects_bad_names_and_factories(register_plugin, name, factory, message):
    register_plugin(
        "test_bad_registration", register_generators=lambda register: register(name, factory)
    )
    with pytest.warns(PluginLoadWarning, match=f"'test_bad_registration'.*{message}"):
        names = pyod_synth.list_generators()
    assert name not in names and "uniform" in names


def test_two_plugins_registering_one_name_raise_naming_both(register_plugin):
    for plugin_name in ("test_first_plugin", "test_second_plugin"):
        register_plugin(
            plugin_name,
            register_generators=lambda register: register("test_clash", UniformGenerator),
        )
    with pytest.warns(PluginLoadWarning, match="'test_clash'"):
        assert "test_clash" not in pyod_synth.list_generators()
    with pytest.raises(DuplicateNameError, match="'test_clash'") as info:
        pyod_synth.get_generator("test_clash")
    assert "test_first_plugin" in str(info.value) and "test_second_plugin" in str(info.value)
    assert "PYOD_SYNTH_BLOCK_PLUGINS" in str(info.value)  # says how to resolve it


# ---------------------------------------------------------------- entry points


def load_recording_plugin_warnings():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plugins.load_plugins()
    return [str(w.message) for w in caught if issubclass(w.category, PluginLoadWarning)]


@pytest.mark.parametrize(
    "ep_name, reason",
    [
        ("broken_ep", "ImportError: the plugin needs the missing package xyz"),
        ("typo_ep", "unknown hook 'register_generatorz'; pyod-synth hooks are: register_"),
    ],
)
def test_a_failing_entry_point_is_a_warning_naming_it(fake_entry_points, ep_name, reason):
    messages = load_recording_plugin_warnings()
    assert len(messages) == 2  # broken_ep and typo_ep, nothing else
    assert any(f"plugin {ep_name!r}" in m and reason in m for m in messages), messages
    assert pm.get_plugin(ep_name) is None
    assert {"test_from_entry_point", "uniform"} <= set(pyod_synth.list_generators())


def test_an_entry_point_plugin_is_named_after_its_entry_point(fake_entry_points):
    load_recording_plugin_warnings()
    assert generator_registrations()["test_from_entry_point"].plugin == "good_ep"
    row = next(r for r in plugins.list_plugins() if r["name"] == "good_ep")
    assert row == {"name": "good_ep", "version": "9.9.9", "hooks": ["register_generators"],
                   "status": "ok"}


def test_disabling_autoload_skips_entry_points_but_keeps_built_ins(fake_entry_points, monkeypatch):
    monkeypatch.setenv(plugins.DISABLE_AUTOLOAD_ENV, "1")
    plugins.load_plugins()  # no warning: the broken entry point is never imported
    assert pm.get_plugin("good_ep") is None
    names = pyod_synth.list_generators()
    assert "test_from_entry_point" not in names and "uniform" in names


# ---------------------------------------------------------------- lookup errors


@pytest.mark.parametrize(
    "lookup, listing",
    [
        (pyod_synth.get_generator, pyod_synth.list_generators),
        (pyod_synth.get_detector, pyod_synth.list_detectors),
    ],
)
@pytest.mark.parametrize("bad_name", ["no_such_name", 3])
def test_an_unknown_name_lists_the_valid_ones(lookup, listing, bad_name):
    with pytest.raises(ValueError, match=f"unknown .*{bad_name!r}") as info:
        lookup(bad_name)
    valid = listing()
    assert valid and all(name in str(info.value) for name in valid)


# ---------------------------------------------------------------- laziness


def test_plugins_load_lazily_and_once():
    code = """
import json, sys
import pyod_synth
from pyod_synth import plugins
state = {"before": [plugins._loaded, len(plugins.pm.get_plugins()),
                    sorted(m for m in sys.modules if m.startswith("pyod_synth.default_plugins"))]}
pyod_synth.list_generators()
n_plugins = len(plugins.pm.get_plugins())
plugins.load_plugins()
pyod_synth.list_detectors()
state["after"] = [plugins._loaded, n_plugins, len(plugins.pm.get_plugins())]
print(json.dumps(state))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    state = json.loads(out.stdout)
    assert state["before"] == [False, 0, []]
    loaded, n_first, n_again = state["after"]
    assert loaded and n_first >= len(plugins.DEFAULT_PLUGINS) and n_again == n_first


# ---------------------------------------------------------------- meta-tests (datasette)


def _hook_names():
    return sorted(
        name
        for name, func in vars(hookspecs).items()
        if callable(func) and hasattr(func, f"{plugins.ENTRY_POINT_GROUP}_spec")
    )


def test_the_hookspec_module_defines_the_registered_hooks():
    assert _hook_names() == ["register_detectors", "register_generators"]
    assert all(hasattr(pm.hook, name) for name in _hook_names())


def test_every_hook_has_a_test():
    test_names = [
        node.name
        for path in (REPO / "tests").glob("test_*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    ]
    untested = [h for h in _hook_names() if not any(f"test_hook_{h}" in t for t in test_names)]
    assert not untested, f"hooks without a test_hook_<name> test: {untested}"


def test_every_hook_is_documented_in_the_readme():
    section = _readme_plugins_section()
    undocumented = [h for h in _hook_names() if h not in section]
    assert not undocumented, f"hooks not documented in README.md's plugins section: {undocumented}"


def _readme_plugins_section() -> str:
    readme = (REPO / "README.md").read_text()
    section = re.search(r"<!-- section: plugins -->(.*?)(?:<!-- section:|\Z)", readme, re.S)
    assert section, "README.md has no plugins section"
    return section.group(1)


def test_the_readme_plugin_example_runs(monkeypatch, tmp_path):
    section = _readme_plugins_section()
    code = "\n".join(re.findall(r"```python\n(.*?)```", section, re.S))
    # A real module, so that check_generator's pickle check can find the class.
    module = types.ModuleType("readme_plugin_example")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    exec(compile(code, "README.md", "exec"), module.__dict__)  # runs check_generator too
    (parametrize,) = module.test_wide_gaussian.pytestmark
    params = parametrize.args[1]
    names = [check.__name__ for _, check in estimator_checks_generator(UniformGenerator())]
    assert [p.values[1].__name__ for p in params] == names * 2
    for param in params:
        module.test_wide_gaussian(*param.values)

    pm.register(module, name="readme_plugin_example")
    try:
        gen = pyod_synth.get_generator("wide_gaussian", scale=5.0)
        assert generator_registrations()["wide_gaussian"].plugin == "readme_plugin_example"
        assert gen.fit(np.eye(4)).sample(3, random_state=0).shape == (3, 4)
    finally:
        pm.unregister(name="readme_plugin_example")

    (toml,) = re.findall(r"```toml\n(.*?)```", section, re.S)
    # The README's pyproject.toml is exactly the one `pyod-synth new-plugin` writes.
    written = write_plugin("wide-gaussian", "generator", tmp_path) / "pyproject.toml"
    assert toml == written.read_text()
