import numpy as np
import pytest
from scipy import stats

import pyod_synth
from pyod_synth.feature_types import MixedTypeEncoder
from pyod_synth.generators import nngmix
from pyod_synth.generators.nngmix import NNGMixGenerator

# These tests read 0/1 and constant columns as coordinates; by default a column whose values
# all lie in {0, 1} is binary, and generators project it to 0 or 1 (and add no noise to it).
NUMERIC_ONLY = MixedTypeEncoder(binary=None)


def split_data(n_unlabeled=60, n_anomalies=6, d=3, seed=0):
    """Random rows with the labeled anomalies scattered among the unlabeled ones."""
    rng = np.random.default_rng(seed)
    X = rng.random((n_unlabeled + n_anomalies, d))
    y = np.zeros(len(X), dtype=int)
    y[rng.choice(len(X), n_anomalies, replace=False)] = 1
    return X, y


def brute_force_partner_sets(X, y, k_u, k_a):
    """Allowed (anchor row, partner row) pairs, computed independently of the generator."""
    A, U = X[y == 1], X[y == 0]
    d_au = np.linalg.norm(A[:, None] - U[None], axis=2)
    d_aa = np.linalg.norm(A[:, None] - A[None], axis=2)
    allowed = []
    for i in range(len(A)):
        near_u = U[np.argsort(d_au[i], kind="stable")[:k_u]]
        near_a = [j for j in np.argsort(d_aa[i], kind="stable")[:k_a] if j != i]
        allowed.append((A[i], near_u, A[near_a] if near_a else A[[i]]))
    return allowed


def segment_fit(S, a, P):
    """lam and residual of each sample projected on each segment a -> P[j]."""
    diff = a - P  # (m, d)
    lam = np.einsum("nmd,md->nm", S[:, None] - P[None], diff) / np.einsum("md,md->m", diff, diff)
    lam = np.clip(lam, 0, 1)
    mixed = lam[..., None] * a + (1 - lam[..., None]) * P[None]
    return lam, np.linalg.norm(S[:, None] - mixed, axis=2)


def test_registered_under_nngmix():
    assert isinstance(pyod_synth.get_generator("nngmix"), NNGMixGenerator)


@pytest.mark.parametrize("p_unlabeled", [0.0, 0.3, 0.5, 1.0])
def test_branch_proportion_matches_p_unlabeled(p_unlabeled):
    # Anomalies have second feature 1, unlabeled rows 0: the partner's branch shows in it.
    rng = np.random.default_rng(1)
    X = np.column_stack([rng.random(80), np.r_[np.ones(8), np.zeros(72)]])
    y = np.r_[np.ones(8), np.zeros(72)]
    gen = NNGMixGenerator(p_unlabeled=p_unlabeled, lam="uniform", noise_std=0).fit(
        X, y, feature_types=NUMERIC_ONLY
    )
    n = 4000
    S = gen.sample(n, random_state=2)
    n_unlabeled_branch = int((S[:, 1] < 1).sum())
    if p_unlabeled in (0.0, 1.0):
        assert n_unlabeled_branch == p_unlabeled * n
    else:
        assert stats.binomtest(n_unlabeled_branch, n, p_unlabeled).pvalue > 0.01


def test_noise_free_samples_lie_on_allowed_segments_and_use_every_neighbour():
    X, y = split_data(n_unlabeled=40, n_anomalies=6, d=3, seed=3)
    k_u, k_a = 4, 3
    gen = NNGMixGenerator(n_neighbors=k_u, n_neighbors_anomaly=k_a, noise_std=0).fit(X, y)
    S = gen.sample(3000, random_state=4)
    on_allowed = np.zeros(len(S), dtype=bool)
    for a, near_u, near_a in brute_force_partner_sets(X, y, k_u, k_a):
        P = np.vstack([near_u, near_a])
        lam, resid = segment_fit(S, a, P)
        hit = resid < 1e-9
        on_allowed |= hit.any(axis=1)
        # Every candidate partner is used (unambiguous samples only: lam away from 1).
        used = (hit & (lam < 0.9)).any(axis=0)
        assert used.all(), "some allowed partner was never drawn"
    assert on_allowed.all(), f"{(~on_allowed).sum()} samples lie on no allowed segment"


def test_noise_free_samples_are_not_on_disallowed_segments():
    # Sanity check of the membership test itself: with k = 1 the second-nearest
    # unlabeled row is never a partner.
    X, y = split_data(n_unlabeled=40, n_anomalies=4, d=3, seed=5)
    gen = NNGMixGenerator(n_neighbors=1, p_unlabeled=1.0, lam="uniform", noise_std=0)
    S = gen.fit(X, y).sample(500, random_state=6)
    allowed = brute_force_partner_sets(X, y, 2, 1)
    second = np.vstack([near_u[1] for _, near_u, _ in allowed])
    hits = np.zeros(len(S), dtype=bool)
    for (a, _, _), p in zip(allowed, second, strict=True):
        _, resid = segment_fit(S, a, p[None])
        hits |= resid[:, 0] < 1e-9
    assert not hits.any()


@pytest.mark.parametrize(
    ("lam", "params", "dist"),
    [
        ("beta", {}, stats.beta(0.2, 0.2)),
        ("beta", {"alpha": 2.0, "beta": 5.0}, stats.beta(2.0, 5.0)),
        ("uniform", {}, stats.uniform(0, 1)),
    ],
)
def test_recovered_lambda_follows_its_distribution(lam, params, dist):
    # One anomaly at 1, unlabeled rows at 0 on feature 0: the sample is lam itself.
    X = np.column_stack([np.r_[1.0, np.zeros(30)], np.arange(31.0) * 1e-3])
    y = np.r_[1, np.zeros(30)]
    gen = NNGMixGenerator(lam=lam, p_unlabeled=1.0, noise_std=0, **params).fit(
        X, y, feature_types=NUMERIC_ONLY
    )
    recovered = gen.sample(3000, random_state=7)[:, 0]
    assert stats.kstest(recovered, dist.cdf).pvalue > 0.01
    wrong = stats.uniform(0, 1) if lam == "beta" else stats.beta(0.2, 0.2)
    assert stats.kstest(recovered, wrong.cdf).pvalue < 1e-6


@pytest.mark.parametrize("branch", ["unlabeled", "anomaly"])
def test_noise_variance_is_sigma2_times_lam2_plus_one_minus_lam2(branch):
    # Feature 0 separates anchor and partner by 1000, so lam is known to ~1e-5 despite
    # the noise; the other 200 features are pure mixed noise.
    d, sigma = 201, 0.5
    far = np.zeros(d)
    far[0] = 1000.0
    if branch == "unlabeled":
        X = np.vstack([far, np.zeros((10, d))])  # one anomaly, one unlabeled row x10
        y = np.r_[1, np.zeros(10)]
        p_unlabeled = 1.0
    else:
        X = np.vstack([far, np.zeros(d)])  # two anomalies, each the other's partner
        y = np.ones(2)
        p_unlabeled = 0.0
    gen = NNGMixGenerator(p_unlabeled=p_unlabeled, noise_std=sigma).fit(
        X, y, feature_types=NUMERIC_ONLY
    )
    S = gen.sample(2000, random_state=8)
    lam = np.clip(S[:, 0] / 1000.0, 0, 1)  # or 1 - lam: the variance is symmetric
    z = S[:, 1:] / (sigma * np.sqrt(lam**2 + (1 - lam) ** 2))[:, None]
    assert stats.kstest(z.ravel()[:20000], "norm").pvalue > 0.01
    # Chi-square of the pooled variance: 400k values, so +-1% is many standard errors.
    assert abs(np.mean(z**2) - 1) < 0.01
    # Noise on one endpoint only, or unsplit noise, would be far off.
    plain = S[:, 1:] / sigma
    assert abs(np.mean(plain**2) - 0.857) < 0.02  # E[lam^2 + (1-lam)^2], Beta(0.2, 0.2)


def test_anchor_is_never_its_own_partner():
    X, y = split_data(n_unlabeled=30, n_anomalies=5, seed=9)
    gen = NNGMixGenerator(p_unlabeled=0.0, lam="uniform", noise_std=0).fit(X, y)
    own = gen.n_unlabeled_kept_ + np.arange(5)[:, None]
    assert gen.anomaly_neighbors_.shape == (5, 4)
    assert not (gen.anomaly_neighbors_ == own).any()
    S = gen.sample(2000, random_state=10)
    # A self-partner would return the anchor itself; uniform lam never hits an endpoint.
    assert not (S[:, None] == X[y == 1][None]).all(axis=2).any()


def test_duplicate_anomalies_are_partners_and_own_position_is_excluded():
    r, s = np.array([0.2, 0.3]), np.array([0.9, 0.1])
    X = np.vstack([r, r, r, s, np.random.default_rng(11).random((20, 2))])
    y = np.r_[np.ones(4), np.zeros(20)]
    gen = NNGMixGenerator(n_neighbors_anomaly=3).fit(X, y)
    table = gen.anomaly_neighbors_ - gen.n_unlabeled_kept_
    for i in range(3):  # copies of r: partners are the two other copies
        assert sorted(table[i]) == sorted({0, 1, 2} - {i})
    assert set(table[3]) <= {0, 1, 2}


def test_k_larger_than_the_pools_is_clipped():
    X, y = split_data(n_unlabeled=4, n_anomalies=3, seed=12)
    gen = NNGMixGenerator(n_neighbors=10, n_neighbors_anomaly=10).fit(X, y)
    assert gen.n_neighbors_ == 4 and gen.unlabeled_neighbors_.shape == (3, 4)
    assert gen.n_neighbors_anomaly_ == 3 and gen.anomaly_neighbors_.shape == (3, 2)
    assert gen.sample(50, random_state=0).shape == (50, 3)


def test_single_anomaly_is_its_own_anomaly_partner():
    X, y = split_data(n_unlabeled=20, n_anomalies=1, seed=13)
    a = X[y == 1][0]
    S = NNGMixGenerator(p_unlabeled=0.0, noise_std=0).fit(X, y).sample(100, random_state=0)
    np.testing.assert_allclose(S, np.tile(a, (100, 1)), rtol=0, atol=1e-15)
    noisy = NNGMixGenerator(p_unlabeled=0.0, noise_std=0.1).fit(X, y).sample(100, random_state=0)
    assert 0 < np.abs(noisy - a).max() < 1.0


def test_only_labeled_anomalies_means_every_partner_is_an_anomaly():
    X = np.random.default_rng(14).random((5, 2))
    gen = NNGMixGenerator(p_unlabeled=1.0, noise_std=0).fit(X, np.ones(5))
    assert gen.n_neighbors_ == 0 and gen.n_unlabeled_kept_ == 0
    S = gen.sample(200, random_state=0)
    on_segment = np.zeros(len(S), dtype=bool)
    for i in range(5):
        _, resid = segment_fit(S, X[i], np.delete(X, i, axis=0))
        on_segment |= (resid < 1e-9).any(axis=1)
    assert on_segment.all()


def test_adjust_k_options_set_k_from_the_number_of_anomalies():
    X, y = split_data(n_unlabeled=100, n_anomalies=20, seed=15)
    gen = NNGMixGenerator(adjust_k=True, adjust_k_anomaly=True).fit(X, y)
    assert gen.n_neighbors_ == 40 and gen.unlabeled_neighbors_.shape == (20, 40)
    assert gen.n_neighbors_anomaly_ == 6 and gen.anomaly_neighbors_.shape == (20, 5)
    X, y = split_data(n_unlabeled=100, n_anomalies=3, seed=15)
    gen = NNGMixGenerator(adjust_k_anomaly=True).fit(X, y)  # int(0.9) = 0 -> 1: itself
    assert gen.n_neighbors_anomaly_ == 1
    own = gen.n_unlabeled_kept_ + np.arange(3)
    np.testing.assert_array_equal(gen.anomaly_neighbors_[:, 0], own)
    assert NNGMixGenerator(adjust_k=True).fit(X, y).n_neighbors_ == 6


def test_blocked_neighbour_search_matches_brute_force(monkeypatch):
    # Blocks of 40 rows force merges across blocks (the last one smaller than k), with
    # anomalies interleaved.
    X, y = split_data(n_unlabeled=200, n_anomalies=9, d=20, seed=16)
    X[[5, 50, 120]] = X[[4, 49, 119]]  # ties across and within blocks
    y[[4, 5, 49, 50, 119, 120]] = 0
    monkeypatch.setattr(nngmix, "_POOL_BLOCK_BYTES", 40 * 8 * 20)
    gen = NNGMixGenerator(n_neighbors=12).fit(X, y)
    A, U_rows = X[y == 1], np.flatnonzero(y == 0)
    dist = np.linalg.norm(A[:, None] - X[U_rows][None], axis=2)
    for i in range(len(A)):
        expected = X[U_rows[np.argsort(dist[i], kind="stable")[:12]]]
        got = gen.pool_[gen.unlabeled_neighbors_[i]]
        np.testing.assert_allclose(np.linalg.norm(got - A[i], axis=1), np.sort(dist[i])[:12])
        np.testing.assert_array_equal(got, expected)


def test_fitted_state_keeps_only_neighbouring_unlabeled_rows():
    X, y = split_data(n_unlabeled=3000, n_anomalies=4, d=5, seed=17)
    gen = NNGMixGenerator(n_neighbors=5).fit(X, y)
    assert gen.n_unlabeled_kept_ <= 4 * 5
    assert gen.pool_.shape[0] == gen.n_unlabeled_kept_ + 4
    stored = sum(v.nbytes for v in vars(gen).values() if isinstance(v, np.ndarray))
    assert stored < X.nbytes / 50


def test_same_seed_same_samples_and_inputs_untouched():
    X, y = split_data(seed=18)
    X_before, y_before = X.copy(), y.copy()
    gen = NNGMixGenerator().fit(X, y)
    a = gen.sample(100, random_state=3)
    np.testing.assert_array_equal(a, NNGMixGenerator().fit(X, y).sample(100, random_state=3))
    assert not np.array_equal(a, gen.sample(100, random_state=4))
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    a[:] = 0  # the output owns its memory: the fitted rows are untouched
    assert np.array_equal(gen.pool_[gen.n_unlabeled_kept_:], X[y == 1])


def test_auto_count_is_five_per_labeled_anomaly():
    X, y = split_data(n_anomalies=7, seed=19)
    assert NNGMixGenerator().fit(X, y).auto_n_samples() == 35


@pytest.mark.parametrize("y", [None, "zeros"])
def test_needs_labeled_anomalies(y):
    X = np.random.default_rng(20).random((30, 2))
    with pytest.raises(ValueError, match="at least one labeled anomaly"):
        NNGMixGenerator().fit(X, None if y is None else np.zeros(30))


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"p_unlabeled": -0.1}, "p_unlabeled"),
        ({"p_unlabeled": 1.5}, "p_unlabeled"),
        ({"p_unlabeled": "0.5"}, "p_unlabeled"),
        ({"noise_std": -1.0}, "noise_std"),
        ({"noise_std": float("inf")}, "noise_std"),
        ({"noise_std": float("nan")}, "noise_std"),
        ({"n_neighbors": 0}, "n_neighbors"),
        ({"n_neighbors": 2.5}, "n_neighbors"),
        ({"n_neighbors": True}, "n_neighbors"),
        ({"n_neighbors_anomaly": 0}, "n_neighbors_anomaly"),
        ({"lam": "gamma"}, "lam"),
        ({"alpha": 0.0}, "alpha"),
        ({"beta": -1.0}, "beta"),
        ({"adjust_k": "yes"}, "adjust_k"),
        ({"adjust_k_anomaly": 1}, "adjust_k_anomaly"),
    ],
)
def test_bad_parameters_raise_clear_errors(params, match):
    X, y = split_data(seed=21)
    with pytest.raises(ValueError, match=match):
        NNGMixGenerator(**params).fit(X, y)
