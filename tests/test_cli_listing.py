"""``pyod-synth generators``, ``detectors`` and ``plugins``: what they list and how."""

import json
import re

import pytest

import pyod_synth
from pyod_synth.cli import main
from pyod_synth.registry import detector_registrations, generator_registrations
from pyod_synth.tags import get_anomaly_tags

GENERATORS_PLUGIN = "pyod_synth.default_plugins.generators"
DETECTORS_PLUGIN = "pyod_synth.default_plugins.detectors"


def run(capsys, *argv):
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def built_in(kind):
    plugin = {"generator": GENERATORS_PLUGIN, "detector": DETECTORS_PLUGIN}[kind]
    registrations = {"generator": generator_registrations, "detector": detector_registrations}
    return sorted(n for n, reg in registrations[kind]().items() if reg.plugin == plugin)


def table(out):
    """Header and rows of a printed table, cells split on runs of 2+ spaces."""
    lines = [re.split(r"\s{2,}", line.strip()) for line in out.strip().splitlines()]
    return lines[0], {cells[0]: cells for cells in lines[1:]}


def test_generators_table_shows_name_plugin_labels_and_params(capsys):
    header, rows = table(run(capsys, "generators"))
    assert header == ["name", "plugin", "needs labels", "params"]
    assert rows["uniform"] == [
        "uniform",
        GENERATORS_PLUGIN,
        "no",
        "margin=0.0",
    ]
    for name in built_in("generator"):
        needs = pyod_synth.get_generator(name).requires_anomalies
        assert rows[name][1:3] == [GENERATORS_PLUGIN, "yes" if needs else "no"], name
    assert sorted(rows) == pyod_synth.list_generators()


def test_generators_json_matches_the_registry(capsys):
    rows = {row["name"]: row for row in json.loads(run(capsys, "generators", "--json"))}
    assert sorted(rows) == pyod_synth.list_generators()
    assert rows["uniform"] == {
        "name": "uniform",
        "plugin": GENERATORS_PLUGIN,
        "requires_anomalies": False,
        "params": {"margin": 0.0},
    }
    for name in built_in("generator"):
        gen = pyod_synth.get_generator(name)
        assert rows[name]["plugin"] == GENERATORS_PLUGIN
        assert rows[name]["requires_anomalies"] is gen.requires_anomalies
        assert rows[name]["params"].keys() == gen.get_params(deep=False).keys()


def test_detectors_are_listed_in_table_and_json(capsys):
    header, rows = table(run(capsys, "detectors"))
    assert header == ["name", "plugin", "learns labels", "needs labels", "params"]
    assert sorted(rows) == pyod_synth.list_detectors(learns_from_labels=None)
    assert rows["random_forest"][1:4] == [DETECTORS_PLUGIN, "yes", "yes"]
    assert rows["iforest"][1:4] == [DETECTORS_PLUGIN, "no", "no"]

    listed = {row["name"]: row for row in json.loads(run(capsys, "detectors", "--json"))}
    assert sorted(listed) == pyod_synth.list_detectors(learns_from_labels=None)
    assert listed["random_forest"]["plugin"] == DETECTORS_PLUGIN
    assert listed["random_forest"]["params"]["n_estimators"] == 100
    # classifiers cannot fit one class; DeepSAD trains on unlabeled rows alone
    assert listed["random_forest"]["requires_anomalies"] is True
    assert listed["deepsad"]["requires_anomalies"] is False
    for name in built_in("detector"):
        tags = get_anomaly_tags(pyod_synth.get_detector(name))
        assert listed[name]["learns_from_labels"] is tags.learns_from_labels, name
        assert listed[name]["requires_anomalies"] is tags.requires_anomalies, name
    unsupervised = [n for n, row in listed.items() if not row["learns_from_labels"]]
    assert sorted(unsupervised) == pyod_synth.list_detectors(learns_from_labels=False)


def test_plugins_json_gives_name_version_and_hooks(capsys):
    rows = {row["name"]: row for row in json.loads(run(capsys, "plugins"))}
    assert rows[GENERATORS_PLUGIN] == {
        "name": GENERATORS_PLUGIN,
        "version": pyod_synth.__version__,
        "hooks": ["register_generators"],
        "status": "ok",
    }
    assert rows[DETECTORS_PLUGIN]["hooks"] == ["register_detectors"]
    assert all(set(row) == {"name", "version", "hooks", "status"} for row in rows.values())


@pytest.fixture
def plugin_needing_an_extra(register_plugin):
    def needs_extra(**params):
        raise ImportError('this generator needs pip install "pyod-synth[imaginary]"')

    register_plugin("test_extra_plugin", generators=[("test_needs_extra", needs_extra)])


def test_a_factory_that_cannot_be_built_is_listed_with_the_reason(capsys, plugin_needing_an_extra):
    rows = {row["name"]: row for row in json.loads(run(capsys, "generators", "--json"))}
    assert rows["test_needs_extra"]["params"] is None
    assert "pyod-synth[imaginary]" in rows["test_needs_extra"]["error"]
    _, table_rows = table(run(capsys, "generators"))
    assert "unavailable: ImportError" in table_rows["test_needs_extra"][-1]
    assert "uniform" in table_rows


@pytest.mark.parametrize(
    "argv, message",
    [
        (["no_such_command"], "invalid choice: 'no_such_command' (choose from 'generators'"),
        ([], "the following arguments are required: COMMAND"),
    ],
    ids=["unknown", "missing"],
)
def test_a_bad_command_exits_non_zero_with_usage(capsys, argv, message):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: pyod-synth")
    assert message in err


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"pyod-synth {pyod_synth.__version__}"
