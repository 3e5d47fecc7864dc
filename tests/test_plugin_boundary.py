"""The registry's boundary (issue 12): a plugin's factory product and a duck-typed plugin
generator's outputs are checked, with the plugin named."""

from __future__ import annotations

import json
import re
import sys
import types

import numpy as np
import pytest
from sklearn.base import BaseEstimator

import pyod_synth
from pyod_synth.cli import main
from pyod_synth.plugins import PluginLoadWarning, pm
from pyod_synth.registry import DuplicateNameError

X = np.random.default_rng(0).normal(size=(40, 3))
Y = np.r_[np.zeros(36, int), np.ones(4, int)]


class DuckGenerator:
    """A plugin generator without a base class; ``output`` says what ``sample`` returns."""

    def __init__(self, output="rows", auto=5):
        self.output = output
        self.auto = auto

    def fit(self, X, y=None):
        self.d_ = np.shape(X)[1]
        return self

    def sample(self, n_samples, random_state=None):
        rows = np.ones((n_samples, self.d_))
        return {"rows": rows, "nan": rows * np.nan, "strings": [["a"] * self.d_] * n_samples,
                "short": rows[:1]}[self.output]

    def auto_n_samples(self):
        return self.auto


def test_a_factory_returning_none_is_refused_with_the_plugin_named(register_plugin):
    register_plugin("none_factory_plugin", generators=[("nothing", lambda **kw: None)],
                    detectors=[("no_detector", lambda **kw: None)])
    with pytest.raises(TypeError, match="generator 'nothing' \\(plugin 'none_factory_plugin'\\)"
                                        " returned None, not a generator"):
        pyod_synth.get_generator("nothing")
    with pytest.raises(TypeError, match="'no_detector'.*returned None, not a detector"):
        pyod_synth.get_detector("no_detector")
    with pytest.raises(TypeError, match="returned None"):
        pyod_synth.Augmented("random_forest", generator="nothing").fit(X, Y)


@pytest.mark.parametrize("output, message", [
    ("nan", "non-finite"), ("strings", "not numbers"), ("short", "shape"),
])
def test_a_duck_typed_generators_bad_rows_are_refused_on_direct_calls(
    register_plugin, output, message
):
    duck = ("duck", lambda **kw: DuckGenerator(output=output))
    register_plugin("duck_plugin", generators=[duck])
    gen = pyod_synth.get_generator("duck").fit(X, Y)
    with pytest.raises(RuntimeError, match=f"'duck' \\(plugin 'duck_plugin'.*{message}"):
        gen.sample(3, random_state=0)


@pytest.mark.parametrize("auto", [-5, 2.5, "7"])
def test_a_duck_typed_generators_bad_auto_count_is_refused(register_plugin, auto):
    register_plugin("duck_plugin", generators=[("duck", lambda **kw: DuckGenerator(auto=auto))])
    with pytest.raises(RuntimeError, match="duck_plugin.*auto_n_samples\\(\\) returned"):
        pyod_synth.Augmented("random_forest", generator="duck", random_state=0).fit(X, Y)


def test_a_good_duck_typed_generator_works_and_keeps_its_parameters(register_plugin):
    register_plugin("duck_plugin", generators=[("duck", lambda **kw: DuckGenerator(**kw))])
    gen = pyod_synth.get_generator("duck", auto=6)
    assert gen.auto == 6 and gen.fit(X, Y).sample(2).shape == (2, 3)
    model = pyod_synth.Augmented("random_forest", generator="duck", random_state=0).fit(X, Y)
    assert model.n_synthetic_ == 5  # the registered default, auto=5


# Values a detector cannot represent ----------------------------------------------------

XY_RNG = np.random.default_rng(1)
X_BIG = np.r_[XY_RNG.normal(size=(60, 3)), XY_RNG.normal(3, 1, (10, 3))]
Y_BIG = np.r_[np.zeros(60, int), np.ones(10, int)]


@pytest.mark.parametrize("detector, scale", [
    ("lau", 1e39), ("deepsad", 1e39), ("devnet", 1e39), ("random_forest", 1e39),
    ("catboost", 1e300), ("lunar", 1e39),
])
def test_values_beyond_float32_are_refused_before_fitting(detector, scale):
    pytest.importorskip("torch" if detector != "random_forest" and detector != "catboost"
                        else "sklearn")
    if detector == "catboost":
        pytest.importorskip("catboost")
    model = pyod_synth.Augmented(detector, n_synthetic=20, random_state=0)
    with pytest.raises(ValueError, match="beyond float32's range .*Rescale .*MinMaxScaler"):
        model.fit(X_BIG * scale, Y_BIG)


def test_torch_detectors_refuse_float32_overflow_directly():
    pytest.importorskip("torch")
    with pytest.raises(ValueError, match="beyond float32's range"):
        pyod_synth.get_detector("deepsad").fit(X_BIG * 1e39, Y_BIG)


def test_all_anomalies_advice_does_not_repeat_what_the_user_did():
    with pytest.raises(ValueError, match="one class only") as info:
        pyod_synth.Augmented("random_forest", n_synthetic="auto").fit(X, np.ones(len(X), int))
    assert "Use n_synthetic > 0" not in str(info.value) and "0 for the normal" in str(info.value)


# Listing foreign objects: `pyod-synth generators` / `detectors` never crash -------------


class NoTags:
    """A duck-typed generator with no ``__sklearn_tags__`` and no ``get_params``."""

    def fit(self, X, y=None):
        return self

    def sample(self, n_samples, random_state=None):
        return np.zeros((n_samples, 2))


class NoTagsDetector:
    def fit(self, X, y):
        return self

    def decision_function(self, X):
        return np.zeros(len(X))


class TagsRaise(NoTags):
    def __sklearn_tags__(self):
        raise RuntimeError("tags are broken")


class TagsNone(NoTags):
    def __sklearn_tags__(self):
        return None


class ParamsRaise(NoTags):
    def get_params(self, deep=True):
        raise RuntimeError("params are broken")


class ParamsNotADict(NoTags):
    def get_params(self, deep=True):
        return [1, 2]


class StoresUnderAnotherName(BaseEstimator, NoTags):
    """A common plugin bug: ``get_params`` fails because ``k`` is stored as ``_k``."""

    def __init__(self, k=1):
        self._k = k


def listed(capsys, command):
    """The rows of ``pyod-synth COMMAND --json`` and the table's row cells, by name."""
    assert main([command, "--json"]) == 0
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert main([command]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    table = {cells[0]: cells for cells in (re.split(r"\s{2,}", ln.strip()) for ln in lines[1:])}
    return rows, table


def test_a_generator_without_tags_is_listed_with_the_documented_fallback(
    capsys, register_plugin
):
    register_plugin("foreign_plugin", generators=[("no_tags", NoTags)],
                    detectors=[("no_tags_detector", NoTagsDetector)])
    rows, table = listed(capsys, "generators")
    assert rows["no_tags"]["requires_anomalies"] is False  # guessed: fit(X, y=None)
    assert table["no_tags"][1:3] == ["foreign_plugin", "no"]
    rows, table = listed(capsys, "detectors")
    assert rows["no_tags_detector"]["requires_anomalies"] is True  # guessed: fit requires y
    assert "random_forest" in rows


@pytest.mark.parametrize("factory, what, reason", [
    (TagsRaise, "needs labels", "RuntimeError: tags are broken"),
    (TagsNone, "needs labels", "__sklearn_tags__() returned None"),
    (ParamsRaise, "params", "RuntimeError: params are broken"),
    (ParamsNotADict, "params", "get_params() returned [1, 2]"),
    (StoresUnderAnotherName, "params", "AttributeError"),
    (lambda **kw: None, "needs labels", "returned None, not a generator"),
])
def test_a_generator_whose_tags_or_params_cannot_be_read_is_listed_as_unknown(
    capsys, register_plugin, factory, what, reason
):
    register_plugin("foreign_plugin", generators=[("odd", factory)])
    rows, table = listed(capsys, "generators")
    assert reason in rows["odd"]["error"]
    column = {"needs labels": "requires_anomalies", "params": "params"}[what]
    assert rows["odd"][column] is None
    header = ["name", "plugin", "needs labels", "params"]
    assert "unknown" in table["odd"][header.index(what)]
    assert rows["uniform"]["params"] == {"margin": 0.0} and "error" not in rows["uniform"]


# `pyod-synth plugins` says which plugins failed ------------------------------------------


def plugins_listed(capsys):
    assert main(["plugins"]) == 0
    return {row["name"]: row for row in json.loads(capsys.readouterr().out)}


def test_a_plugin_whose_hook_raised_is_listed_as_failed_with_the_error(capsys, register_plugin):
    def register_generators(register):
        raise RuntimeError("boom\nin plugin code")

    register_plugin("raising_plugin", register_generators=register_generators)
    register_plugin("fine_plugin", generators=[("fine", NoTags)])
    with pytest.warns(PluginLoadWarning):
        rows = plugins_listed(capsys)
    assert rows["raising_plugin"]["status"] == "failed"
    assert rows["raising_plugin"]["error"] == (
        "register_generators raised RuntimeError: boom in plugin code")
    assert rows["fine_plugin"]["status"] == "ok" and "error" not in rows["fine_plugin"]
    assert rows["pyod_synth.default_plugins.generators"]["status"] == "ok"
    assert "fine" in pyod_synth.list_generators()


def test_an_entry_point_that_failed_to_load_is_listed_as_failed(capsys, fake_entry_points):
    with pytest.warns(PluginLoadWarning):
        rows = plugins_listed(capsys)
    assert rows["broken_ep"] == {
        "name": "broken_ep", "version": "9.9.9", "hooks": [], "status": "failed",
        "error": "load failed: ImportError: the plugin needs the missing package xyz"}
    assert rows["typo_ep"]["status"] == "failed" and "register_generatorz" in rows[
        "typo_ep"]["error"]
    assert rows["good_ep"]["status"] == "ok"


# A plugin re-registering a built-in name breaks that name only ----------------------------


def test_a_plugin_reregistering_uniform_breaks_only_that_name(capsys, register_plugin):
    register_plugin("clashing_plugin", generators=[("uniform", NoTags), ("extra", NoTags)])
    with pytest.warns(PluginLoadWarning, match="'uniform' is registered by 2 plugins"):
        names = pyod_synth.list_generators()
    assert "uniform" not in names and {"nngmix", "extra", "mixup"} <= set(names)
    assert pyod_synth.get_generator("nngmix").n_neighbors == 10
    assert "random_forest" in pyod_synth.list_detectors()
    with pytest.raises(DuplicateNameError) as info:
        pyod_synth.get_generator("uniform")
    message = str(info.value)
    assert "pyod_synth.default_plugins.generators" in message and "clashing_plugin" in message
    assert "PYOD_SYNTH_BLOCK_PLUGINS=clashing_plugin" in message
    rows, table = listed(capsys, "generators")
    assert set(rows["uniform"]["plugin"].split(", ")) == {
        "clashing_plugin", "pyod_synth.default_plugins.generators"}
    assert "DuplicateNameError" in rows["uniform"]["error"] and "nngmix" in table


def test_the_bench_names_the_clash_before_running(register_plugin):
    from pyod_synth.bench.names import validate_names

    register_plugin("clashing_plugin", generators=[("uniform", NoTags)])
    grid = types.SimpleNamespace(detectors=["random_forest"], generators=["uniform"],
                                 detector_params={}, generator_params={}, protocols=[],
                                 datasets=[])
    with pytest.warns(PluginLoadWarning), pytest.raises(ValueError, match="2 plugins.*BLOCK"):
        validate_names(grid)


def test_blocking_the_clashing_plugin_as_advised_restores_the_name(install_entry_points,
                                                                   monkeypatch):
    install_entry_points({"clash_ep": "import pyod_synth\n\n@pyod_synth.hookimpl\n"
                                      "def register_generators(register):\n"
                                      "    register('uniform', dict)\n"})
    monkeypatch.setenv("PYOD_SYNTH_BLOCK_PLUGINS", "clash_ep")
    try:
        assert pyod_synth.get_generator("uniform", margin=0.2).margin == 0.2
    finally:
        pm.unblock("clash_ep")


# A foreign generator given as an object is checked as a registered one is -----------------


@pytest.mark.parametrize("duck, message", [
    (DuckGenerator(output="rows", auto=-5), "DuckGenerator.*auto_n_samples\\(\\) returned -5"),
    (DuckGenerator(output="nan"), "DuckGenerator.*non-finite"),
    (DuckGenerator(output="strings"), "DuckGenerator.*not numbers"),
])
@pytest.mark.parametrize("where", ["Augmented", "mixture"])
def test_a_duck_typed_generator_object_is_checked_wherever_it_is_called(duck, message, where):
    if where == "Augmented":
        model = pyod_synth.Augmented("random_forest", generator=duck, random_state=0)
    else:
        model = pyod_synth.Augmented("random_forest", random_state=0, generator=pyod_synth
                                     .get_generator("mixture", components=[duck, "uniform"],
                                                    weights="counts"))
    with pytest.raises(RuntimeError, match=message):
        model.fit(X, Y)


# Environment switches take documented values only ----------------------------------------


@pytest.mark.parametrize("value", ["maybe", "2", "disable"])
def test_an_unrecognised_autoload_value_is_a_clear_error(install_entry_points, monkeypatch,
                                                         value):
    install_entry_points({})
    monkeypatch.setenv("PYOD_SYNTH_DISABLE_PLUGIN_AUTOLOAD", value)
    with pytest.raises(ValueError, match=f"PYOD_SYNTH_DISABLE_PLUGIN_AUTOLOAD={value!r}.*"
                                         "1, true, yes, on.*0, false, no, off"):
        pyod_synth.list_generators()


# Hostile plugins (issue 12: "look for the same kind of fault elsewhere") ----------------


def raising_factory(**params):
    raise RuntimeError("the factory broke")


@pytest.mark.skipif(sys.version_info < (3, 11), reason="exception notes are Python 3.11+")
def test_a_factory_that_raises_is_named_with_its_plugin(register_plugin, capsys):
    register_plugin("raising_factory_plugin", detectors=[("broken_detector", raising_factory)])
    with pytest.raises(RuntimeError, match="the factory broke") as info:
        pyod_synth.get_detector("broken_detector")
    assert info.value.__notes__ == [
        "while building detector 'broken_detector' of plugin 'raising_factory_plugin'"]
    with pytest.raises(TypeError) as info:  # a bad parameter keeps its type
        pyod_synth.get_detector("random_forest", n_estimatorz=3)
    assert "detector 'random_forest' of plugin" in info.value.__notes__[0]


def exiting_hook(register):
    sys.exit(2)  # e.g. a module that parses the command line


def test_a_plugin_exiting_in_its_hook_is_skipped_not_the_program(register_plugin):
    register_plugin("exiting_plugin", register_generators=exiting_hook)
    with pytest.warns(PluginLoadWarning, match="'exiting_plugin'.*SystemExit: 2"):
        assert "uniform" in pyod_synth.list_generators()


def test_a_plugin_exiting_at_import_is_skipped_not_the_program(install_entry_points):
    install_entry_points({"exiting_ep": "import sys\nsys.exit(2)\n"})
    with pytest.warns(PluginLoadWarning, match="'exiting_ep'.*failed to load.*SystemExit: 2"):
        assert "uniform" in pyod_synth.list_generators()


def test_two_distributions_with_one_plugin_name_load_neither(install_entry_points, capsys):
    source = ("import pyod_synth\n\n@pyod_synth.hookimpl\ndef register_generators(register):\n"
              "    register({!r}, dict)\n")
    install_entry_points({"same_name": source.format("from_a")}, distribution="dist-a")
    install_entry_points({"same_name": source.format("from_b")}, distribution="dist-b")
    with pytest.warns(PluginLoadWarning, match="'same_name' is provided by 2 distributions: "
                                               "dist-a, dist-b.*uninstall all but one"):
        names = pyod_synth.list_generators()
    assert "from_a" not in names and "from_b" not in names and "uniform" in names
    rows = plugins_listed(capsys)
    assert rows["same_name"]["status"] == "failed"


@pytest.mark.parametrize("hook, message", [
    (lambda register: register("odd", NoTags, learns_from_labels="no"),
     "learns_from_labels must be True or False, got 'no'"),
    (lambda register: register("odd", NoTags, learns_labels=True),
     "register\\(\\) got unknown option\\(s\\) \\['learns_labels'\\]; it takes register\\(name, "
     "factory, \\*, learns_from_labels=...\\)"),
    (lambda register: [register("odd", NoTags), register("odd", NoTags)],
     "'odd' registered twice by the same plugin"),
    (lambda register: register("odd detector", NoTags),
     "detector name 'odd detector' is not usable: .*letters, digits and _ . \\+ - only.*"
     "e.g. 'odd_detector'"),
    (lambda register: register("odd|v2", NoTags), "'odd\\|v2' is not usable.*'odd_v2'"),
    (lambda register: register("_odd", NoTags), "'_odd' is not usable.*'odd'"),
])
def test_a_bad_registration_skips_the_plugin_with_a_clear_warning(register_plugin, hook, message):
    register_plugin("odd_plugin", register_detectors=hook)
    with pytest.warns(PluginLoadWarning, match=f"'odd_plugin'.*{message}"):
        names = pyod_synth.list_detectors(learns_from_labels=None)
    assert "odd" not in names and "random_forest" in names


def test_register_called_after_the_hook_returned_is_an_error(register_plugin):
    kept = []
    register_plugin("keeping_plugin", register_generators=lambda register: kept.append(register))
    pyod_synth.list_generators()
    with pytest.raises(RuntimeError, match="register\\(\\) was called after the "
                                           "register_generators hook of 'keeping_plugin'"):
        kept[0]("late", NoTags)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="exception notes are Python 3.11+")
def test_the_cli_error_names_the_plugin_whose_factory_raised(register_plugin, tmp_path, capsys):
    def needs_option(**params):
        raise ValueError("set the option 'width'")

    register_plugin("picky_plugin", generators=[("picky", needs_option)])
    data = tmp_path / "data.csv"
    data.write_text("a,b\n" + "\n".join(f"{i},{i % 3}" for i in range(10)) + "\n")
    assert main(["sample", "picky", str(data), "-n", "2", "--out", str(tmp_path / "o.csv")]) == 2
    assert capsys.readouterr().err.strip() == (
        "pyod-synth: error: set the option 'width' (while building generator 'picky' of "
        "plugin 'picky_plugin')")


class ScoringDetector(BaseEstimator):
    """A plugin detector whose ``decision_function`` returns ``output``."""

    def __init__(self, output="nan"):
        self.output = output

    def fit(self, X, y):
        return self

    def decision_function(self, X):
        n = len(X)
        return {"nan": np.r_[np.zeros(n - 1), np.nan], "strings": ["a"] * n}[self.output]


@pytest.mark.parametrize("output, message", [
    ("nan", "ScoringDetector returned NaN scores for 1 of 40 rows"),
    ("strings", "ScoringDetector returned scores that are not numbers"),
])
def test_a_plugin_detectors_bad_scores_are_refused_naming_it(output, message):
    model = pyod_synth.Augmented(ScoringDetector(output), n_synthetic=5, random_state=0)
    with pytest.raises(RuntimeError, match=message):
        model.fit(X, Y).decision_function(X)


def test_a_blend_member_from_a_plugin_is_checked_like_get_detector(register_plugin):
    register_plugin("none_member_plugin", register_detectors=lambda register: register(
        "none_member", lambda **kw: None, learns_from_labels=False))
    with pytest.raises(TypeError, match="'none_member' \\(plugin 'none_member_plugin'\\) "
                                        "returned None, not a detector"):
        pyod_synth.ScoreBlend(members=["none_member", "iforest"]).fit(X, Y)


def test_one_distribution_found_twice_is_not_a_clash(install_entry_points, recwarn):
    # As in a venv that sees the same distribution on two sys.path entries.
    source = ("import pyod_synth\n\n@pyod_synth.hookimpl\ndef register_generators(register):\n"
              "    register('from_twice_found', dict)\n")
    install_entry_points({"twice_found": source}, distribution="dist-a")
    install_entry_points({"twice_found": source}, distribution="Dist_A")
    assert "from_twice_found" in pyod_synth.list_generators()
    assert not [w for w in recwarn if issubclass(w.category, PluginLoadWarning)]
