"""``import pyod_synth`` stays cheap: no heavy optional dependency, no plugin.

Each check runs in a fresh interpreter, since this test process has imported everything.
"""

import json
import subprocess
import sys

HEAVY = ("torch", "xgboost", "lightgbm", "catboost", "pandas", "matplotlib")
# Anything built on scikit-learn (BaseGenerator, the registry) gets pandas: scikit-learn
# imports it whenever it is installed.
HEAVY_BEYOND_SKLEARN = tuple(m for m in HEAVY if m != "pandas")

PROBE = """
import json, sys
{statement}
plugins = sys.modules.get("pyod_synth.plugins")
print(json.dumps({{
    "modules": sorted(m.split(".")[0] for m in sys.modules),
    "pyod_synth_modules": sorted(m for m in sys.modules if m.startswith("pyod_synth")),
    "plugins_loaded": bool(plugins and plugins._loaded),
    "registered": [name for name, _ in plugins.pm.list_name_plugin()] if plugins else [],
}}))
"""


def probe(statement):
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(statement=statement)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(out.stdout)


def test_import_pyod_synth_loads_no_heavy_dependency_and_no_plugin():
    state = probe("import pyod_synth")
    assert set(HEAVY) & set(state["modules"]) == set()
    assert "pyod_synth_marginals" not in state["modules"]  # a third-party plugin
    assert not [
        m for m in state["pyod_synth_modules"] if m.startswith("pyod_synth.default_plugins")
    ]
    assert not state["plugins_loaded"] and state["registered"] == []


def test_public_names_resolve_without_loading_plugins():
    state = probe("import pyod_synth\nfrom pyod_synth import hookimpl, BaseGenerator")
    assert set(HEAVY_BEYOND_SKLEARN) & set(state["modules"]) == set()
    assert not state["plugins_loaded"]


def test_loading_the_registry_imports_no_optional_extra():
    # Registration must defer heavy imports to the moment a generator or detector is built.
    state = probe("import pyod_synth\npyod_synth.list_generators()\npyod_synth.list_detectors()")
    assert state["plugins_loaded"]
    assert set(HEAVY_BEYOND_SKLEARN) & set(state["modules"]) == set()
