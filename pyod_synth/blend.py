"""``ScoreBlend``: a weighted mean of the rank-scaled scores of several detectors.

Members are augmented label learners (``Augmented``, or a dict of its parameters) and
unsupervised PyOD detectors (a name such as "iforest", or an instance). Each member's
score is turned into its mid-rank among the training rows' scores, so scores on different
scales (probabilities, isolation depths) mix on equal terms and a test row's blended score
does not depend on the other test rows. The weights are fixed, or, for two members, chosen
by cross-validation on the labeled anomalies: a rule fixed before any test label is seen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from sklearn.base import clone
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

from pyod_synth._augment import (
    derive_seeds,
    feature_encoder,
    resolve,
    seed_unset_random_states,
)
from pyod_synth._meta_detector import MetaDetector
from pyod_synth.augmented import Augmented
from pyod_synth.feature_types import encode_fit, encoded_space_types
from pyod_synth.registry import (
    Registrations,
    detector_registrations,
    get_detector,
    list_detectors,
)
from pyod_synth.tags import add_anomaly_tags, learns_from_labels, requires_anomalies
from pyod_synth.validation import (
    check_contamination,
    check_fraction,
    check_labels,
    check_positive_int,
)

# Chosen on the 10 pilot datasets (benchmarks/README.md, "Beating CatBoost"): CatBoost
# without and with NNG-Mix pseudo-anomalies, equal weights.
DEFAULT_MEMBERS = (
    {"detector": "catboost", "n_synthetic": 0},
    {"detector": "catboost", "generator": "nngmix"},
)


def _check_weight(value, name: str) -> float:
    return check_fraction(value, name, allow_zero=True, allow_one=True)


def _member_forms() -> str:
    return (
        f"a dict of Augmented parameters such as {{'detector': 'catboost', 'generator': "
        f"'nngmix'}}, an unsupervised detector name "
        f"({', '.join(list_detectors(learns_from_labels=False))}), or a detector instance "
        "(Augmented, or a PyOD detector)"
    )


def _unsupervised_registrations(member: str) -> Registrations:
    """The unsupervised detectors' registrations; a label learner's name gets a hint."""
    registrations = detector_registrations()
    named = registrations.get(member.lower())
    if named is not None and named.learns_from_labels:
        raise ValueError(
            f"{member!r} learns from labels, so as a blend member (through Augmented) it is "
            f"given as a dict, e.g. {{'detector': {member!r}}}. A member named by a "
            f"string is unsupervised: {', '.join(list_detectors(learns_from_labels=False))}."
        )
    unsupervised = {n: r for n, r in registrations.items() if not r.learns_from_labels}
    return Registrations("unsupervised detector", unsupervised)


def build_member(member):
    """A new, unfitted member detector from its spec (see ``ScoreBlend``)."""
    if isinstance(member, Mapping):
        try:
            # Cloned so that seeding never reaches an estimator the user put in the dict.
            return clone(Augmented(**member))
        except TypeError as exc:
            raise ValueError(
                f"member {dict(member)!r} is not a set of Augmented parameters: {exc}."
            ) from exc
    if isinstance(member, str):
        # Built by the registry, so a plugin's product is checked as get_detector checks it.
        return get_detector(_unsupervised_registrations(member)[member.lower()].name)
    if callable(getattr(member, "fit", None)) and hasattr(member, "decision_function"):
        return resolve(member, "detector", ("fit", "decision_function"))
    raise TypeError(f"every member must be {_member_forms()}; got {member!r}.")


def _fit(member, X, labeled):
    if learns_from_labels(member):
        return member.fit(X, labeled.astype(int))
    return member.fit(X)


def _training_scores(member, X) -> np.ndarray:
    scores = getattr(member, "decision_scores_", None)
    if scores is None:
        scores = member.decision_function(X)
    return np.asarray(scores, dtype=float)


def rank_scale(scores: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """The mid-rank of each score among the sorted ``reference`` scores, in [0, 1].

    Tied reference scores share their mean rank, so a constant score maps to 0.5 and
    carries no information into the blend.
    """
    below = np.searchsorted(reference, scores, side="left")
    at_or_below = np.searchsorted(reference, scores, side="right")
    return (below + at_or_below) / (2.0 * reference.size)


FUSIONS = ("mean", "max")
SCALINGS = ("rank", "tail")
WITHOUT_LABELS = ("fit_all", "unsupervised")


def tail_scale(scores: np.ndarray, reference: np.ndarray, tail: float = 0.05) -> np.ndarray:
    """``-log`` of each score's tail probability among the sorted ``reference`` scores.

    Up to the reference's top ``tail`` share (at least 2 rows) the probability is empirical,
    ``(#reference >= score + 1) / (n + 1)`` with the count interpolated linearly between
    consecutive reference scores; above that threshold an exponential tail is
    fitted to the top rows' excesses (peaks over threshold, the shape-0 generalised Pareto
    law), so scores beyond every reference score keep their order and their distance: a
    row far beyond the training rows gets a tail probability far below ``1 / n``. The
    result is >= 0, increasing in the score.
    """
    reference = np.asarray(reference, dtype=float)
    scores = np.asarray(scores, dtype=float)
    n = reference.size
    k = min(n, max(2, int(np.ceil(tail * n))))
    threshold = reference[n - k]
    excess = float(np.mean(reference[n - k:] - threshold))
    scale = max(excess, 1e-12 * (abs(threshold) + 1.0))
    # Interpolated between the reference's order statistics, so the scale is strictly
    # increasing inside the reference's range: a step function would tie rows that the
    # member tells apart (one member alone must rank as that member does).
    at_or_above = n - np.interp(scores, reference, np.arange(n, dtype=float))
    log_p = np.log((at_or_above + 1.0) / (n + 1.0))
    beyond = scores > threshold
    log_p[beyond] = np.log(k / (n + 1.0)) - (scores[beyond] - threshold) / scale
    return -log_p


def fuse(ranks, weights, fusion: str = "mean") -> np.ndarray:
    """One score per row from the members' rank-scaled scores (``ranks[k]`` in [0, 1]).

    "mean": the weighted mean. "max": the largest rank among the members with a positive
    weight, ties broken by the weighted mean (a row that one member places beyond every
    training row stays above the rows no member flags, whichever member flags it). The
    tie-break term is below half the smallest rank step (1 / (2 n_reference)) of a member
    scaled against ``n_reference`` training rows, so it orders rows only within a tie.
    With ``tail_scale`` scores the tie-break is as small against their steps.
    """
    weights = np.asarray(weights, dtype=float)
    ranks = [np.asarray(r, dtype=float) for r, w in zip(ranks, weights, strict=True) if w > 0]
    weights = weights[weights > 0]
    mean = sum(w * r for w, r in zip(weights, ranks, strict=True)) / weights.sum()
    if fusion == "mean":
        return mean
    return np.max(ranks, axis=0) + mean * _TIE_BREAK


# Below half the rank step of 1e7 reference rows: far more than any training set here.
_TIE_BREAK = 1e-8


def _pick_weight(weights: np.ndarray, aucs: np.ndarray, fallback: float) -> float:
    """The weight with the best validation AUC; ties go to the one nearest ``fallback``."""
    best = np.flatnonzero(np.isclose(aucs, np.nanmax(aucs)))
    return float(weights[best[np.argmin(np.abs(weights[best] - fallback))]])


class ScoreBlend(MetaDetector):
    """A PyOD detector: the weighted mean (or max) of its members' rank-scaled scores.

    Each member's score is replaced by its mid-rank among that member's training scores
    (in [0, 1], an empirical tail probability); the blend is their weighted mean, or with
    ``fusion="max"`` the largest of them. Members that learn from labels get the
    labels; unsupervised members never see them. The blend draws no synthetic rows itself
    beyond what its ``Augmented`` members draw, each from the rows it is fitted on, so do
    not wrap it in another ``Augmented`` that adds some (in the bench: ``--generators
    none``).

    Parameters
    ----------
    members : sequence, default=DEFAULT_MEMBERS
        Each one of: a dict of ``Augmented`` parameters (``{"detector": "catboost",
        "generator": "nngmix"}``); the name of an unsupervised registered detector
        (``pyod_synth.list_detectors(learns_from_labels=False)``: iforest, copod, ecod,
        hbos, pca, cblof, knn, lof, and any a plugin registers); or an unfitted detector
        instance (cloned). The default, CatBoost without and with NNG-Mix anomalies, was
        chosen on benchmark evidence and needs the catboost extra.
    weights : "equal", sequence of floats or "validate", default="equal"
        The members' weights (normalised to sum 1). "validate" (two members only): the
        first member's weight is the one of ``weight_grid`` with the best mean AUCROC
        over ``cv`` stratified folds, in which the members that learn from labels are
        refitted without the fold and score it (its labeled anomalies against its
        unlabeled rows); with fewer than 2 labeled anomalies ``fallback_weight`` is used.
    scaling : {"rank", "tail"}, default="rank"
        How a member's score is made comparable with the others'. "rank": its mid-rank
        among all training rows' scores (:func:`rank_scale`, in [0, 1]). "tail": ``-log``
        of its tail probability among the scores of the training rows labeled 0, with an
        exponential tail beyond the top 5 % (:func:`tail_scale`, >= 0, unbounded): a row
        beyond every training row is told apart by how far beyond.
    fusion : {"mean", "max"}, default="mean"
        "mean": the weighted mean of the members' rank-scaled scores. "max": the
        largest rank-scaled score among the members with a positive weight, ties broken by
        the weighted mean (see :func:`fuse`): a row is as anomalous as its most alarmed
        member says, so one member's alarm is not averaged away by the others.
    without_labels : {"fit_all", "unsupervised"}, default="fit_all"
        What to do when ``y`` labels no anomaly. "fit_all": fit every member (a label
        learner then needs a generator). "unsupervised": leave out the members that learn
        from labels (their weight becomes 0), so the blend is its unsupervised members
        alone; at least one member must be unsupervised.
    weight_grid : sequence of floats in [0, 1], default=(0, 0.25, 0.5, 0.75, 1)
    cv : int >= 2, default=3
    fallback_weight : float in [0, 1], default=0.5
        "validate" only: the first member's weight when it cannot be validated, and the
        tie-breaker between equally good candidates.
    contamination : float in (0, 0.5], default=0.1
    random_state : None, int, numpy Generator or RandomState, default=None
        Seeds the folds and every member whose ``random_state`` is None.
    feature_types : None or MixedTypeEncoder, default=None
        How to read mixed-type columns, as for ``Augmented``: the blend encodes X once
        (categorical columns one-hot), every member sees the encoded rows, and ``Augmented``
        members are told the encoded layout so their synthetic rows stay valid.

    Attributes
    ----------
    members_ : list
        The fitted members.
    weights_ : ndarray of shape (n_members,)
    validation_auc_ : dict or None
        "validate": mean validation AUCROC of each candidate first-member weight.
    n_synthetic_ : int
        Synthetic rows added by the members, summed.
    decision_scores_, threshold_, labels_ : as for ``Augmented``.

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.blend import ScoreBlend
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(size=(300, 3)), rng.normal(4, 0.5, size=(12, 3))])
    >>> y = np.r_[np.zeros(300), np.ones(6), np.zeros(6)]  # half the anomalies labeled
    >>> members = [{"detector": "random_forest", "generator": "nngmix"}, "iforest"]
    >>> det = ScoreBlend(members, weights="validate", random_state=0).fit(X, y)
    >>> float(det.weights_.sum())
    1.0
    >>> bool(det.decision_function([[4, 4, 4]])[0] > det.decision_function([[0, 0, 0]])[0])
    True
    """

    def __init__(
        self,
        members=DEFAULT_MEMBERS,
        weights="equal",
        scaling="rank",
        fusion="mean",
        without_labels="fit_all",
        weight_grid=(0.0, 0.25, 0.5, 0.75, 1.0),
        cv=3,
        fallback_weight=0.5,
        contamination=0.1,
        random_state=None,
        feature_types=None,
    ):
        self.members = members
        self.weights = weights
        self.scaling = scaling
        self.fusion = fusion
        self.without_labels = without_labels
        self.weight_grid = weight_grid
        self.cv = cv
        self.fallback_weight = fallback_weight
        self.contamination = contamination
        self.random_state = random_state
        self.feature_types = feature_types

    def _check_params(self) -> list:
        check_contamination(self.contamination)
        _check_weight(self.fallback_weight, "fallback_weight")
        check_positive_int(self.cv, "cv", minimum=2)
        if isinstance(self.members, (str, Mapping)) or not isinstance(self.members, Sequence):
            raise ValueError(
                f"members must be a list, each {_member_forms()}; got {self.members!r}."
            )
        if not self.members:
            raise ValueError(f"members is empty; give at least one, each {_member_forms()}.")
        members = [build_member(m) for m in self.members]
        self._check_choices()
        if self.without_labels == "unsupervised" and all(map(learns_from_labels, members)):
            raise ValueError(
                'without_labels="unsupervised" needs at least one unsupervised member '
                f"(e.g. 'iforest'); every member of {self.members!r} learns from labels."
            )
        if isinstance(self.weights, str):
            if self.weights not in ("equal", "validate"):
                raise ValueError(
                    f'weights must be "equal", "validate" or one number per '
                    f"member; got {self.weights!r}."
                )
            if self.weights == "validate" and len(members) != 2:
                raise ValueError(
                    f'weights="validate" needs exactly 2 members; got '
                    f"{len(members)}. Give fixed weights instead."
                )
            if not [_check_weight(w, "every weight_grid value") for w in self.weight_grid]:
                raise ValueError("weight_grid is empty; give at least one weight in [0, 1].")
        else:
            weights = np.asarray(self.weights, dtype=float).ravel()
            if (
                weights.shape != (len(members),)
                or not np.all(np.isfinite(weights))
                or (weights < 0).any()
                or weights.sum() <= 0
            ):
                raise ValueError(
                    f"weights must hold one non-negative number per member "
                    f"({len(members)}), not all zero; got {self.weights!r}."
                )
        return members

    def _check_choices(self) -> None:
        for name, valid in (
            ("scaling", SCALINGS), ("fusion", FUSIONS), ("without_labels", WITHOUT_LABELS)
        ):
            if getattr(self, name) not in valid:
                raise ValueError(
                    f"{name} must be one of {', '.join(map(repr, valid))}; "
                    f"got {getattr(self, name)!r}."
                )

    def fit(self, X, y=None):
        """Fit every member; choose the weights when ``weights="validate"``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), default=None
            1 = labeled anomaly, 0 = unlabeled.

        Returns
        -------
        self
        """
        members = self._check_params()
        self.feature_encoder_ = feature_encoder(self.feature_types)
        X_checked = encode_fit(self.feature_encoder_, X)
        labeled = check_labels(y, X_checked.shape[0])
        fold_seed, *seeds = derive_seeds(self.random_state, len(members) + 1)
        members = [seed_unset_random_states(m, s) for m, s in zip(members, seeds, strict=True)]
        members = [self._declare_encoded_layout(m) for m in members]
        self.validation_auc_ = None
        # None = left out (a label learner with nothing labeled, without_labels="unsupervised").
        self.members_ = [
            None
            if self._left_out(m, labeled)
            else self._fit_member(i, clone(m), X_checked, labeled)
            for i, m in enumerate(members)
        ]
        train_scores = [
            np.zeros(X_checked.shape[0]) if m is None else _training_scores(m, X_checked)
            for m in self.members_
        ]
        weights = self._weights(members, X_checked, labeled, train_scores, fold_seed)
        self.weights_ = self._without_left_out(weights)
        # Tail probabilities are among the rows labeled 0: a labeled anomaly is no reference.
        reference_rows = ~labeled if self.scaling == "tail" and (~labeled).sum() >= 2 else ...
        self._references = [np.sort(s[reference_rows]) for s in train_scores]
        self.n_synthetic_ = sum(getattr(m, "n_synthetic_", 0) for m in self.members_)
        self._set_fitted(X, self._blend(train_scores))
        return self

    def _left_out(self, member, labeled) -> bool:
        return (
            self.without_labels == "unsupervised"
            and not labeled.any()
            and learns_from_labels(member)
        )

    def _without_left_out(self, weights) -> np.ndarray:
        kept = np.array([m is not None for m in self.members_], dtype=float) * weights
        if kept.sum() <= 0:
            raise ValueError(
                "every member with a positive weight was left out (nothing is labeled and "
                'without_labels="unsupervised"); give an unsupervised member a positive weight.'
            )
        return kept / kept.sum()

    def _declare_encoded_layout(self, member):
        """Tell a member that encodes mixed types (an ``Augmented``) the encoded layout."""
        if isinstance(member, MetaDetector):
            member.set_params(feature_types=encoded_space_types(self.feature_encoder_))
        return member

    def _fit_member(self, index: int, member, X, labeled):
        """Fit one member; its error names it, since the user may never have written it."""
        try:
            return _fit(member, X, labeled)
        except ValueError as exc:
            hint = (
                " With no labeled anomaly, give every label learner a generator, e.g. "
                "members=['iforest', {'detector': 'catboost', 'generator': 'uniform'}]."
                if not labeled.any()
                else ""
            )
            raise ValueError(
                f"blend member {index} ({self.members[index]!r}) could not be fitted: {exc}{hint}"
            ) from exc

    def _weights(self, members, X, labeled, train_scores, fold_seed) -> np.ndarray:
        if not (isinstance(self.weights, str) and self.weights == "validate"):
            fixed = np.ones(len(members)) if isinstance(self.weights, str) else self.weights
            weights = np.asarray(fixed, dtype=float).ravel()
            return weights / weights.sum()
        grid = np.unique([float(w) for w in self.weight_grid])
        first = float(self.fallback_weight)
        if labeled.sum() >= 2:
            aucs = self._validate(members, X, labeled, train_scores, grid, fold_seed)
            self.validation_auc_ = dict(zip(grid.tolist(), aucs.tolist(), strict=True))
            first = _pick_weight(grid, aucs, first)
        return np.array([first, 1.0 - first])

    def _validate(self, members, X, labeled, train_scores, grid, fold_seed) -> np.ndarray:
        """Mean AUCROC of each first-member weight over stratified folds."""
        n_splits = min(int(self.cv), int(labeled.sum()))
        folds = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=fold_seed)
        per_fold = []
        for train, test in folds.split(X, labeled):
            ranks = []
            for member, full_scores in zip(members, train_scores, strict=True):
                if learns_from_labels(member):
                    scores = _fit(clone(member), X[train], labeled[train]).decision_function(
                        X[test]
                    )
                else:  # fitted without labels, so its training scores leak nothing
                    scores = full_scores[test]
                ranks.append(self._scale(scores, np.sort(scores)))
            per_fold.append(
                [roc_auc_score(labeled[test], fuse(ranks, [w, 1 - w], self.fusion)) for w in grid]
            )
        return np.mean(per_fold, axis=0)

    def _blend(self, scores) -> np.ndarray:
        ranks = [
            self._scale(np.asarray(s, float), ref) if w > 0 else None
            for w, s, ref in zip(self.weights_, scores, self._references, strict=True)
        ]
        return fuse(ranks, self.weights_, self.fusion)

    def _scale(self, scores, reference) -> np.ndarray:
        if self.scaling == "tail":
            return tail_scale(scores, reference)
        return rank_scale(scores, reference)

    def decision_function(self, X):
        """Blended anomaly scores of ``X`` (higher = more anomalous; in [0, 1] when
        ``scaling="rank"``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        X_checked = self._check_test_data(X)  # raises NotFittedError before fit
        return self._blend(
            [None if m is None else m.decision_function(X_checked) for m in self.members_]
        )

    def _requires_anomalies(self) -> bool:
        # A blend needs labels as soon as one member does, unless such members are left
        # out when nothing is labeled.
        if self.without_labels == "unsupervised":
            return False
        try:
            members = [build_member(m) for m in self.members]
        except (TypeError, ValueError, KeyError):
            return True  # fit will say what is wrong
        return any(requires_anomalies(m) for m in members)

    def __sklearn_tags__(self):
        # Its Augmented members draw their own synthetic rows: no Augmented around it.
        return add_anomaly_tags(super().__sklearn_tags__(), draws_own_anomalies=True)
