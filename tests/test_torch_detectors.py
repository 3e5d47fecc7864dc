"""The torch detectors: PyOD contract, reproducibility, ranking, and each method's own rules."""

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import roc_auc_score

import pyod_synth
from pyod_synth.generators.base import BaseGenerator
from pyod_synth.tags import learns_from_labels

torch = pytest.importorskip("torch")

# Few epochs and small networks: each fit takes a fraction of a second.
FAST = {
    "lau": {"hidden_sizes": (64, 64), "batch_size": 32, "epochs": 100, "lr": 3e-3},
    "deepsad": {"pretrain_epochs": 5, "epochs": 10, "batch_size": 64},
    "lunar": {"n_epochs": 50},
    "devnet": {"epochs": 10, "n_batches": 20, "batch_size": 128},
}
NAMES = sorted(FAST)


@pytest.fixture(scope="module", autouse=True)
def one_torch_thread():
    # CI shares two cores between test workers; torch's thread pool oversubscribes them
    # and slows these small fits tenfold. Restored afterwards.
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


def make(name, **params):
    return pyod_synth.get_detector(name, **{**FAST[name], "random_state": 0, **params})


@pytest.fixture(scope="module")
def data(easy_problem):
    return easy_problem


@pytest.fixture(scope="module")
def fitted(data):
    """One fitted detector per name, shared by the read-only tests."""
    X, y, _, _ = data
    return {name: make(name).fit(X, y) for name in NAMES}


# --- the PyOD contract, for every torch detector --------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_pyod_fitted_attributes_and_shapes(name, fitted, data):
    X, _, X_test, _ = data
    det = fitted[name]
    assert learns_from_labels(det)
    assert det._classes == 2
    assert det.decision_scores_.shape == (len(X),) and np.isfinite(det.decision_scores_).all()
    assert set(np.unique(det.labels_)) <= {0, 1}
    expected_threshold = np.percentile(det.decision_scores_, 100 * (1 - det.contamination))
    assert det.threshold_ == pytest.approx(expected_threshold)
    scores = det.decision_function(X_test)
    assert scores.shape == (len(X_test),) and scores.dtype == np.float64
    np.testing.assert_array_equal(det.predict(X_test), (scores > det.threshold_).astype(int))
    assert det.predict_proba(X_test).shape == (len(X_test), 2)


@pytest.mark.parametrize("name", NAMES)
def test_ranks_anomalies_first_on_an_easy_problem(name, fitted, data):
    _, _, X_test, y_test = data
    assert roc_auc_score(y_test, fitted[name].decision_function(X_test)) > 0.9


@pytest.mark.parametrize("name", NAMES)
def test_same_random_state_same_scores_without_touching_global_rngs(name, fitted, data):
    X, y, X_test, _ = data
    torch_state, numpy_state = torch.get_rng_state(), np.random.get_state()
    again = make(name).fit(X, y)
    assert torch.equal(torch.get_rng_state(), torch_state)
    assert np.array_equal(np.random.get_state()[1], numpy_state[1])
    np.testing.assert_array_equal(again.decision_scores_, fitted[name].decision_scores_)
    np.testing.assert_array_equal(
        again.decision_function(X_test), fitted[name].decision_function(X_test)
    )
    other = make(name, random_state=1).fit(X, y)
    assert not np.array_equal(other.decision_scores_, fitted[name].decision_scores_)


@pytest.mark.parametrize("name", NAMES)
def test_clone_and_pickle_round_trip(name, fitted, data):
    _, _, X_test, _ = data
    det = fitted[name]
    assert clone(det).get_params() == det.get_params()
    restored = pickle.loads(pickle.dumps(det))
    np.testing.assert_array_equal(restored.decision_function(X_test), det.decision_function(X_test))


@pytest.mark.parametrize("name", NAMES)
def test_bad_input_gets_a_clear_error(name, fitted, data):
    X, y, _, _ = data
    X_nan = X.copy()
    X_nan[5, 2] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        make(name).fit(X_nan, y)
    with pytest.raises(ValueError, match="labels but X has"):
        make(name).fit(X, y[:-1])
    with pytest.raises(ValueError, match="3 features, but .* is expecting 4"):
        fitted[name].decision_function(X[:, :3])
    with pytest.raises(NotFittedError):
        make(name).decision_function(X)


@pytest.mark.parametrize("name", ["lau", "devnet"])
def test_classifiers_need_label_1_rows_and_say_how_to_get_them(name, data):
    X, y, _, _ = data
    with pytest.raises(ValueError, match="no row labeled 1.*Augmented"):
        make(name).fit(X, np.zeros_like(y))


@pytest.mark.parametrize("name", ["deepsad", "lunar"])
def test_detectors_that_work_without_labels(name, data):
    X, y, X_test, y_test = data
    det = make(name).fit(X[y == 0], None)
    assert roc_auc_score(y_test, det.decision_function(X_test)) > 0.9


def test_lau_learns_from_synthetic_anomalies_alone_inside_augmented(data):
    # Lau et al.'s setting: nothing labeled, uniform synthetic anomalies as the negatives.
    X, y, X_test, y_test = data
    det = pyod_synth.Augmented(make("lau"), "uniform", n_synthetic=1.0, random_state=0)
    det.fit(X[y == 0])
    assert det.detector_.n_epochs_ >= 1 and det.n_synthetic_ == (y == 0).sum()
    assert roc_auc_score(y_test, det.decision_function(X_test)) > 0.9


def test_bad_parameters_are_reported_at_fit(data):
    X, y, _, _ = data
    with pytest.raises(ValueError, match="activation must be one of"):
        make("lau", activation="tanh").fit(X, y)
    with pytest.raises(ValueError, match="network_depth must be one of"):
        make("devnet", network_depth=3).fit(X, y)
    with pytest.raises(ValueError, match="model_type must be one of"):
        make("lunar", model_type="BOTH").fit(X, y)
    with pytest.raises(ValueError, match="device"):
        make("deepsad", device="not-a-device").fit(X, y)


# --- Lau et al.'s classifier -----------------------------------------------------------


def test_lau_hinge_sign_convention(fitted, data):
    from pyod_synth.detectors.lau import hinge

    X, y, _, _ = data
    # Normal rows (target +1) sit on the positive side of f, anomalies (-1) on the
    # negative side, so the score 1 - f(x) is below 1 for normals and above for anomalies.
    scores = fitted["lau"].decision_scores_
    assert np.median(scores[y == 0]) < 1 < np.median(scores[y == 1])
    np.testing.assert_allclose(hinge(np.array([2.0, 2.0, 0.5]), np.array([1.0, -1.0, 1.0])),
                               [0.0, 3.0, 0.5])  # fmt: skip


def test_lau_early_stopping_and_its_switch(data):
    X, y, _, _ = data
    stopped = make("lau", epochs=300, patience=3).fit(X, y)
    assert stopped.n_epochs_ < 300
    assert len(stopped.validation_loss_curve_) == stopped.n_epochs_
    full = make("lau", epochs=12, validation_fraction=0).fit(X, y)
    assert full.n_epochs_ == 12 and full.validation_loss_curve_ == []


def test_lau_activation_option(data):
    X, y, _, _ = data
    relu = make("lau", epochs=2).fit(X, y)
    leaky = make("lau", epochs=2, activation="leaky_relu").fit(X, y)
    assert any(isinstance(m, torch.nn.ReLU) for m in relu.network_.modules())
    assert any(isinstance(m, torch.nn.LeakyReLU) for m in leaky.network_.modules())
    assert [m.out_features for m in relu.network_ if isinstance(m, torch.nn.Linear)] == [64, 64, 1]


# --- DeepSAD ---------------------------------------------------------------------------


def test_deepsad_center_rule():
    from pyod_synth.detectors.deepsad import adjust_center

    raw = np.array([0.05, -0.05, 0.3, -0.2, 0.0999, -0.1])
    np.testing.assert_array_equal(adjust_center(raw), [0.1, -0.1, 0.3, -0.2, 0.1, -0.1])
    assert raw[0] == 0.05  # the input is not modified


def test_deepsad_scores_are_squared_distances_to_the_center(fitted, data):
    _, _, X_test, _ = data
    det = fitted["deepsad"]
    assert det.center_.shape == (10,) and (np.abs(det.center_) >= 0.1).all()
    with torch.no_grad():
        phi = det.network_(torch.tensor(X_test, dtype=torch.float32)).numpy()
    expected = ((phi - det.center_.astype(np.float32)) ** 2).sum(axis=1)
    np.testing.assert_allclose(det.decision_function(X_test), expected, rtol=1e-5)


def test_deepsad_architecture_is_adbench_dense(fitted):
    layers = list(fitted["deepsad"].network_)
    linears = [m for m in layers if isinstance(m, torch.nn.Linear)]
    assert [(m.in_features, m.out_features) for m in linears] == [(4, 100), (100, 20), (20, 10)]
    assert all(m.bias is None for m in linears)
    norms = [m for m in layers if isinstance(m, torch.nn.BatchNorm1d)]
    assert all(not m.affine and m.eps == 1e-4 for m in norms) and len(norms) == 2


def test_adbench_lr_milestone_at_zero_means_lr_1e_minus_4():
    # Why DeepSAD's default lr is 1e-4: ADBench's lr=1e-3 with milestones=[0].
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.Adam([param], lr=1e-3)
    torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[0], gamma=0.1)
    assert optimizer.param_groups[0]["lr"] == pytest.approx(1e-4)


def test_deepsad_pushes_labeled_anomalies_away_and_handles_tiny_data(data):
    X, y, _, _ = data
    det = make("deepsad", epochs=20).fit(X, y)
    assert det.decision_scores_[y == 1].min() > np.median(det.decision_scores_[y == 0])
    tiny = make("deepsad", batch_size=128).fit(X[:20], y[:20])  # fewer rows than a batch
    assert np.isfinite(tiny.decision_scores_).all() and len(tiny.loss_curve_) == 10


# --- LUNAR -----------------------------------------------------------------------------


class CornerGenerator(BaseGenerator):
    """Negatives at the upper corner of the scaled box (for testing)."""

    def _fit(self, X, is_anomaly):
        self.corner_ = X.max(axis=0)

    def _sample(self, n_samples, rng):
        return self.corner_ + rng.uniform(0.0, 0.1, (n_samples, self.corner_.size))


def test_lunar_negatives_come_from_the_chosen_generator(data):
    X, y, X_test, _ = data
    unlabeled = np.zeros_like(y)
    uniform = make("lunar", generator="uniform").fit(X, unlabeled)
    corner_gen = CornerGenerator()
    corner = make("lunar", generator=corner_gen).fit(X, unlabeled)
    assert type(uniform.generator_).__name__ == "UniformGenerator"
    assert isinstance(corner.generator_, CornerGenerator)
    assert not hasattr(corner_gen, "n_features_in_")  # the caller's generator is not fitted
    drawn_uniform = uniform.generator_.sample(200, random_state=0)
    drawn_corner = corner.generator_.sample(200, random_state=0)
    assert (drawn_corner >= 1.0 - 1e-12).all()  # past the [0, 1] min-max box
    assert drawn_uniform.max() <= 1.0 and drawn_uniform.min() >= 0.0
    assert not np.allclose(uniform.decision_function(X_test), corner.decision_function(X_test))


def test_lunar_labeled_anomalies_join_the_negatives(data):
    X, y, X_test, y_test = data
    only_labels = make("lunar", proportion=0.0).fit(X, y)
    assert only_labels.n_negatives_ == y.sum()
    assert roc_auc_score(y_test, only_labels.decision_function(X_test)) > 0.9
    both = make("lunar").fit(X, y)
    assert both.n_negatives_ > y.sum()
    with pytest.raises(ValueError, match="no negatives"):
        make("lunar", proportion=0.0).fit(X, np.zeros_like(y))


def test_lunar_rejects_bad_generator_and_too_few_neighbours(data):
    X, y, _, _ = data
    with pytest.raises(ValueError, match="unknown generator 'nope'"):
        make("lunar", generator="nope").fit(X, y)
    with pytest.raises(TypeError, match="generator must be a registered name"):
        make("lunar", generator=42).fit(X, y)
    with pytest.raises(ValueError, match="more than n_neighbours=5"):
        make("lunar", val_size=0.5).fit(X[:8], np.zeros(8))


def test_lunar_without_validation_keeps_the_last_epoch(data):
    X, y, _, _ = data
    det = make("lunar", val_size=0.0, n_epochs=7).fit(X, y)
    assert det.best_epoch_ == 7


# --- DevNet ----------------------------------------------------------------------------


def test_devnet_network_depths_follow_the_reference(data):
    X, y, _, _ = data
    for depth, widths in [(1, [1]), (2, [20, 1]), (4, [1000, 250, 20, 1])]:
        det = make("devnet", network_depth=depth, epochs=1, n_batches=1).fit(X, y)
        linears = [m for m in det.network_ if isinstance(m, torch.nn.Linear)]
        assert [m.out_features for m in linears] == widths


def test_devnet_batches_alternate_labels():
    from pyod_synth.detectors.devnet import _alternating_batch

    pools = [torch.arange(0, 100), torch.arange(100, 103)]
    batch = _alternating_batch(pools, 10, torch.Generator().manual_seed(0))
    assert (batch[0::2] < 100).all() and (batch[1::2] >= 100).all()
