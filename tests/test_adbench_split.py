"""pyod_synth.adbench.split against the REAL adbench DataGenerator, bit for bit.

The comparison tests import adbench 0.1.11 from a private copy (tests/adbench_support.py)
and are skipped when it is not installed; the rest need neither adbench nor its data.
"""

import contextlib
import importlib.util
import io
import math
import random
import sys

import numpy as np
import pytest
from adbench_support import real_adbench
from conftest import adbench_dir
from threadpoolctl import threadpool_limits

from pyod_synth.adbench import NLA_GRID, RLA_GRID, SEEDS, split
from pyod_synth.datasets import load_dataset

# A tiny extra "Classical" file for the dependency type: ADBench caches dependency
# anomalies under the dataset's name, so it only runs on named datasets.
_tiny_rng = np.random.default_rng(7)
TINY = (_tiny_rng.normal(size=(160, 3)) @ np.array([[1, 0.6, 0], [0, 1, 0.5], [0, 0, 1.0]]),
        np.r_[np.zeros(144, dtype=np.int64), np.ones(16, dtype=np.int64)])


@pytest.fixture(scope="module")
def adbench(tmp_path_factory):
    root = adbench_dir()
    if root is None:
        pytest.skip("ADBench data not found; set PYOD_SYNTH_ADBENCH_DIR")
    with real_adbench(tmp_path_factory.mktemp("adbench"), root, {"tiny_dependency": TINY}):
        from adbench.datasets.data_generator import DataGenerator

        yield DataGenerator


def reference(DataGenerator, seed, la, dataset=None, X=None, y=None, init=None, **kwargs):
    """ADBench's output, as RunPipeline calls it (its progress prints silenced)."""
    generator = DataGenerator(seed=seed, dataset=dataset, **(init or {}))
    with contextlib.redirect_stdout(io.StringIO()):
        return generator.generator(X=X, y=y, la=la, at_least_one_labeled=True, **kwargs)


def assert_identical(expected, actual):
    assert sorted(expected) == sorted(actual) == ["X_test", "X_train", "y_test", "y_train"]
    for key in expected:
        assert actual[key].dtype == expected[key].dtype, key
        assert actual[key].shape == expected[key].shape, key
        assert np.array_equal(actual[key], expected[key]), key


# 4_breastw and 15_Hepatitis are upsampled to 1,000 rows, 1_ALOI and 34_smtp capped at
# 10,000, CIFAR10_0 and 20news_3 are float32 (20news_3 also upsampled).
@pytest.mark.parametrize(
    "name", ["4_breastw", "15_Hepatitis", "6_cardio", "1_ALOI", "34_smtp", "CIFAR10_0", "20news_3"]
)
def test_split_equals_adbench_bit_for_bit(adbench, name):
    X, y = load_dataset(name, adbench_dir())
    compared = 0
    for seed in SEEDS:
        for la in (*RLA_GRID, *NLA_GRID[:5]):
            try:
                expected = reference(adbench, seed, la, dataset=name)
            except AssertionError:  # ADBench: more labeled anomalies asked than exist
                assert isinstance(la, int)
                with pytest.raises(ValueError, match="labeled anomalies were asked for"):
                    split(X, y, seed=seed, la=la)
                continue
            # NumPy scalars keep ADBench's float = ratio, int = count meaning.
            np_la = np.float64(la) if isinstance(la, float) else np.int64(la)
            assert_identical(expected, split(X, y, seed=np.int64(seed), la=np_la))
            compared += 1
    assert compared >= 30


def test_split_equals_adbench_with_non_default_options(adbench):
    X, y = load_dataset("sk_wine")  # 129 rows, int labels, custom dataset (dataset=None)
    init = {"test_size": 0.25, "n_samples_threshold": 500}
    for seed, la in [(1, 0.33), (2, 1.0), (3, 4)]:
        expected = reference(adbench, seed, la, X=X, y=y, init=init)
        assert_identical(expected, split(X, y, seed, la, test_size=0.25, n_samples_threshold=500))
    # No duplication: the 129 rows are split as they are.
    expected = reference(adbench, 1, 0.5, X=X, y=y, init={"generate_duplicates": False})
    actual = split(X, y, 1, 0.5, generate_duplicates=False)
    assert_identical(expected, actual)
    assert len(actual["y_train"]) + len(actual["y_test"]) == 129
    # at_least_one_labeled=False: int(la * n) instead of ceil.
    generator = adbench(seed=2)
    with contextlib.redirect_stdout(io.StringIO()):
        expected = generator.generator(X=X, y=y, la=0.05, at_least_one_labeled=False)
    assert_identical(expected, split(X, y, 2, 0.05, at_least_one_labeled=False))


@pytest.mark.parametrize(
    "noise_type, values",
    [
        ("duplicated_anomalies", (1, 2, 5)),
        ("irrelevant_features", (0.0, 0.01, 0.25, 0.5)),
        ("label_contamination", (0.0, 0.05, 0.5)),
    ],
)
def test_noise_settings_equal_adbench(adbench, noise_type, values):
    X, y = load_dataset("4_breastw", adbench_dir())
    key = "duplicate_times" if noise_type == "duplicated_anomalies" else "noise_ratio"
    for value in values:
        for seed in (1, 2):
            expected = reference(adbench, seed, 1.0, dataset="4_breastw", noise_type=noise_type,
                                 **{key: value})
            actual = split(X, y, seed, 1.0, noise_type=noise_type, **{key: value})
            assert_identical(expected, actual)


@pytest.mark.parametrize("mode", ["local", "global", "cluster"])
def test_realistic_synthetic_anomalies_equal_adbench(adbench, mode):
    X, y = load_dataset("39_vertebral", adbench_dir())
    # One BLAS/OpenMP thread for both: nine mixture fits crawl when 2 cores are contended.
    with threadpool_limits(1):
        for seed, la in [(1, 0.1), (2, 1.0)]:
            expected = reference(adbench, seed, la, dataset="39_vertebral",
                                 realistic_synthetic_mode=mode)
            actual = split(X, y, seed, la, realistic_synthetic_mode=mode)
            assert_identical(expected, actual)
    plain = split(X, y, 2, 1.0)  # the synthetic data keep the class counts, not the rows
    assert np.array_equal(np.sort(actual["y_test"]), np.sort(plain["y_test"]))
    assert not np.array_equal(actual["X_test"], plain["X_test"])


def _copulas_works() -> bool:
    if importlib.util.find_spec("copulas") is None:
        return False
    import pandas

    return int(pandas.__version__.split(".")[0]) < 3


@pytest.mark.skipif(not _copulas_works(),
                    reason="needs copulas with pandas < 3 (its VineCopula fails under pandas 3)")
def test_dependency_anomalies_equal_adbench_first_and_cached_calls(adbench):
    X, y = TINY
    init = {"generate_duplicates": False}
    kwargs = {"realistic_synthetic_mode": "dependency"}
    # The first call generates (and caches) the anomalies; later calls load the cache, so
    # the copula's draws no longer advance the RNG and the split differs.
    first = reference(adbench, 1, 0.5, dataset="tiny_dependency", init=init, **kwargs)
    np.random.seed(99)
    before = np.random.get_state()[1].copy()
    assert_identical(first, split(X, y, 1, 0.5, generate_duplicates=False, **kwargs))
    # copulas samples from the global RNG; split swaps its own state in and back out.
    assert np.array_equal(np.random.get_state()[1], before)
    cached = reference(adbench, 1, 0.5, dataset="tiny_dependency", init=init, **kwargs)
    assert_identical(cached, split(X, y, 1, 0.5, generate_duplicates=False,
                                   cached_dependency=True, **kwargs))
    assert not np.array_equal(first["X_train"], cached["X_train"])


# ----------------------------------------------------------------------------------------
# Without adbench
# ----------------------------------------------------------------------------------------


def _toy(n=1500, d=3, ratio=0.06, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)).astype(dtype), (rng.random(n) < ratio).astype(np.int64)


def test_grids_and_seeds_are_adbench_values():
    assert RLA_GRID == (0.0, 0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 1.0)
    assert all(type(la) is float for la in RLA_GRID)
    assert NLA_GRID == (0, 1, 5, 10, 25, 50, 75, 100)
    assert all(type(la) is int for la in NLA_GRID)
    assert SEEDS == (1, 2, 3)


@pytest.mark.parametrize("n, expected_total", [(300, 1000), (1500, 1500), (12000, 10000)])
def test_sizes_duplication_cap_and_70_30_split(n, expected_total):
    X, y = _toy(n=n, ratio=0.1)
    data = split(X, y, seed=1, la=1.0)
    n_test = len(data["y_test"])
    assert n_test + len(data["y_train"]) == expected_total
    assert n_test == math.ceil(0.3 * expected_total)
    # Stratified: the test part's anomaly share is within one row of the whole's.
    share = data["y_test"].mean()
    whole = (data["y_test"].sum() + data["y_train"].sum()) / expected_total
    assert abs(share - whole) <= 1 / n_test


def test_minmax_fitted_on_train_keeps_float32():
    X, y = _toy(dtype=np.float32)
    data = split(X, y, seed=2, la=0.1)
    assert data["X_train"].dtype == data["X_test"].dtype == np.float32
    assert np.allclose(data["X_train"].min(axis=0), 0)
    assert np.allclose(data["X_train"].max(axis=0), 1)
    X_int = np.round(X * 10).astype(np.int64)
    assert split(X_int, y, seed=2, la=0.1)["X_train"].dtype == np.float64


@pytest.mark.parametrize("la, expected", [(0.0, 0), (0.01, None), (0.5, None), (1.0, None),
                                          (0, 0), (3, 3), (np.int64(7), 7)])
def test_labeled_anomaly_counts(la, expected):
    X, y = _toy()
    data = split(X, y, seed=3, la=la)
    # The labeled rows are training anomalies: recover the truth from a split with la=1.0.
    truth = split(X, y, seed=3, la=1.0)["y_train"]
    n_train_anomalies = int(truth.sum())
    if expected is None:
        expected = math.ceil(la * n_train_anomalies)
    assert int(data["y_train"].sum()) == expected
    assert np.all(truth[data["y_train"] == 1] == 1)
    assert np.array_equal(data["X_train"], split(X, y, seed=3, la=1.0)["X_train"])


def test_numpy_float_la_is_a_ratio_and_numpy_int_a_count():
    X, y = _toy()
    ratio = split(X, y, 1, np.float32(1.0))["y_train"]
    assert np.array_equal(ratio, split(X, y, 1, 1.0)["y_train"])
    assert split(X, y, 1, np.int32(1))["y_train"].sum() == 1


def test_same_seed_same_split_other_seed_other_split():
    X, y = _toy()
    a, b, c = split(X, y, 1, 0.25), split(X, y, 1, 0.25), split(X, y, 2, 0.25)
    assert_identical(a, b)
    assert not np.array_equal(a["X_train"], c["X_train"])


def test_global_rngs_and_inputs_are_untouched():
    X, y = _toy(n=600)
    X_before, y_before = X.copy(), y.copy()
    np.random.seed(123)
    random.seed(123)
    np_state, py_state = np.random.get_state(), random.getstate()
    with threadpool_limits(1):
        split(X, y, 1, 0.5, realistic_synthetic_mode="global")
    split(X, y, 1, 0.5, noise_type="duplicated_anomalies", duplicate_times=3)
    split(X, y, 1, 0.5, noise_type="label_contamination", noise_ratio=0.2)
    split(X, y, 1, 0.5, noise_type="irrelevant_features", noise_ratio=0.5)
    after = np.random.get_state()
    assert after[0] == np_state[0] and np.array_equal(after[1], np_state[1])
    assert after[2:] == np_state[2:]
    assert random.getstate() == py_state
    assert np.array_equal(X, X_before) and np.array_equal(y, y_before)


def test_noise_settings_change_what_they_claim():
    X, y = _toy()
    base = split(X, y, 1, 1.0)
    wide = split(X, y, 1, 1.0, noise_type="irrelevant_features", noise_ratio=0.5)
    assert wide["X_train"].shape[1] == X.shape[1] + int(0.5 / 0.5 * X.shape[1])
    dup = split(X, y, 1, 1.0, noise_type="duplicated_anomalies", duplicate_times=3)
    assert dup["y_test"].sum() == 3 * base["y_test"].sum()
    flipped = split(X, y, 1, 1.0, noise_type="label_contamination", noise_ratio=0.1)
    assert np.array_equal(flipped["y_test"], base["y_test"])
    n_flips = int(len(base["y_train"]) * 0.1)
    assert np.sum(flipped["y_train"] != base["y_train"]) == n_flips


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"la": 1.5}, "ratio of labeled anomalies"),
        ({"la": -1}, "must be >= 0"),
        ({"la": True}, "la must be"),
        ({"la": "0.1"}, "la must be"),
        ({"la": 10_000}, "labeled anomalies were asked for"),
        ({"seed": 1.0}, "seed must be an integer"),
        ({"seed": -3}, "seed must be in"),
        ({"realistic_synthetic_mode": "weird"}, "realistic_synthetic_mode"),
        ({"noise_type": "anomaly_contamination"}, "noise_type"),
        ({"cached_dependency": True}, "cached_dependency"),
    ],
)
def test_bad_arguments_raise_clear_errors(kwargs, message):
    X, y = _toy()
    arguments = {"seed": 1, "la": 0.1, **kwargs}
    with pytest.raises(ValueError, match=message):
        split(X, y, **arguments)


def test_bad_data_raises_clear_errors():
    X, y = _toy()
    X_nan = X.copy()
    X_nan[5, 1] = np.nan
    with pytest.raises(ValueError, match="finite"):
        split(X_nan, y, 1, 0.1)
    with pytest.raises(ValueError, match="0 \\(normal\\) and 1"):
        split(X, y * 2, 1, 0.1)
    with pytest.raises(ValueError, match="one label per row"):
        split(X, y[:-1], 1, 0.1)


def test_dependency_without_copulas_names_the_package(monkeypatch):
    for name in ("copulas", "copulas.multivariate", "copulas.univariate"):
        monkeypatch.setitem(sys.modules, name, None)  # makes the import fail
    X, y = _toy(n=1200)
    with pytest.raises(ImportError, match=r"copulas.*pyod-synth\[adbench\]"):
        split(X, y, 1, 0.1, realistic_synthetic_mode="dependency")


def test_the_mixture_is_fitted_once_for_every_type_and_each_type_gets_its_own_copy():
    from pyod_synth.adbench import realistic_data

    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 3))
    y = (rng.random(300) < 0.1).astype(int)
    fresh = {}
    for mode in ("local", "cluster", "global"):
        realistic_data._fitted_best_mixture.cache_clear()
        fresh[mode] = split(X, y, 1, 1.0, realistic_synthetic_mode=mode)
    realistic_data._fitted_best_mixture.cache_clear()
    for mode in ("local", "cluster", "global", "local"):  # local scales the covariances
        assert_identical(fresh[mode], split(X, y, 1, 1.0, realistic_synthetic_mode=mode))
    info = realistic_data._fitted_best_mixture.cache_info()
    assert (info.misses, info.hits) == (1, 3)
    split(X, y, 2, 1.0, realistic_synthetic_mode="local")  # another seed: another fit
    assert realistic_data._fitted_best_mixture.cache_info().misses == 2
