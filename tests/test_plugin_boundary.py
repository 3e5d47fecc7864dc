"""The registry's boundary (issue 12): a plugin's factory product and a duck-typed plugin
generator's outputs are checked, with the plugin named."""

from __future__ import annotations

import numpy as np
import pytest

import pyod_synth

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
