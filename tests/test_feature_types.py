"""Mixed feature types: the description, the encoder, projection to valid rows, the checks."""

import pickle
import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.utils.estimator_checks import parametrize_with_checks

from pyod_synth.feature_types import (
    MixedTypeEncoder,
    check_categories_from_training,
    check_valid_rows,
    infer_feature_types,
)

P_MIN = 0.001  # a distribution test fails below this p-value


def mixed_frame(n=60, seed=0):
    """A DataFrame with every supported kind of column, the categorical one in the middle."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "bytes": rng.normal(size=n),
            "proto": pd.Categorical(
                rng.choice(["tcp", "udp", "icmp"], size=n),
                categories=["icmp", "tcp", "udp", "sctp"],  # sctp never occurs
                ordered=True,
            ),
            "urgent": rng.random(n) < 0.3,
            "service": pd.Series(rng.choice(["http", "ftp"], size=n), dtype=object),
            "host": pd.Series(rng.choice(["a", "b", "c"], size=n), dtype="str"),
            "logged_in": rng.integers(0, 2, size=n),
            "count": rng.integers(0, 50, size=n).astype(np.int32),
            "rate": rng.random(n).astype(np.float32),
        }
    )


def uniform_in_box(Xt, n, rng):
    """Uniform draws over the per-column [min, max] box of the encoded training rows."""
    return rng.uniform(Xt.min(axis=0), Xt.max(axis=0), size=(n, Xt.shape[1]))


# The description ----------------------------------------------------------------------


def test_frame_types_are_inferred_from_dtypes_and_01_values():
    types = infer_feature_types(mixed_frame())
    assert types.categorical == (1, 3, 4)
    assert types.binary == (2, 5)  # the bool column and the 0/1 integer column
    assert types.numeric == (0, 6, 7)
    assert types.onehot_groups == ()
    assert [types.kind(j) for j in (0, 1, 2)] == ["numeric", "categorical", "binary"]


def test_binary_none_keeps_only_bool_columns_and_a_list_declares_them():
    df = mixed_frame()
    assert infer_feature_types(df, binary=None).binary == (2,)
    assert infer_feature_types(df, binary=["logged_in"]).binary == (2, 5)


def test_auto_binary_includes_a_constant_01_column():
    X = np.array([[0.0, 1.0, 0.2], [0.0, 0.0, 0.4]])
    assert infer_feature_types(X).binary == (0, 1)


def test_arrays_take_explicit_categorical_columns_and_onehot_groups():
    X = np.array([[3, 1, 0, 0.5, 0, 0, 1], [7, 0, 1, 0.1, 1, 0, 0]], dtype=float)
    types = infer_feature_types(X, categorical=[0], onehot_groups=[[1, 2], [4, 5, 6]],
                                binary=None)
    assert types.categorical == (0,)
    assert types.onehot_groups == ((1, 2), (4, 5, 6))
    assert types.numeric == (3,) and types.binary == ()
    assert types.names == tuple(f"x{j}" for j in range(7))


def test_object_array_columns_holding_strings_are_categorical():
    X = [["a", 1.5, 0], ["b", 2.5, 1]]
    types = infer_feature_types(X)
    assert types.categorical == (0,) and types.numeric == (1,) and types.binary == (2,)


@pytest.mark.parametrize(
    "X, params, message",
    [
        (np.ones((3, 2)), {"categorical": [2]}, "column index 2 is out of range for 2"),
        (np.ones((3, 2)), {"categorical": ["a"]}, "no column named 'a'"),
        (np.ones((3, 2)), {"categorical": 0}, "must be a list of columns"),
        (np.ones((3, 2)), {"categorical": [0, 0]}, "names a column twice"),
        (np.eye(3), {"categorical": [0], "onehot_groups": [[0, 1, 2]]},
         "Column 'x0' is declared twice (categorical and onehot_groups[0])"),
        (np.eye(4), {"onehot_groups": [[0, 1], [1, 2, 3]]}, "Column 'x1' is declared twice"),
        (np.eye(3), {"onehot_groups": [[0]]}, "a group needs at least 2"),
        (np.array([[1, 1], [0, 1]]), {"onehot_groups": [[0, 1]]},
         "['x0', 'x1'] is not one-hot (each row needs exactly one 1 and 0s elsewhere) in 1 "
         "row(s), first row 0: [1.0, 1.0]"),
        (np.array([[0.0, 2.0], [1.0, 0.0]]), {"binary": [1]},
         "Column 'x1' is declared binary but has values other than 0 and 1"),
        (np.array([[0.0, np.nan]]), {}, "Column 'x1' has 1 missing value(s) (first at row 0)"),
        (np.array([["a", 1.0]], dtype=object), {"categorical": []},
         "Column 'x0' is not numeric (could not convert string to float: 'a'); declare it "
         "in categorical=[...]"),
        (np.array([["a"], [1]], dtype=object), {"categorical": [0]}, "mixes strings and numbers"),
    ],
)
def test_bad_descriptions_get_clear_errors(X, params, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        infer_feature_types(X, **params)


def test_frame_errors_name_the_column():
    df = pd.DataFrame({"when": pd.to_datetime(["2020-01-01", "2020-01-02"]), "x": [1.0, 2.0]})
    with pytest.raises(ValueError, match="Column 'when' has dtype datetime64"):
        infer_feature_types(df)
    df = pd.DataFrame({"proto": ["tcp", None], "x": [1.0, 2.0]})
    with pytest.raises(ValueError, match="Column 'proto' has 1 missing value"):
        infer_feature_types(df)
    with pytest.raises(ValueError, match="Column 'proto' is not numeric"):
        infer_feature_types(df.fillna("udp"), categorical=[])


# The encoder --------------------------------------------------------------------------


def test_frame_round_trip_keeps_columns_order_and_dtypes():
    df = mixed_frame()
    before = df.copy()
    enc = MixedTypeEncoder().fit(df)
    Xt = enc.transform(df)
    assert Xt.dtype == np.float64 and Xt.shape == (60, 1 + 3 + 1 + 2 + 3 + 3)
    back = enc.inverse_transform(Xt)
    pd.testing.assert_frame_equal(back, df)  # checks dtypes, categories and their order
    pd.testing.assert_frame_equal(df, before)  # input untouched


def test_layout_is_in_place_and_recorded():
    enc = MixedTypeEncoder().fit(mixed_frame())
    names = enc.get_feature_names_out().tolist()
    assert names == [
        "bytes", "proto_icmp", "proto_tcp", "proto_udp", "urgent", "service_ftp",
        "service_http", "host_a", "host_b", "host_c", "logged_in", "count", "rate",
    ]
    assert [g.tolist() for g in enc.groups_] == [[1, 2, 3], [5, 6], [7, 8, 9]]
    assert [c.tolist() for c in enc.categories_] == [
        ["icmp", "tcp", "udp"], ["ftp", "http"], ["a", "b", "c"],
    ]  # learned from the values: the dtype's unused 'sctp' is not a category
    assert enc.binary_columns_.tolist() == [4, 10]
    assert enc.numeric_columns_.tolist() == [0, 11, 12]


def test_categories_learned_in_fit_are_reused():
    df = mixed_frame()
    enc = MixedTypeEncoder().fit(df)
    subset = df[df["proto"] == "udp"]
    Xt = enc.transform(subset)
    assert Xt.shape[1] == enc.get_feature_names_out().size
    assert (Xt[:, 3] == 1).all() and (Xt[:, [1, 2]] == 0).all()


def test_unseen_category_is_an_error_naming_the_column_and_values():
    df = mixed_frame()
    enc = MixedTypeEncoder().fit(df)
    new = df.head(3).copy()
    new["service"] = ["smtp", "http", "ssh"]
    with pytest.raises(ValueError, match=r"Column 'service' has categories not seen in fit: "
                                         r"\['smtp', 'ssh'\] \(2 row\(s\)\)"):
        enc.transform(new)


def test_unseen_category_with_ignore_is_all_zeros_and_decodes_as_missing():
    df = mixed_frame()
    enc = MixedTypeEncoder(handle_unknown="ignore").fit(df)
    new = df.head(3).copy()
    new["service"] = ["smtp", "http", "ssh"]
    Xt = enc.transform(new)
    assert Xt[:, enc.groups_[1]].tolist() == [[0, 0], [0, 1], [0, 0]]
    back = enc.inverse_transform(Xt)
    assert back["service"].isna().tolist() == [True, False, True]
    assert back["service"].dtype == object and back["proto"].equals(new["proto"])


def test_binary_value_outside_01_at_transform_follows_handle_unknown():
    X = np.array([[0.0, 1.5], [1.0, 2.5]])
    enc = MixedTypeEncoder(binary=[0]).fit(X)
    with pytest.raises(ValueError, match="binary column 'x0' is not 0 or 1 in 1 row"):
        enc.transform([[2.0, 1.0]])
    ignoring = MixedTypeEncoder(binary=[0], handle_unknown="ignore").fit(X)
    assert ignoring.transform([[2.0, 1.0]]).tolist() == [[2.0, 1.0]]


def test_nan_at_transform_is_a_clear_error():
    df = mixed_frame()
    enc = MixedTypeEncoder().fit(df)
    bad = df.head(2).copy()
    bad.loc[1, "bytes"] = np.nan
    with pytest.raises(ValueError, match="Column 'bytes' has 1 missing value.*refuses NaN"):
        enc.transform(bad)


def test_bad_handle_unknown_is_refused_in_fit():
    with pytest.raises(ValueError, match="handle_unknown must be one of"):
        MixedTypeEncoder(handle_unknown="zeros").fit(np.eye(2))


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.float32, np.float64])
def test_array_round_trip_keeps_the_dtype(dtype):
    X = np.array([[2, 0, 5], [7, 1, 6], [2, 1, 9]], dtype=dtype)
    enc = MixedTypeEncoder(categorical=[0]).fit(X)
    assert enc.categories_[0].tolist() == [2, 7]
    back = enc.inverse_transform(enc.transform(X))
    assert back.dtype == X.dtype
    np.testing.assert_array_equal(back, X)


def test_object_array_round_trip():
    X = np.array([["a", 1.5, 0], ["b", 2.5, 1]], dtype=object)
    enc = MixedTypeEncoder().fit(X)
    back = enc.inverse_transform(enc.transform(X))
    assert back.dtype == object and back.tolist() == [["a", 1.5, 0.0], ["b", 2.5, 1.0]]


def test_nullable_pandas_dtypes_round_trip():
    df = pd.DataFrame(
        {
            "n": pd.array([1, 2, 3], dtype="Int64"),
            "flag": pd.array([True, False, True], dtype="boolean"),
            "rate": pd.array([0.5, 1.5, 2.5], dtype="Float32"),
            "label": pd.array(["a", "b", "a"], dtype="string"),
        }
    )
    enc = MixedTypeEncoder().fit(df)
    assert enc.feature_types_.binary == (1,) and enc.feature_types_.categorical == (3,)
    pd.testing.assert_frame_equal(enc.inverse_transform(enc.transform(df)), df)
    generated = enc.inverse_transform([[2.5, 1, 0.5, 1, 0]])
    assert generated["n"].dtype == np.float64  # 2.5 does not fit Int64
    assert generated.dtypes.tolist()[1:] == df.dtypes.tolist()[1:]


def test_string_array_round_trip_does_not_cut_generated_numbers():
    X = np.array([["a", "1"], ["b", "2"]])
    enc = MixedTypeEncoder(categorical=[0]).fit(X)
    assert enc.inverse_transform(enc.transform(X)).tolist() == [["a", "1.0"], ["b", "2.0"]]
    assert enc.inverse_transform([[0, 1, 1.2345]]).tolist() == [["b", "1.2345"]]


def test_integers_come_back_as_float64_only_when_values_are_fractional():
    df = pd.DataFrame({"count": np.array([1, 5, 3], dtype=np.int32)})
    enc = MixedTypeEncoder().fit(df)
    assert enc.inverse_transform([[2.0]])["count"].dtype == np.int32
    generated = enc.inverse_transform([[2.5]])
    assert generated["count"].dtype == np.float64 and generated["count"].tolist() == [2.5]


def test_declared_onehot_groups_are_encoded_as_themselves():
    X = np.array([[1, 0.3, 0, 0, 1], [0, 0.4, 1, 1, 0], [1, 0.5, 0, 1, 0]], dtype=float)
    X[:, 0] = 1 - X[:, 2]  # columns 0 and 2 form a group that is not adjacent
    enc = MixedTypeEncoder(onehot_groups=[[0, 2], [3, 4]]).fit(X)
    np.testing.assert_array_equal(enc.transform(X), X)
    assert [g.tolist() for g in enc.groups_] == [[0, 2], [3, 4]]
    assert [c.tolist() for c in enc.categories_] == [["x0", "x2"], ["x3", "x4"]]
    np.testing.assert_array_equal(enc.inverse_transform(X), X)


def test_set_output_pandas_and_back():
    df = mixed_frame()
    enc = MixedTypeEncoder().set_output(transform="pandas").fit(df)
    Xt = enc.transform(df)
    assert isinstance(Xt, pd.DataFrame)
    assert Xt.columns.tolist() == enc.get_feature_names_out().tolist()
    pd.testing.assert_frame_equal(enc.inverse_transform(Xt), df)


def test_non_string_column_labels_and_index_are_kept():
    df = pd.DataFrame({10: ["a", "b", "a"], 20: [1.0, 2.0, 3.0]}, index=[5, 6, 7])
    enc = MixedTypeEncoder().set_output(transform="pandas").fit(df)
    back = enc.inverse_transform(enc.transform(df))
    assert back.columns.tolist() == [10, 20] and back.index.tolist() == [5, 6, 7]


def test_transform_refuses_other_columns():
    enc = MixedTypeEncoder().fit(mixed_frame())
    with pytest.raises(ValueError, match="feature names should match"):
        enc.transform(mixed_frame()[["proto", "bytes", "urgent", "service", "host",
                                     "logged_in", "count", "rate"]])


def test_inverse_transform_refuses_invalid_rows():
    enc = MixedTypeEncoder().fit(mixed_frame())
    Xt = enc.transform(mixed_frame().head(2))
    Xt[1, enc.groups_[0]] = [0.2, 0.5, 0.3]
    with pytest.raises(ValueError, match=r"one-hot group 'proto' .* first row 1.*"
                                         r"call project_to_valid"):
        enc.inverse_transform(Xt)


def test_fitted_encoder_pickles():
    df = mixed_frame()
    enc = pickle.loads(pickle.dumps(MixedTypeEncoder().fit(df)))
    pd.testing.assert_frame_equal(enc.inverse_transform(enc.transform(df)), df)


@pytest.mark.parametrize("labels", ["names", "ints"])
def test_fitted_encoder_saves_with_skops_trusting_only_the_project_packages(labels):
    """pyod-synth's model files are skops: a pandas Index or dtype in the fitted state would
    send every model fitted on a DataFrame to joblib (or to untrusted pandas types)."""
    sio = pytest.importorskip("skops.io")
    from pyod_synth.model_io import TRUSTED_PACKAGES

    df = mixed_frame().assign(visits=lambda d: pd.array(np.arange(len(d)) % 4, dtype="Int64"))
    if labels == "ints":
        df.columns = range(10, 10 + df.shape[1])
    data = sio.dumps(MixedTypeEncoder().fit(df))
    untrusted = sio.get_untrusted_types(data=data)
    assert all(name.split(".")[0] in TRUSTED_PACKAGES + ("numpy",) for name in untrusted
               if name != "collections.OrderedDict"), untrusted
    enc = sio.loads(data, trusted=untrusted)
    pd.testing.assert_frame_equal(enc.inverse_transform(enc.transform(df)), df)


def test_an_encoder_state_with_pandas_objects_still_loads():
    """The state pickled before the plain-values state: an Index and pandas dtypes."""
    df = mixed_frame()
    fitted = MixedTypeEncoder().fit(df)
    old_state = dict(vars(fitted))
    assert isinstance(old_state["_columns"], pd.Index)
    enc = MixedTypeEncoder.__new__(MixedTypeEncoder)
    enc.__setstate__(old_state)
    pd.testing.assert_frame_equal(enc.inverse_transform(enc.transform(df)), df)


@parametrize_with_checks([MixedTypeEncoder()])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


# Projection to valid rows -------------------------------------------------------------


def test_projection_picks_the_largest_entry_and_the_nearer_binary_value():
    X = np.array([[1, 0, 0, 0, 2.0], [0, 0, 1, 1, -1.0]])
    enc = MixedTypeEncoder(onehot_groups=[[0, 1, 2]]).fit(X)
    rows = np.array([[0.1, 0.7, 0.2, 0.51, 9.5], [-3.0, -1.0, -2.0, 0.49, -7.25]])
    before = rows.copy()
    out = enc.project_to_valid(rows)
    assert out.tolist() == [[0, 1, 0, 1, 9.5], [0, 1, 0, 0, -7.25]]
    np.testing.assert_array_equal(rows, before)


def test_ties_go_to_the_first_column_or_are_drawn_from_the_rng():
    enc = MixedTypeEncoder(onehot_groups=[[0, 1, 2]], binary=[3]).fit(
        np.array([[1, 0, 0, 0], [0, 1, 0, 1], [0, 0, 1, 0]])
    )
    ties = np.tile([0.4, 0.4, 0.2, 0.5], (4000, 1))
    assert np.unique(enc.project_to_valid(ties), axis=0).tolist() == [[1, 0, 0, 0]]
    out = enc.project_to_valid(ties, random_state=0)
    first = int(out[:, 0].sum())
    assert out[:, 2].sum() == 0 and out[:, :2].sum() == 4000
    assert stats.binomtest(first, 4000).pvalue > P_MIN
    assert stats.binomtest(int(out[:, 3].sum()), 4000).pvalue > P_MIN
    np.testing.assert_array_equal(out, enc.project_to_valid(ties, random_state=0))


def test_projection_keeps_the_dataframe_container():
    enc = MixedTypeEncoder().set_output(transform="pandas").fit(mixed_frame())
    Xt = enc.transform(mixed_frame())
    out = enc.project_to_valid(Xt * 0.9)
    assert isinstance(out, pd.DataFrame) and out.columns.equals(Xt.columns)


def _category_p_values(enc, rows):
    """Chi-square p-value of 'uniform over the categories' per group, then per binary column."""
    p = []
    for columns in [*enc.groups_, *([c] for c in enc.binary_columns_)]:
        if len(columns) == 1:  # a binary column: counts of 0 and 1
            counts = np.bincount(rows[:, columns[0]].astype(int), minlength=2)
        else:
            counts = rows[:, columns].sum(axis=0)
        p.append(stats.chisquare(counts).pvalue)
    return p


def test_projected_uniform_draws_are_lau_et_als_generator():
    df = mixed_frame(n=200)
    enc = MixedTypeEncoder().fit(df)
    rng = np.random.default_rng(7)
    rows = enc.project_to_valid(uniform_in_box(enc.transform(df), 6000, rng))
    check_valid_rows(enc, rows)
    p_values = _category_p_values(enc, rows)
    assert len(p_values) == 5 and min(p_values) > P_MIN, p_values


def test_the_uniformity_test_fails_on_a_biased_sampler():
    # Today's uniform generator: each one-hot column Bernoulli(0.5). Projected, several 1s
    # in a group tie and go to the first column, so early categories are over-drawn.
    df = mixed_frame(n=200)
    enc = MixedTypeEncoder().fit(df)
    rng = np.random.default_rng(7)
    box = uniform_in_box(enc.transform(df), 6000, rng)
    for columns in enc.groups_:
        box[:, columns] = rng.integers(0, 2, size=(6000, len(columns)))
    p_values = _category_p_values(enc, enc.project_to_valid(box))
    assert max(p_values[:3]) < P_MIN, p_values  # every group fails
    assert min(p_values[3:]) > P_MIN  # binary columns were left uniform


def test_convex_mix_takes_the_categories_of_the_heavier_endpoint():
    df = mixed_frame(n=200)
    enc = MixedTypeEncoder().fit(df)
    Xt = enc.transform(df)
    rng = np.random.default_rng(3)
    a, b = Xt[rng.integers(0, 200, 500)], Xt[rng.integers(0, 200, 500)]
    lam = rng.uniform(0, 1, size=(500, 1))
    lam[lam == 0.5] = 0.25
    out = enc.project_to_valid(lam * a + (1 - lam) * b)
    discrete = np.concatenate([*enc.groups_, enc.binary_columns_])
    expected = np.where(lam > 0.5, a, b)
    np.testing.assert_array_equal(out[:, discrete], expected[:, discrete])
    numeric = enc.numeric_columns_
    np.testing.assert_allclose(out[:, numeric], (lam * a + (1 - lam) * b)[:, numeric])


def test_even_mix_goes_to_the_first_category_of_the_two():
    enc = MixedTypeEncoder(onehot_groups=[[0, 1, 2]]).fit(np.eye(3))
    a, b = np.array([0.0, 0, 1]), np.array([0.0, 1, 0])
    assert enc.project_to_valid([0.5 * a + 0.5 * b]).tolist() == [[0, 1, 0]]


def test_columns_constant_in_training_stay_constant():
    # urgent is always True; x2 (a declared category) never occurs; x4..x5 has one category.
    X = np.array([[1, 0, 0, 1, 0, 0.1], [0, 1, 0, 1, 0, 0.9], [1, 0, 0, 1, 0, 0.5]], float)
    enc = MixedTypeEncoder(onehot_groups=[[0, 1, 2], [3, 4]], binary=[]).fit(X)
    assert enc.numeric_columns_.tolist() == [5]
    rows = enc.project_to_valid(uniform_in_box(X, 2000, np.random.default_rng(0)))
    check_valid_rows(enc, rows)
    check_categories_from_training(enc, X, rows)
    assert (rows[:, 2] == 0).all() and (rows[:, 3] == 1).all() and (rows[:, 4] == 0).all()
    assert stats.binomtest(int(rows[:, 0].sum()), 2000).pvalue > P_MIN
    df = pd.DataFrame({"urgent": [True, True], "x": [0.0, 1.0]})
    enc = MixedTypeEncoder().fit(df)
    rows = enc.project_to_valid(uniform_in_box(enc.transform(df), 50, np.random.default_rng(0)))
    assert enc.inverse_transform(rows)["urgent"].tolist() == [True] * 50


# Conformance checks -------------------------------------------------------------------


@pytest.mark.parametrize(
    "row, message",
    [
        ([1, 1, 0, 0, 0.5], "one-hot group ['x0', 'x1', 'x2'] does not have exactly one 1"),
        ([0, 0, 0, 0, 0.5], "first row 1: [0.0, 0.0, 0.0]"),
        ([0, 0, 1, 0.3, 0.5], "binary column 'x3' is not 0 or 1 in 1 row(s), first row 1: [0.3]"),
    ],
)
def test_check_valid_rows_names_what_is_invalid(row, message):
    enc = MixedTypeEncoder(onehot_groups=[[0, 1, 2]]).fit(
        [[1, 0, 0, 0, 0.2], [0, 1, 0, 1, 0.7], [0, 0, 1, 1, 0.1]]
    )
    check_valid_rows(enc, [[0, 1, 0, 1, 0.5]])
    with pytest.raises(AssertionError, match=re.escape(message)):
        check_valid_rows(enc, [[0, 1, 0, 1, 0.5], row])


def test_checks_accept_frames_in_the_input_columns():
    df = mixed_frame()
    enc = MixedTypeEncoder(handle_unknown="ignore").fit(df)
    check_valid_rows(enc, df)
    check_categories_from_training(enc, df, df.head(5))
    new = df.head(2).copy()
    new["host"] = ["z", "a"]
    with pytest.raises(AssertionError, match="Column 'host' has categories not seen in fit"):
        check_valid_rows(enc, new)
    with pytest.raises(AssertionError, match=r"\['z'\]"):
        check_categories_from_training(enc, df, new)


def test_checks_turn_unusable_rows_into_assertion_errors():
    enc = MixedTypeEncoder().fit(np.eye(2))
    with pytest.raises(AssertionError, match="NaN or infinite"):
        check_valid_rows(enc, [[np.nan, 1.0]])
    with pytest.raises(AssertionError, match=r"shape \(n_samples, 2\)"):
        check_categories_from_training(enc, np.eye(2), np.ones((2, 3)))


def test_check_categories_from_training_catches_a_binary_value_never_seen():
    X = np.array([[0.0, 0.1], [0.0, 0.2]])  # x0 is a constant 0 binary column
    enc = MixedTypeEncoder().fit(X)
    with pytest.raises(AssertionError, match="column 'x0' is 1 in 1 generated row"):
        check_categories_from_training(enc, X, [[0.0, 0.5], [1.0, 0.3]])


# The whole path -----------------------------------------------------------------------


def test_uniform_anomalies_for_a_mixed_frame_end_to_end():
    rng = np.random.default_rng(0)
    train = pd.DataFrame(
        {
            "proto": pd.Categorical(rng.choice(["tcp", "udp", "icmp"], size=100)),
            "urgent": rng.random(100) < 0.2,
            "duration": rng.exponential(size=100),
            "rate": rng.random(100).astype(np.float32),
        }
    )
    enc = MixedTypeEncoder().fit(train)
    Xt = enc.transform(train)
    generated = enc.project_to_valid(uniform_in_box(Xt, 300, rng))
    check_valid_rows(enc, generated)
    check_categories_from_training(enc, Xt, generated)
    synthetic = enc.inverse_transform(generated)
    assert synthetic.columns.tolist() == train.columns.tolist()
    assert synthetic.dtypes.tolist() == train.dtypes.tolist()
    assert synthetic["proto"].dtype == train["proto"].dtype  # same categories
    assert set(synthetic["proto"]) == set(train["proto"])
    assert set(synthetic["urgent"]) == {True, False}
    assert synthetic["duration"].between(train["duration"].min(),
                                         train["duration"].max()).all()
