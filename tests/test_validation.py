import fractions

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from pyod_synth.generators.uniform import UniformGenerator
from pyod_synth.validation import as_generator, check_labels, check_n_samples, check_X

X_OK = np.arange(12, dtype=float).reshape(6, 2)


@pytest.mark.parametrize(
    "X, message",
    [
        (np.array([[1.0, np.nan], [2.0, 3.0]]), "NaN"),
        (np.array([[1.0, np.inf], [2.0, 3.0]]), "infinity"),
        (np.array([1.0, 2.0, 3.0]), "2D array"),
        (np.zeros((0, 3)), "0 sample"),
        (None, "None"),
    ],
)
def test_bad_X_says_what_is_wrong_and_what_to_do(X, message):
    with pytest.raises(ValueError, match=message) as info:
        check_X(X)
    assert "impute" in str(info.value) or "2-D array" in str(info.value)


def test_complex_X_is_refused_in_one_line_without_the_array():
    X = np.full((50, 2), 1 + 1j)
    with pytest.raises(ValueError, match="complex numbers") as info:
        check_X(X)
    assert "\n" not in str(info.value) and "1.+1.j" not in str(info.value)
    assert "X.real" in str(info.value)


@pytest.mark.parametrize("operation", ["read", "write"])
def test_a_folder_given_as_table_file_says_to_name_a_file_in_it(tmp_path, operation):
    from pyod_synth.table_io import read_table, write_table

    with pytest.raises(ValueError, match="is a folder; give a file name in it") as info:
        if operation == "read":
            read_table(tmp_path)
        else:
            write_table(X_OK, tmp_path)
    assert "unsupported file type" not in str(info.value)


@pytest.mark.parametrize(
    "y, message",
    [
        (np.array([0, 1, 2, 0, 0, 0]), r"only contain 0 .* found \[2\]"),
        (np.array([0, 1]), "y has 2 labels but X has 6 rows"),
        (np.zeros((6, 2)), "1-D"),
        (np.array(["a"] * 6), "numeric"),
        (np.array([0, 1, np.nan, 0, 0, 0]), "found"),
    ],
)
def test_bad_y_is_refused(y, message):
    with pytest.raises(ValueError, match=message):
        check_labels(y, 6)


def test_y_forms_accepted():
    assert check_labels(None, 3).tolist() == [False, False, False]
    assert check_labels([True, False, True], 3).tolist() == [True, False, True]
    assert check_labels(np.array([[1.0], [0.0], [1.0]]), 3).tolist() == [True, False, True]


@pytest.mark.parametrize("n", [-1, 2.5, "3", True, None])
def test_bad_n_samples(n):
    with pytest.raises(ValueError, match="n_samples"):
        check_n_samples(n)


def test_as_generator_never_uses_the_global_rng():
    state = np.random.get_state()
    a = as_generator(7).random(3)
    b = as_generator(np.random.RandomState(7)).random(3)
    c = as_generator(None).random(3)
    assert np.array_equal(a, as_generator(7).random(3))
    assert not np.array_equal(a, c)
    assert b.shape == (3,)
    after = np.random.get_state()
    assert np.array_equal(state[1], after[1]) and state[2:] == after[2:]
    with pytest.raises(ValueError, match="random_state"):
        as_generator("seed")


def test_sampling_before_fit_raises_not_fitted():
    with pytest.raises(NotFittedError):
        UniformGenerator().sample(3)


def test_fit_does_not_mutate_inputs():
    X = X_OK.copy()
    y = np.array([0, 1, 0, 0, 0, 0])
    UniformGenerator().fit(X, y).sample(10, random_state=0)
    assert np.array_equal(X, X_OK) and y.tolist() == [0, 1, 0, 0, 0, 0]


@pytest.mark.parametrize("value", [-0.1, np.nan, np.inf, True, "0.1", None])
def test_non_negative_real_parameters_refuse_nan_inf_bool_and_negatives(value):
    from pyod_synth.validation import check_non_negative_real

    with pytest.raises(ValueError, match=r"weight_decay must be a finite number >= 0"):
        check_non_negative_real(value, "weight_decay")


def test_detector_weight_decay_nan_is_refused_not_trained_on():
    pytest.importorskip("torch")
    from pyod_synth.detectors.lau import LauClassifier

    X = np.random.default_rng(0).normal(size=(40, 3))
    y = np.r_[np.ones(5), np.zeros(35)]
    with pytest.raises(ValueError, match="weight_decay must be a finite number >= 0"):
        LauClassifier(weight_decay=np.nan, epochs=1).fit(X, y)


@pytest.mark.parametrize("value", [-0.1, 1.5, np.nan, np.inf, True, "0.1", None])
def test_fraction_checks_refuse_non_numbers_and_values_outside_the_interval(value):
    from pyod_synth.validation import check_fraction

    with pytest.raises(ValueError, match=r"la must be a number in \[0, 1\]; got"):
        check_fraction(value, "la", allow_zero=True, allow_one=True)
    with pytest.raises(ValueError, match=r"val_size must be a number in \(0, 1\); got"):
        check_fraction(value, "val_size", allow_zero=False)


def test_fraction_check_bounds_follow_the_flags():
    from pyod_synth.validation import check_fraction

    assert check_fraction(0, "la", allow_zero=True, allow_one=True) == 0.0
    assert check_fraction(1, "la", allow_zero=True, allow_one=True) == 1.0
    for value, flags in ((0, {"allow_zero": False}), (1, {"allow_zero": True})):
        with pytest.raises(ValueError):
            check_fraction(value, "x", **flags)


# Issue 12, input and extreme-value items ------------------------------------------------

X_SMALL = np.random.default_rng(0).normal(size=(60, 3))
Y_SMALL = (np.arange(60) < 6).astype(int)


@pytest.mark.parametrize("contamination", [np.float32(0.1), np.float16(0.25),
                                           fractions.Fraction(1, 20)])
@pytest.mark.parametrize("detector", ["Augmented", "ScoreBlend", "lau"])
def test_numpy_scalar_contamination_is_accepted_as_pyod_does(detector, contamination):
    from pyod_synth import Augmented, ScoreBlend, get_detector

    if detector == "lau":
        pytest.importorskip("torch")
        model = get_detector("lau").set_params(contamination=contamination, epochs=1)
    elif detector == "ScoreBlend":
        model = ScoreBlend(["iforest", "hbos"], contamination=contamination)
    else:
        model = Augmented("logistic_regression", "uniform", contamination=contamination,
                          random_state=0)
    model.fit(X_SMALL, Y_SMALL)
    assert model.labels_.sum() == pytest.approx(float(contamination) * 60, abs=2)
    assert type(model.contamination) is type(contamination)  # the parameter is untouched


@pytest.mark.parametrize("n_synthetic", [1.5e9, 10**12, "200000000000x"])
def test_a_huge_n_synthetic_is_refused_before_fitting_with_the_size_and_the_limit(
        n_synthetic, monkeypatch):
    from pyod_synth import Augmented, SyntheticAnomalySampler
    from pyod_synth.generators.uniform import UniformGenerator

    fits = []
    monkeypatch.setattr(UniformGenerator, "_fit", lambda self, *a: fits.append(1))
    for model in (Augmented("logistic_regression", "uniform", n_synthetic=n_synthetic),
                  SyntheticAnomalySampler("uniform", n_synthetic=n_synthetic)):
        fit = model.fit_resample if hasattr(model, "fit_resample") else model.fit
        with pytest.raises(ValueError, match=r"(?s)TiB.*limit of 4.0 GiB.*"
                                             r"PYOD_SYNTH_MAX_SYNTHETIC_BYTES") as info:
            fit(X_SMALL, Y_SMALL)
        assert "synthetic rows" in str(info.value)
    assert not fits  # refused up front, before the generator was even fitted


def test_a_huge_sample_is_refused_by_every_generator_before_drawing(monkeypatch):
    from pyod_synth import get_generator, list_generators

    for name in list_generators():
        gen = get_generator(name).fit(X_SMALL, Y_SMALL)
        monkeypatch.setattr(type(gen), "_sample", lambda *a: pytest.fail("drew rows"),
                            raising=False)
        with pytest.raises(ValueError, match=r"1,000,000,000,000 synthetic rows.*21\.8 TiB"):
            gen.sample(10**12, random_state=0)


def test_a_huge_sample_from_a_duck_typed_plugin_generator_is_refused_before_it_draws():
    from pyod_synth.foreign import ForeignGenerator

    class Duck:  # a plugin generator without pyod-synth's base class
        def fit(self, X, y=None):
            return self

        def sample(self, n_samples, random_state=None):
            pytest.fail("the plugin was asked to draw")

    gen = ForeignGenerator(Duck(), name="duck", plugin="ducks").fit(X_SMALL, Y_SMALL)
    with pytest.raises(ValueError, match=r"generator 'duck' \(plugin 'ducks'.*1,000,000,000,000 "
                                         r"synthetic rows.*TiB"):
        gen.sample(10**12, random_state=0)


def test_the_synthetic_size_limit_is_overridable_by_the_environment(monkeypatch):
    from pyod_synth.validation import MAX_SYNTHETIC_BYTES_ENV

    gen = UniformGenerator().fit(X_SMALL)
    assert gen.sample(1000, random_state=0).shape == (1000, 3)  # 24 kB: under the default
    monkeypatch.setenv(MAX_SYNTHETIC_BYTES_ENV, "10000")
    with pytest.raises(ValueError, match=r"23\.4 KiB.*limit of 9\.8 KiB"):
        gen.sample(1000, random_state=0)
    assert gen.sample(100, random_state=0).shape == (100, 3)
    monkeypatch.setenv(MAX_SYNTHETIC_BYTES_ENV, "lots")
    with pytest.raises(ValueError, match=r"PYOD_SYNTH_MAX_SYNTHETIC_BYTES must be .* got 'lots'"):
        gen.sample(100, random_state=0)


def _damaged_files(folder):
    good = folder / "good.npz"
    np.savez(good, X=X_SMALL, y=Y_SMALL)
    (folder / "truncated.npz").write_bytes(good.read_bytes()[:200])
    (folder / "text.npz").write_text("hello")
    with open(folder / "array.npz", "wb") as handle:  # .npy bytes under an .npz name
        np.save(handle, X_SMALL)
    return [folder / n for n in ("truncated.npz", "text.npz", "array.npz")]


@pytest.mark.parametrize("reader", ["load_dataset", "read_table"])
def test_a_damaged_npz_is_an_error_naming_the_file_and_the_format(tmp_path, reader):
    from pyod_synth.datasets import load_dataset
    from pyod_synth.table_io import read_table

    read = load_dataset if reader == "load_dataset" else read_table
    for path in _damaged_files(tmp_path):
        with pytest.raises(ValueError) as info:
            read(str(path))
        message = str(info.value)
        assert message.startswith(str(path)) and "not a readable .npz" in message
        assert "np.savez" in message and "pickled" not in message


@pytest.mark.parametrize("suffix", [".npy", ".txt", ".pkl"])
def test_an_existing_file_of_another_type_is_not_reported_as_not_found(tmp_path, suffix):
    from pyod_synth.datasets import load_dataset

    path = tmp_path / f"data{suffix}"
    np.save(tmp_path / "data.npy", X_SMALL) if suffix == ".npy" else path.write_text("1,2\n")
    with pytest.raises(ValueError, match="reads .npz .*and .csv") as info:
        load_dataset(str(path))
    assert str(info.value).startswith(f"{path}: a {suffix} file") and "not found" not in str(
        info.value)


def _with_huge_values(value=1.7e308):
    X = X_SMALL.copy()
    X[:30, 0], X[30:, 0] = value, -value
    return X


@pytest.mark.parametrize("name", ["uniform", "mixture", "marginals", "nngmix", "mixup",
                                  "smote", "cutmix", "cutout", "gaussian_noise"])
def test_values_too_large_for_a_generator_are_refused_before_fitting(name):
    from pyod_synth import get_generator

    gen = get_generator(name)
    if "margin" in gen.get_params():
        gen.set_params(margin=0.05)
    with pytest.raises(ValueError, match=r"(?s)up to 1\.7e\+308 .*column.* \[0\].*too large "
                                         r"for .*Rescale"):
        gen.fit(_with_huge_values(), Y_SMALL)


def test_values_too_large_for_a_duck_typed_generator_are_refused_before_its_fit_naming_it():
    from pyod_synth import SyntheticAnomalySampler

    class Duck:  # a generator without pyod-synth's base class
        def fit(self, X, y=None):
            pytest.fail("the generator was fitted on values it cannot take")

        def sample(self, n_samples, random_state=None):
            return np.zeros((n_samples, 2))

    with pytest.raises(ValueError, match=r"(?s)up to 1\.7e\+308 .*too large for generator "
                                         r"Duck.*Rescale"):
        SyntheticAnomalySampler(Duck(), n_synthetic=5).fit_resample(_with_huge_values(),
                                                                    Y_SMALL)


@pytest.mark.parametrize("detector", ["logistic_regression", "mlp", "random_forest"])
def test_values_too_large_for_a_detector_are_refused_before_fitting(detector):
    from pyod_synth import Augmented

    for n_synthetic in (0.5, 0):
        with pytest.raises(ValueError, match=r"(?s)too large|beyond float32.*Rescale"):
            Augmented(detector, "uniform", n_synthetic=n_synthetic).fit(_with_huge_values(),
                                                                        Y_SMALL)


def test_min_max_scaling_refuses_a_column_whose_range_overflows():
    from pyod_synth.adbench import split

    y = np.r_[Y_SMALL, Y_SMALL]
    with pytest.raises(ValueError, match=r"(?s)column.* \[0\].*MinMaxScaler.*Rescale"):
        split(np.r_[_with_huge_values(), _with_huge_values()], y, seed=1, la=0.1)
    scaled = split(np.r_[_with_huge_values(1e300), X_SMALL], y, seed=1, la=0.1)
    assert np.isfinite(scaled["X_train"]).all() and np.ptp(scaled["X_train"][:, 0]) > 0


@pytest.mark.parametrize("detector", ["deepsad", "devnet", "lau", "xgbod", "mlp", "catboost",
                                      "random_forest"])
def test_y_all_ones_is_refused_by_every_label_learner_with_advice_that_fits(detector):
    from pyod_synth import Augmented

    if detector in ("deepsad", "devnet", "lau"):
        pytest.importorskip("torch")
    if detector == "catboost":
        pytest.importorskip("catboost")
    model = Augmented(detector, "uniform", n_synthetic="auto", random_state=0)
    with pytest.raises(ValueError, match="labels every row as an anomaly") as info:
        model.fit(X_SMALL, np.ones(len(X_SMALL), int))
    assert "0 for the normal" in str(info.value) and "Use n_synthetic" not in str(info.value)


@pytest.mark.parametrize("detector", ["deepsad", "devnet", "lau", "xgbod"])
def test_y_all_ones_given_straight_to_a_detector_is_refused(detector):
    from pyod_synth import get_detector

    if detector != "xgbod":
        pytest.importorskip("torch")
    model = get_detector(detector)
    with pytest.raises(ValueError, match="every row .*anomaly.*0 for the normal") as info:
        model.fit(X_SMALL, np.ones(len(X_SMALL), int))
    assert "Label some anomalies" not in str(info.value)


def test_the_one_class_advice_never_suggests_the_n_synthetic_already_given():
    from pyod_synth import Augmented
    from pyod_synth.generators.uniform import UniformGenerator

    class DrawsNothing(UniformGenerator):
        def auto_n_samples(self):
            return 0

    with pytest.raises(ValueError, match="one class only") as info:
        Augmented("random_forest", DrawsNothing(), n_synthetic="auto").fit(X_SMALL)
    message = str(info.value)
    assert "e.g. \"auto\"" not in message and "auto_n_samples() gave 0" in message
    with pytest.raises(ValueError, match="one class only") as info:
        Augmented("random_forest", "uniform", n_synthetic=0).fit(X_SMALL)
    assert "n_synthetic > 0" in str(info.value)


# Hostile files at the CLI (fit, score, sample) --------------------------------------------


def _table(folder, name="rows.csv", **changes):
    import pandas as pd

    frame = pd.DataFrame(X_SMALL, columns=["a", "b", "c"]).assign(label=Y_SMALL)
    for column, (row, value) in changes.items():
        frame[column] = frame[column].astype(object)
        frame.loc[row, column] = value
    path = folder / name
    frame.to_csv(path, index=False)
    return path


def _fit(folder, data, out="model.skops"):
    from pyod_synth.cli import main

    return main(["fit", str(data), "--label-column", "label", "--detector", "random_forest",
                 "--generator", "uniform", "--params", '{"n_estimators": 5}',
                 "--out", str(folder / out)])


def test_an_empty_or_infinite_csv_is_an_error_naming_the_file(tmp_path, capsys):
    blank = tmp_path / "blank.csv"
    blank.write_text("")
    infinite = _table(tmp_path, "inf.csv", a=(3, "inf"))
    for path in (blank, infinite):
        assert _fit(tmp_path, path) == 2
        err = capsys.readouterr().err
        assert str(path) in err, err
    assert not (tmp_path / "model.skops").exists()


def test_a_damaged_model_file_is_a_clear_error_not_a_traceback(tmp_path, capsys):
    import warnings

    from pyod_synth.cli import main

    data = _table(tmp_path)
    assert _fit(tmp_path, data) == 0
    good = (tmp_path / "model.skops").read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, content in (("garbage.skops", b"garbage"), ("truncated.skops", good[:100]),
                              ("half.skops", good[: len(good) // 2])):
            (tmp_path / name).write_bytes(content)
            code = main(["score", str(tmp_path / name), str(data), "--out",
                         str(tmp_path / "scores.csv")])
            err = capsys.readouterr().err
            assert code == 2 and f"{tmp_path / name}: not a readable model file" in err, err
    assert not (tmp_path / "scores.csv").exists()


def test_scoring_values_the_model_cannot_represent_is_refused_before_scoring(tmp_path, capsys):
    from pyod_synth.cli import main

    assert _fit(tmp_path, _table(tmp_path)) == 0
    big = _table(tmp_path, "big.csv", b=(2, 1e39))
    code = main(["score", str(tmp_path / "model.skops"), str(big), "--out",
                 str(tmp_path / "scores.csv")])
    err = capsys.readouterr().err
    assert code == 2 and "beyond float32's range" in err and "Rescale" in err


def test_an_output_in_a_missing_folder_names_the_folder(tmp_path, capsys):
    code = _fit(tmp_path, _table(tmp_path), out="missing/model.skops")
    err = capsys.readouterr().err
    assert code == 2 and f"{tmp_path / 'missing'}" in err and ".partial" not in err, err


@pytest.mark.parametrize("n_synthetic", [1e308, 10**400])
def test_an_astronomical_n_synthetic_gets_the_size_message_not_an_overflow(n_synthetic):
    from pyod_synth import Augmented

    with pytest.raises(ValueError, match=r"synthetic rows x 3 columns need .*PiB .*limit"):
        Augmented("logistic_regression", "uniform", n_synthetic=n_synthetic).fit(X_SMALL,
                                                                                 Y_SMALL)
    with pytest.raises(ValueError, match="n_synthetic must be"):  # a multiplier float reads as inf
        Augmented("logistic_regression", "uniform", n_synthetic="1" + "0" * 400 + "x").fit(
            X_SMALL, Y_SMALL)
