"""The separately installed pyod-synth-marginals package, found only through its entry point."""

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

import pyod_synth
from pyod_synth import plugins
from pyod_synth.cli import main
from pyod_synth.estimator_checks import check_generator
from pyod_synth.registry import generator_registrations

DIST = "pyod-synth-marginals"
REPO = Path(__file__).resolve().parents[1]

try:
    VERSION = importlib.metadata.version(DIST)
except importlib.metadata.PackageNotFoundError:
    pytest.skip(
        f"{DIST} is not installed: pip install -e plugins/pyod-synth-marginals",
        allow_module_level=True,
    )


def _entry_point():
    eps = [
        ep for ep in importlib.metadata.entry_points(group="pyod_synth") if ep.name == "marginals"
    ]
    assert len(eps) == 1
    return eps[0]


def test_the_plugin_is_declared_as_an_entry_point_of_its_own_distribution():
    ep = _entry_point()
    assert ep.value == "pyod_synth_marginals"
    assert ep.dist is not None and ep.dist.metadata["Name"] == DIST


def test_pyod_synth_itself_never_names_the_plugin():
    assert not any(name.startswith("pyod_synth_marginals") for name in plugins.DEFAULT_PLUGINS)
    mentions = [
        path.relative_to(REPO)
        for path in (REPO / "pyod_synth").rglob("*.py")
        if "pyod_synth_marginals" in path.read_text()
    ]
    assert not mentions, f"pyod_synth must find the plugin only through its entry point: {mentions}"


def test_the_registry_records_the_entry_point_name_as_its_plugin():
    registration = generator_registrations()["marginals"]
    assert registration.plugin == "marginals"
    assert pyod_synth.get_generator("marginals").__class__.__module__.startswith(
        "pyod_synth_marginals"
    )
    assert plugins.pm.get_plugin("marginals") is _entry_point().load()


def test_the_plugin_passes_check_generator():
    check_generator(pyod_synth.get_generator("marginals"))
    check_generator(pyod_synth.get_generator("marginals", replace=True))


@pytest.mark.parametrize("replace", [False, True])
def test_marginals_are_kept_and_dependence_is_broken(replace):
    rng = np.random.default_rng(0)
    X = rng.multivariate_normal([0.0, 5.0], [[1.0, 0.9], [0.9, 1.0]], size=400)
    S = pyod_synth.get_generator("marginals", replace=replace).fit(X).sample(2000, random_state=1)
    for j in range(2):
        assert stats.ks_2samp(S[:, j], X[:, j]).pvalue > 0.01
        assert np.isin(S[:, j], X[:, j]).all()  # only observed values
    assert abs(stats.pearsonr(S[:, 0], S[:, 1]).statistic) < 0.08  # was 0.9


def test_permutation_mode_uses_every_training_value_once_per_pass():
    X = np.random.default_rng(0).normal(size=(50, 3))
    S = pyod_synth.get_generator("marginals").fit(X).sample(100, random_state=2)
    for j in range(3):
        for half in (S[:50, j], S[50:, j]):
            np.testing.assert_array_equal(np.sort(half), np.sort(X[:, j]))


def test_cli_lists_the_plugin_in_process(capsys):
    assert main(["generators", "--json"]) == 0
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["marginals"]["plugin"] == "marginals"
    assert rows["marginals"]["requires_anomalies"] is False
    assert rows["marginals"]["params"] == {"replace": False}

    assert main(["plugins"]) == 0
    listed = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert listed["marginals"] == {
        "name": "marginals",
        "version": VERSION,
        "hooks": ["register_generators"],
        "status": "ok",
    }


def _console_script() -> str:
    script = Path(sys.executable).with_name("pyod-synth")
    found = str(script) if script.exists() else shutil.which("pyod-synth")
    if found is None:
        pytest.skip("the pyod-synth console script is not installed (pip install -e .)")
    return found


def _generators_via_console_script(**env) -> dict:
    out = subprocess.run(
        [_console_script(), "generators", "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        env={**os.environ, **env},
    )
    return {row["name"]: row for row in json.loads(out.stdout)}


def test_console_script_lists_the_plugin():
    rows = _generators_via_console_script()
    assert rows["marginals"]["plugin"] == "marginals"
    assert rows["uniform"]["plugin"] == "pyod_synth.default_plugins.generators"


@pytest.mark.parametrize(
    "env",
    [
        {plugins.DISABLE_AUTOLOAD_ENV: "1"},
        {plugins.BLOCK_ENV: "marginals"},
        {plugins.BLOCK_ENV: " some_other_plugin , marginals "},
    ],
    ids=["autoload-disabled", "blocked", "blocked-in-a-list"],
)
def test_the_environment_can_switch_the_plugin_off(env):
    rows = _generators_via_console_script(**env)
    assert "marginals" not in rows
    assert rows["uniform"]["plugin"] == "pyod_synth.default_plugins.generators"
