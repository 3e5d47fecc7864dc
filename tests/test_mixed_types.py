"""Mixed-type data end to end: generators, Augmented, ScoreBlend, the sampler, the bench path."""

import numpy as np
import pandas as pd
import pytest
from conftest import load_real
from scipy import stats
from sklearn.ensemble import RandomForestClassifier

from pyod_synth import Augmented, SyntheticAnomalySampler
from pyod_synth.blend import ScoreBlend
from pyod_synth.feature_types import (
    MixedTypeEncoder,
    check_categories_from_training,
    check_valid_rows,
)
from pyod_synth.generators.gaussian_noise import GaussianNoiseGenerator
from pyod_synth.generators.nngmix import NNGMixGenerator
from pyod_synth.generators.uniform import UniformGenerator

PROTOS = ["icmp", "tcp", "udp"]


def frame(n=120, n_anomalies=12, seed=0):
    rng = np.random.default_rng(seed)
    bytes_ = rng.normal(size=n)
    bytes_[:n_anomalies] += 5
    df = pd.DataFrame({
        "bytes": bytes_,
        "proto": pd.Categorical(rng.choice(PROTOS, n), categories=PROTOS),
        "urgent": rng.random(n) < 0.3,
        "count": rng.integers(0, 5, n),
    })
    y = pd.Series(np.r_[np.ones(n_anomalies), np.zeros(n - n_anomalies)].astype(int), name="y")
    return df, y


def rf():
    return RandomForestClassifier(n_estimators=20, random_state=0)


# ---------------------------------------------------------------- generators


def test_uniform_draws_one_category_uniformly_and_binary_bernoulli_half():
    df, y = frame(n=300)
    S = UniformGenerator().fit(df, y).sample(6000, random_state=1)
    counts = S["proto"].value_counts().reindex(PROTOS).to_numpy()
    assert stats.chisquare(counts).pvalue > 0.01  # uniform over the 3 categories
    assert stats.binomtest(int(S["urgent"].sum()), 6000, 0.5).pvalue > 0.01
    assert S.dtypes.tolist() == df.dtypes.tolist()[:3] + [np.dtype(np.float64)]  # count: floats
    lo, hi = df["bytes"].min(), df["bytes"].max()
    assert stats.kstest(S["bytes"], stats.uniform(lo, hi - lo).cdf).pvalue > 0.01


def test_uniform_on_numeric_arrays_draws_exactly_the_box_as_before():
    X = np.random.default_rng(0).normal(size=(50, 4))
    gen = UniformGenerator(margin=0.1).fit(X)
    spread = X.max(0) - X.min(0)
    expected = np.random.default_rng(3).uniform(X.min(0) - 0.1 * spread,
                                                X.max(0) + 0.1 * spread, size=(20, 4))
    np.testing.assert_array_equal(gen.sample(20, random_state=3), expected)  # byte-identical


def test_gaussian_noise_keeps_each_anchor_category_and_binary_value():
    df, y = frame()
    anomalies = df[y == 1]
    S = GaussianNoiseGenerator(std=0.3).fit(df, y).sample(500, random_state=0)
    anchors = set(zip(anomalies["proto"], anomalies["urgent"], strict=True))
    assert set(zip(S["proto"], S["urgent"], strict=True)) <= anchors
    assert S["bytes"].nunique() == 500  # numeric columns still get noise


def test_nngmix_takes_the_category_of_an_endpoint_despite_noise():
    # Two anomalies of category "udp", their unlabeled neighbours all "tcp": every sample is
    # "udp" or "tcp", never "icmp", although noise is large.
    df = pd.DataFrame({
        "x": np.r_[5.0, 5.1, np.linspace(4.0, 6.0, 20), np.zeros(40)],
        "proto": pd.Categorical(["udp"] * 2 + ["tcp"] * 20 + ["icmp"] * 40, categories=PROTOS),
    })
    y = np.r_[1, 1, np.zeros(60)]
    S = NNGMixGenerator(noise_std=0.5, n_neighbors=10).fit(df, y).sample(800, random_state=0)
    assert set(S["proto"]) == {"udp", "tcp"}


def test_array_categorical_columns_declared_by_feature_types():
    rng = np.random.default_rng(0)
    X = np.column_stack([rng.normal(size=60), rng.choice([10, 20, 30], 60)])
    declared = MixedTypeEncoder(categorical=[1])
    S = UniformGenerator().fit(X, feature_types=declared).sample(300, random_state=0)
    assert set(np.unique(S[:, 1])) == {10.0, 20.0, 30.0}  # labels, never 17.3


def test_missing_values_are_a_clear_error():
    df, y = frame()
    df.loc[3, "bytes"] = np.nan
    with pytest.raises(ValueError, match="'bytes' has 1 missing value"):
        UniformGenerator().fit(df, y)
    with pytest.raises(ValueError, match="missing value"):
        Augmented(rf(), "uniform").fit(df, y)


# ---------------------------------------------------------------- detectors


def test_augmented_scores_a_dataframe_and_reuses_the_encoder():
    df, y = frame()
    det = Augmented(rf(), "uniform", random_state=0).fit(df, y)
    assert det.feature_encoder_.get_feature_names_out().tolist()[1:4] == [
        "proto_icmp", "proto_tcp", "proto_udp"]
    scores = det.decision_function(df)
    np.testing.assert_allclose(scores, det.decision_scores_)
    assert scores[y == 1].mean() > scores[y == 0].mean()


def test_unseen_category_scores_as_unusual_by_default_and_can_be_refused():
    df, y = frame()
    test = df.iloc[20:30].copy()
    test["proto"] = test["proto"].cat.add_categories("gre")
    test.iloc[0, 1] = "gre"
    det = Augmented(rf(), "uniform", random_state=0).fit(df, y)
    assert np.isfinite(det.decision_function(test)).all()
    strict = Augmented(rf(), "uniform", random_state=0,
                       feature_types=MixedTypeEncoder(handle_unknown="error")).fit(df, y)
    with pytest.raises(ValueError, match=r"'proto' has categories not seen in fit: \['gre'\]"):
        strict.decision_function(test)


def test_wrong_columns_at_scoring_time_are_named():
    df, y = frame()
    det = Augmented(rf(), "uniform", random_state=0).fit(df, y)
    with pytest.raises(ValueError, match="n_bytes"):
        det.decision_function(df.rename(columns={"bytes": "n_bytes"}))


def test_score_blend_on_a_dataframe_tells_its_members_the_encoded_layout():
    df, y = frame()
    blend = ScoreBlend([{"detector": rf(), "generator": "uniform"}, "iforest"],
                       random_state=0).fit(df, y)
    member_encoder = blend.members_[0].generator_.feature_encoder_
    assert [g.tolist() for g in member_encoder.groups_] == [[1, 2, 3]]
    assert np.isfinite(blend.decision_function(df)).all()


def test_sampler_returns_a_dataframe_with_the_same_columns_and_dtypes():
    df, y = frame()
    df["count"] = df["count"].astype(float)
    X_out, y_out = SyntheticAnomalySampler("uniform", n_synthetic=50,
                                           random_state=0).fit_resample(df, y)
    assert isinstance(X_out, pd.DataFrame) and isinstance(y_out, pd.Series)
    assert X_out.dtypes.tolist() == df.dtypes.tolist() and y_out.name == "y"
    pd.testing.assert_frame_equal(X_out.iloc[:len(df)], df)  # real rows unchanged
    synthetic = X_out.iloc[len(df):]
    encoder = MixedTypeEncoder().fit(df)
    check_valid_rows(encoder, synthetic)
    check_categories_from_training(encoder, df, synthetic)
    assert y_out.iloc[len(df):].eq(1).all() and len(synthetic) == 50


def test_sampler_on_a_label_array_returns_labels_from_training():
    rng = np.random.default_rng(0)
    X = np.column_stack([rng.normal(size=40).round(3).astype(str),
                         rng.choice(["a", "b"], 40)]).astype(object)
    X[:, 0] = X[:, 0].astype(float)
    X_out, y_out = SyntheticAnomalySampler("uniform", n_synthetic=30, random_state=0,
                                           feature_types=MixedTypeEncoder(categorical=[1])
                                           ).fit_resample(X)
    assert X_out.shape == (70, 2) and set(X_out[40:, 1]) == {"a", "b"}
    assert y_out.tolist() == [0] * 40 + [1] * 30


# ---------------------------------------------------------------- the bench's code path


def test_bench_fit_and_score_leaves_a_dataframe_to_the_detector(monkeypatch):
    from pyod_synth.bench import experiment
    from pyod_synth.bench.grid import Grid

    df, y = frame()
    y_test = y.iloc[80:].to_numpy().copy()
    y_test[:3] = 1
    split = {"X_train": df.iloc[:80], "y_train": y.iloc[:80].to_numpy(),
             "X_test": df.iloc[80:], "y_test": y_test}
    monkeypatch.setattr("pyod_synth.datasets.load_dataset", lambda name, data_dir=None: (df, y))
    monkeypatch.setattr("pyod_synth.adbench.protocol.split", lambda X, y, seed, la: split)
    models = []
    build = experiment.build_model
    monkeypatch.setattr(experiment, "build_model", lambda spec: models.append(build(spec))
                        or models[-1])
    (spec,) = Grid(datasets=["mixed"], detectors=["random_forest"], generators=["uniform"],
                   seeds=[0], la=[0.1]).runs()
    data, model, task = experiment._prepare(spec, None)
    row = experiment._fit_and_score(data, model, spec, task)
    assert 0.0 <= row["aucroc"] <= 1.0 and row["n_features"] == 4
    # The detector saw the DataFrame itself: its encoder kept the column names.
    assert models[0].feature_encoder_.feature_names_in_.tolist() == list(df.columns)


# ---------------------------------------------------------------- NSL-KDD, end to end


def test_augmented_with_uniform_runs_on_nsl_kdd_categoricals(real_root):
    # A subsample keeps it fast; the full split (and "lau") is measured in the report.
    pytest.importorskip("catboost")
    from pyod_synth.known_unseen import PRESETS, known_unseen_split, per_type_scores

    preset = PRESETS["nsl-kdd/r2l+u2r"]
    task = known_unseen_split(load_real(preset.dataset, real_root), preset.known,
                              unseen=preset.unseen, random_state=preset.random_state)
    rng = np.random.default_rng(0)
    train = rng.choice(len(task.y_train), 800, replace=False)
    test = rng.choice(len(task.y_test), 1500, replace=False)
    X_train, X_test = task.X_train.iloc[train], task.X_test.iloc[test]
    assert (X_train.dtypes == "category").sum() == 3  # protocol_type, service, flag
    det = Augmented("catboost", "uniform", n_synthetic=1.0, random_state=0).set_params(
        detector__iterations=100)
    scores = det.fit(X_train, task.y_train[train]).decision_function(X_test)
    assert det.n_synthetic_ == 800
    result = per_type_scores(task.y_test[test], task.types_test[test], scores, known=task.known)
    unseen = result.per_type.loc[["DoS", "Probe"]]
    assert (unseen["aupr"] > unseen["aupr_random"]).all()
