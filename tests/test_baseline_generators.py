"""Reference semantics of the NNG-Mix paper's baselines (mixup, cutout, cutmix, gaussian_noise)
and of the SMOTE generator, plus their quirk-fixing options."""

import numpy as np
import pytest
from scipy import stats

from pyod_synth.generators.cutmix import CutMixGenerator
from pyod_synth.generators.cutout import CutoutGenerator, draw_blocks
from pyod_synth.generators.gaussian_noise import GaussianNoiseGenerator
from pyod_synth.generators.mixing import draw_partners
from pyod_synth.generators.mixup import MixupGenerator
from pyod_synth.generators.smote import SMOTEGenerator

ANOMALY_ROWS = [3, 7, 11, 15]


def one_hot_data(n=20):
    """Row i is 10 * e_i: the support of a mix of two rows names both rows."""
    X = 10.0 * np.eye(n)
    y = np.zeros(n, dtype=int)
    y[ANOMALY_ROWS] = 1
    return X, y


def encoded_data(n_rows=40, n_features=30):
    """X[i, j] = 1000 * (i + 1) + j: every value says which row and feature it came from."""
    X = 1000.0 * (np.arange(n_rows)[:, None] + 1) + np.arange(n_features)[None, :]
    y = np.zeros(n_rows, dtype=int)
    y[[2, 9, 20, 33]] = 1
    return X, y


def decode(S):
    return S.astype(int) // 1000 - 1, S.astype(int) % 1000


def row_index(S, X):
    """Position in X of each row of S, or -1 when S's row is not a row of X."""
    equal = (S[:, None, :] == X[None, :, :]).all(axis=2)
    return np.where(equal.any(axis=1), equal.argmax(axis=1), -1)


# ---------------------------------------------------------------- shared pool draw


def test_partner_draw_is_uniform_over_the_pool_without_the_anchor():
    rng = np.random.default_rng(0)
    anchors = np.full(20_000, 2)
    partners = draw_partners(rng, anchors, 5, exclude_anchor=True)
    assert not (partners == 2).any()
    counts = np.bincount(partners, minlength=5)[[0, 1, 3, 4]]
    assert stats.chisquare(counts).pvalue > 0.01


def test_partner_draw_may_hit_the_anchor_when_not_excluded():
    partners = draw_partners(np.random.default_rng(0), np.zeros(5000, int), 4, False)
    assert stats.chisquare(np.bincount(partners, minlength=4)).pvalue > 0.01


# ---------------------------------------------------------------- mixup


def mix_supports(S):
    """The two rows each sample mixes (sorted), for the samples that show two rows.

    Beta(0.2, 0.2) returns exactly 1.0 now and then (rounding, about 3e-4 of draws): such
    a sample is one whole row, whose partner cannot be read off. They are left out.
    """
    counts = (S != 0).sum(axis=1)
    assert np.isin(counts, (1, 2)).all() and (counts == 1).mean() < 0.005
    two = counts == 2
    return np.sort(np.nonzero(S[two])[1].reshape(-1, 2), axis=1), two


def test_mixup_mixes_an_anomaly_with_another_pool_row():
    X, y = one_hot_data()
    S = MixupGenerator().fit(X, y).sample(3000, random_state=0)
    np.testing.assert_allclose(S.sum(axis=1), 10.0)  # convex weights
    pairs, _ = mix_supports(S)  # two distinct rows: the partner is never the anchor
    assert np.isin(pairs, ANOMALY_ROWS).any(axis=1).all()  # one end is a labeled anomaly
    # pool = A and U; the anchor's own row excluded: 16 of the 19 partners are unlabeled
    unlabeled = (~np.isin(pairs, ANOMALY_ROWS)).any(axis=1).sum()
    assert stats.binomtest(int(unlabeled), len(pairs), 16 / 19).pvalue > 0.01


def test_mixup_lambda_is_beta_by_default_and_uniform_on_request():
    X, y = one_hot_data()
    for params, dist in (({}, stats.beta(0.2, 0.2)), ({"lam": "uniform"}, stats.uniform())):
        S = MixupGenerator(**params).fit(X, y).sample(4000, random_state=1)
        pairs, two = mix_supports(S)
        S = S[two]
        anchor_first = ~np.isin(pairs[:, 1], ANOMALY_ROWS) & np.isin(pairs[:, 0], ANOMALY_ROWS)
        anchor_second = ~np.isin(pairs[:, 0], ANOMALY_ROWS) & np.isin(pairs[:, 1], ANOMALY_ROWS)
        rows = np.arange(len(S))
        lam = np.r_[
            S[rows[anchor_first], pairs[anchor_first, 0]],
            S[rows[anchor_second], pairs[anchor_second, 1]],
        ] / 10.0
        assert len(lam) > 2500
        assert stats.kstest(lam, dist.cdf).pvalue > 0.01


def test_mixup_anomaly_pool_never_touches_unlabeled_rows():
    X, y = one_hot_data()
    S = MixupGenerator(pool="anomalies").fit(X, y).sample(2000, random_state=2)
    pairs, _ = mix_supports(S)
    assert np.isin(pairs, ANOMALY_ROWS).all()
    assert len(np.unique(pairs, axis=0)) == 6  # every pair of the 4 anomalies occurs


def test_mixup_with_one_anomaly_may_pick_itself_as_in_the_reference():
    X, y = one_hot_data()
    y = (np.arange(len(y)) == 3).astype(int)
    S = MixupGenerator().fit(X, y).sample(4000, random_state=3)
    copies = ((S != 0).sum(axis=1) == 1) & np.isclose(S[:, 3], 10.0)
    assert stats.binomtest(int(copies.sum()), len(S), 1 / 20).pvalue > 0.01


# ---------------------------------------------------------------- cutout


@pytest.mark.parametrize("n_features", [1, 3, 6])
def test_cutout_reference_mode_copies_pool_rows_when_d_is_small(n_features):
    X = np.random.default_rng(0).uniform(1.0, 2.0, size=(50, n_features))
    y = np.r_[np.ones(5, int), np.zeros(45, int)]
    S = CutoutGenerator().fit(X, y).sample(500, random_state=0)
    source = row_index(S, X)
    assert (source >= 0).all()  # the quirk: an unmodified training row labeled anomalous
    # base rows are uniform over A and U, so mostly unlabeled
    assert stats.binomtest(int((source >= 5).sum()), 500, 45 / 50).pvalue > 0.01


@pytest.mark.parametrize("n_features", [1, 3, 6, 20])
def test_cutout_min_width_one_always_masks(n_features):
    X = np.random.default_rng(1).uniform(1.0, 2.0, size=(50, n_features))
    y = np.r_[np.ones(5, int), np.zeros(45, int)]
    S = CutoutGenerator(min_width=1).fit(X, y).sample(500, random_state=1)
    assert ((S == 0).sum(axis=1) >= 1).all()
    assert (row_index(S, X) == -1).all()


def masked_runs(S):
    """(start, width) of each row's zero block, asserting the block is contiguous."""
    masked = S == 0
    width = masked.sum(axis=1)
    start = np.where(width > 0, masked.argmax(axis=1), 0)
    columns = np.arange(S.shape[1])
    expected = (columns >= start[:, None]) & (columns < (start + width)[:, None])
    np.testing.assert_array_equal(masked, expected)
    return start, width


def test_cutout_masks_one_contiguous_block_of_bounded_width():
    n_features = 40
    X = np.random.default_rng(2).uniform(1.0, 2.0, size=(30, n_features))
    y = np.r_[np.ones(3, int), np.zeros(27, int)]
    S = CutoutGenerator().fit(X, y).sample(3000, random_state=2)
    _, width = masked_runs(S)
    # r < 0.3 so c = int(r * 40) <= 11 and the width 2 * (c // 2) <= 10: reached, never exceeded
    assert width.max() == 10
    assert width.min() < 2 * (int(0.1 * n_features) // 2)  # clipped at the edges
    # outside the block the sample is its base row, unchanged
    kept = S != 0
    matches = ((S[:, None, :] == X[None, :, :]) | ~kept[:, None, :]).all(axis=2)
    assert matches.any(axis=1).all()


def test_cutout_fill_min_writes_each_features_training_minimum():
    X = np.random.default_rng(3).normal(5.0, 2.0, size=(40, 20))
    y = np.r_[np.ones(4, int), np.zeros(36, int)]
    gen = CutoutGenerator(fill_value="min", min_width=1).fit(X, y)
    np.testing.assert_array_equal(gen.fill_, X.min(axis=0))
    # same seed, same draws: the zero-filled twin shows where the block is
    S_zero = CutoutGenerator(min_width=1).fit(X, y).sample(300, random_state=3)
    S = gen.sample(300, random_state=3)
    block = S_zero == 0
    assert block.any(axis=1).all()
    np.testing.assert_array_equal(S[block], np.broadcast_to(X.min(axis=0), S.shape)[block])
    np.testing.assert_array_equal(S[~block], S_zero[~block])


def test_cutout_anomaly_pool_only_uses_labeled_anomalies():
    X = np.random.default_rng(4).uniform(1.0, 2.0, size=(50, 20))
    y = np.r_[np.zeros(40, int), np.ones(10, int)]  # anomalies last: the pool must reorder
    S = CutoutGenerator(pool="anomalies").fit(X, y).sample(500, random_state=4)
    kept = S != 0
    matches = ((S[:, None, :] == X[None, :, :]) | ~kept[:, None, :]).all(axis=2)
    assert not matches[:, :40].any()
    assert matches[:, 40:].any(axis=1).all()


def test_cutout_needs_labels_only_with_the_anomaly_pool():
    X = np.random.default_rng(5).normal(size=(30, 8))
    assert CutoutGenerator().fit(X, np.zeros(30)).sample(4, random_state=0).shape == (4, 8)
    assert CutoutGenerator(pool="anomalies").requires_anomalies
    with pytest.raises(ValueError, match="labeled anomaly"):
        CutoutGenerator(pool="anomalies").fit(X, np.zeros(30))


def test_blocks_widened_to_min_width_stay_inside_the_features():
    start, stop = draw_blocks(np.random.default_rng(0), 5000, 8, (0.0, 0.1), min_width=3)
    assert (stop - start == 3).all()
    assert start.min() == 0 and stop.max() == 8


# ---------------------------------------------------------------- cutmix


def check_cutmix(S, X, y, *, same_position):
    """Every sample: a labeled anomaly with one contiguous block from another row."""
    rows, features = decode(S)
    n_features = X.shape[1]
    anomalies = np.flatnonzero(y)
    base = rows[:, -1] if not same_position else None
    if base is None:  # the block may cover the last feature: the base is the majority row
        base = np.array([np.bincount(r).argmax() for r in rows])
    assert np.isin(base, anomalies).all()
    pasted = rows != base[:, None]
    offset, width = masked_runs(np.where(pasted, 0.0, 1.0))
    has_block = width > 0
    donor = rows[has_block, offset[has_block]]
    assert (rows[pasted] == np.repeat(donor, width[has_block])).all()  # one donor per sample
    shift = features - np.arange(n_features)  # source feature minus position
    assert (shift[~pasted] == 0).all()
    block_shift = shift[has_block, offset[has_block]]
    assert (shift[pasted] == np.repeat(block_shift, width[has_block])).all()  # contiguous
    if same_position:
        assert (block_shift == 0).all()
    else:
        assert (offset + width <= n_features - 1).all()  # the last feature is never replaced
    return donor, block_shift, width


def test_cutmix_pastes_a_donor_block_at_a_shifted_position():
    X, y = encoded_data()
    S = CutMixGenerator().fit(X, y).sample(2000, random_state=0)
    donor, block_shift, width = check_cutmix(S, X, y, same_position=False)
    assert (block_shift != 0).mean() > 0.8  # features move, as in the reference
    assert width.max() == 8  # c = int(r * 30) <= 8 for r < 0.3, width <= 2 * (c // 2)
    assert stats.binomtest(int((~np.isin(donor, np.flatnonzero(y))).sum()), len(donor),
                           36 / 39).pvalue > 0.01  # donor uniform over A and U minus base


def test_cutmix_same_position_keeps_features_in_place():
    X, y = encoded_data()
    S = CutMixGenerator(same_position=True, min_width=1).fit(X, y).sample(1500, random_state=1)
    _, _, width = check_cutmix(S, X, y, same_position=True)
    assert (width >= 1).all()


def test_cutmix_anomaly_pool_takes_donors_from_labeled_anomalies():
    X, y = encoded_data()
    S = CutMixGenerator(pool="anomalies", min_width=1).fit(X, y).sample(1000, random_state=2)
    donor, _, _ = check_cutmix(S, X, y, same_position=False)
    assert np.isin(decode(S)[0], np.flatnonzero(y)).all()
    assert len(donor) == 1000


def test_cutmix_reference_mode_copies_the_anomaly_when_d_is_small():
    X, y = encoded_data(n_features=6)
    S = CutMixGenerator().fit(X, y).sample(300, random_state=3)
    assert np.isin(row_index(S, X), np.flatnonzero(y)).all()
    S_fixed = CutMixGenerator(min_width=1).fit(X, y).sample(300, random_state=3)
    assert (row_index(S_fixed, X) == -1).all()


def test_cutmix_block_over_every_feature_is_the_donor_row():
    X, y = encoded_data(n_features=1)
    S = CutMixGenerator(min_width=1).fit(X, y).sample(200, random_state=4)
    source = row_index(S, X)
    assert (source >= 0).all()
    assert (~np.isin(source, np.flatnonzero(y))).mean() > 0.8


# ---------------------------------------------------------------- gaussian noise


def spaced_anomalies(n_features=4):
    rng = np.random.default_rng(7)
    X = rng.normal(size=(60, n_features)) * np.array([1.0, 10.0, 0.1, 0.0])[:n_features]
    X[:3] = 100.0 * np.arange(1, 4)[:, None]  # anomalies far apart: anchors are identifiable
    X[:, 3] = 7.0  # a constant feature
    y = np.r_[np.ones(3, int), np.zeros(57, int)]
    return X, y


def test_gaussian_noise_adds_unit_std_noise_to_a_uniform_anomaly():
    X, y = spaced_anomalies()
    S = GaussianNoiseGenerator().fit(X, y).sample(3000, random_state=0)
    anchor = np.rint(S[:, 0] / 100.0).astype(int) - 1
    assert stats.chisquare(np.bincount(anchor, minlength=3)).pvalue > 0.01
    noise = S - X[anchor]
    assert stats.kstest(noise.ravel(), stats.norm(0, 1.0).cdf).pvalue > 0.01
    # chi-square test of the variance of each feature's noise
    df = len(S)
    chi2 = (noise**2).sum(axis=0)
    assert (stats.chi2(df).cdf(chi2) > 0.001).all() and (stats.chi2(df).sf(chi2) > 0.001).all()


def test_gaussian_noise_feature_scale_follows_each_features_spread():
    X, y = spaced_anomalies()
    gen = GaussianNoiseGenerator(std=0.5, scale="feature").fit(X, y)
    np.testing.assert_allclose(gen.noise_std_, 0.5 * X.std(axis=0))
    S = gen.sample(3000, random_state=1)
    anchor = np.rint(S[:, 0] / 100.0).astype(int) - 1
    noise = S - X[anchor]
    assert (noise[:, 3] == 0).all()  # constant feature: no noise
    for j in range(3):
        assert stats.kstest(noise[:, j], stats.norm(0, gen.noise_std_[j]).cdf).pvalue > 0.01


def test_gaussian_noise_std_zero_copies_anomalies():
    X, y = spaced_anomalies()
    S = GaussianNoiseGenerator(std=0.0).fit(X, y).sample(50, random_state=0)
    assert np.isin(row_index(S, X), [0, 1, 2]).all()


# ---------------------------------------------------------------- smote


def valid_segments(A, k):
    distances = np.linalg.norm(A[:, None] - A[None], axis=2)
    np.fill_diagonal(distances, np.inf)
    return {(i, int(j)) for i in range(len(A)) for j in np.argsort(distances[i])[:k]}


def nearest_segment(S, A):
    """For each sample, the (i, j) segment of anomalies closest to it, its distance and t."""
    a, b = A[:, None, None, :], A[None, :, None, :]
    direction = b - a
    length2 = np.maximum((direction**2).sum(axis=3), 1e-300)
    t = np.clip(((S[None, None] - a) * direction).sum(axis=3) / length2, 0.0, 1.0)
    dist = np.linalg.norm(S[None, None] - (a + t[..., None] * direction), axis=3)
    dist[np.arange(len(A)), np.arange(len(A))] = np.inf
    flat = dist.reshape(-1, len(S)).argmin(axis=0)
    i, j = np.unravel_index(flat, (len(A), len(A)))
    rows = np.arange(len(S))
    return i, j, dist[i, j, rows], t[i, j, rows]


def test_smote_samples_lie_on_segments_to_one_of_the_k_nearest_anomalies():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 5))
    y = np.zeros(80, int)
    y[rng.choice(80, 12, replace=False)] = 1
    A = X[y == 1]
    S = SMOTEGenerator(k_neighbors=3).fit(X, y).sample(4000, random_state=0)
    i, j, dist, t = nearest_segment(S, A)
    assert dist.max() < 1e-9
    valid = valid_segments(A, 3)
    used = set(zip(i.tolist(), j.tolist(), strict=True))
    undirected = valid | {(b, a) for a, b in valid}
    assert used <= undirected
    assert {(a, b) for a, b in valid if (a, b) in used or (b, a) in used} == valid
    # anchor-to-partner position is Uniform(0, 1) on whichever end is the anchor
    folded = np.minimum(t, 1 - t)
    assert stats.kstest(folded, stats.uniform(0, 0.5).cdf).pvalue > 0.01


def test_smote_neighbours_exclude_the_anchor_even_with_duplicates():
    A = np.array([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [1.0, 0.0], [5.0, 5.0]])
    X = np.r_[A, np.full((5, 2), 9.0)]
    y = np.r_[np.ones(5, int), np.zeros(5, int)]
    gen = SMOTEGenerator(k_neighbors=2).fit(X, y)
    assert gen.neighbors_.shape == (5, 2)
    assert not (gen.neighbors_ == np.arange(5)[:, None]).any()
    assert set(gen.neighbors_[0]) == {1, 2}  # the duplicates are its nearest others
    S = gen.sample(500, random_state=0)
    assert (S[:, 0] <= 5.0).all()  # unlabeled rows (9, 9) are never partners


def test_smote_clips_k_to_the_other_anomalies():
    X = np.random.default_rng(1).normal(size=(20, 3))
    y = np.r_[np.ones(4, int), np.zeros(16, int)]
    assert SMOTEGenerator(k_neighbors=50).fit(X, y).neighbors_.shape == (4, 3)


def test_smote_with_one_anomaly_warns_and_copies_it():
    X = np.random.default_rng(2).normal(size=(20, 3))
    y = np.r_[1, np.zeros(19, int)]
    with pytest.warns(UserWarning, match="single labeled anomaly"):
        gen = SMOTEGenerator().fit(X, y)
    np.testing.assert_array_equal(gen.sample(10, random_state=0), np.repeat(X[:1], 10, axis=0))


# ---------------------------------------------------------------- common behaviour

ALL = [
    MixupGenerator,
    CutoutGenerator,
    CutMixGenerator,
    GaussianNoiseGenerator,
    SMOTEGenerator,
]


@pytest.fixture
def small():
    rng = np.random.default_rng(11)
    X = rng.normal(size=(50, 9))
    y = np.zeros(50, int)
    y[[1, 5, 8, 30, 44]] = 1
    return X, y


@pytest.mark.parametrize("cls", ALL)
def test_same_seed_same_rows_and_other_seed_other_rows(cls, small):
    X, y = small
    gen = cls().fit(X, y)
    a, b = gen.sample(200, random_state=5), gen.sample(200, random_state=5)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, gen.sample(200, random_state=6))


@pytest.mark.parametrize("cls", ALL)
def test_default_count_is_five_per_labeled_anomaly(cls, small):
    X, y = small
    assert cls().fit(X, y).auto_n_samples() == 25


@pytest.mark.parametrize(
    "gen", [MixupGenerator(), CutMixGenerator(), GaussianNoiseGenerator(), SMOTEGenerator(),
            MixupGenerator(pool="anomalies"), CutoutGenerator(pool="anomalies")],
    ids=repr,
)
def test_generators_that_need_labels_refuse_zero_labeled_anomalies(gen, small):
    X, _ = small
    assert gen.requires_anomalies
    with pytest.raises(ValueError, match="needs at least one labeled anomaly"):
        gen.fit(X, np.zeros(len(X)))


@pytest.mark.parametrize(
    "gen, match",
    [
        (MixupGenerator(pool="unlabeled"), "pool"),
        (MixupGenerator(lam="normal"), "lam"),
        (MixupGenerator(alpha=0.0), "alpha"),
        (MixupGenerator(beta=np.nan), "beta"),
        (CutoutGenerator(pool=None), "pool"),
        (CutoutGenerator(width_range=(0.3, 0.1)), "width_range"),
        (CutoutGenerator(width_range=(0.1,)), "width_range"),
        (CutoutGenerator(width_range=(-0.1, 0.2)), "width_range"),
        (CutoutGenerator(width_range=(0.1, 1.5)), "width_range"),
        (CutoutGenerator(width_range="ab"), "width_range"),
        (CutoutGenerator(width_range=(0.1, np.inf)), "width_range"),
        (CutoutGenerator(min_width=-1), "min_width"),
        (CutoutGenerator(min_width=1.5), "min_width"),
        (CutoutGenerator(min_width=True), "min_width"),
        (CutoutGenerator(fill_value=np.nan), "fill_value"),
        (CutoutGenerator(fill_value="max"), "fill_value"),
        (CutMixGenerator(same_position="yes"), "same_position"),
        (CutMixGenerator(width_range=(0.5, 0.4)), "width_range"),
        (CutMixGenerator(pool="normals"), "pool"),
        (GaussianNoiseGenerator(std=-1.0), "std"),
        (GaussianNoiseGenerator(std="big"), "std"),
        (GaussianNoiseGenerator(scale="relative"), "scale"),
        (SMOTEGenerator(k_neighbors=0), "k_neighbors"),
        (SMOTEGenerator(k_neighbors=2.5), "k_neighbors"),
    ],
    ids=repr,
)
def test_bad_parameters_are_refused_at_fit(gen, match, small):
    X, y = small
    with pytest.raises(ValueError, match=match):
        gen.fit(X, y)
