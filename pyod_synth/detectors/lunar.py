"""LUNAR (Goodge et al., AAAI 2022) with negative samples from any registered generator."""

from __future__ import annotations

from copy import deepcopy

import numpy as np
from sklearn.base import clone
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import MinMaxScaler

from pyod_synth._augment import ResolvesNamedParams, resolve
from pyod_synth.detectors.torch_base import BaseTorchDetector
from pyod_synth.detectors.torch_utils import as_tensor, build_module, import_torch, predict_batched
from pyod_synth.validation import (
    check_choice,
    check_fraction,
    check_non_negative_real,
    check_positive_int,
    check_positive_real,
)

MODEL_TYPES = ("WEIGHT", "SCORE")


class LUNAR(ResolvesNamedParams, BaseTorchDetector):
    """LUNAR's graph-neural-network scorer trained against negatives from a pyod-synth generator.

    LUNAR learns a local outlier score from each row's distances to its k nearest
    training neighbours: one message-passing step over the k-NN graph, which PyOD
    implements as a network on the sorted distance vector (``WEIGHT``: learned softmax
    weights over the distances; ``SCORE``: an MLP that outputs the score). It is trained
    to output 0 on training rows and 1 on negative samples. PyOD's LUNAR draws those
    negatives with built-in uniform/subspace-perturbation schemes; here they come from
    any registered generator (``pyod_synth.get_generator``), fitted on the scaled
    training rows. PyOD's network classes are reused as they are.

    Labels: it learns from them (tag ``learns_from_labels``). Rows with ``y == 1`` (real
    or synthetic anomalies) join the negatives; they are not graph neighbours and do not
    fit the scaler. Rows with ``y == 0`` are the normal nodes. ``y`` may be all 0 (or
    None): plain LUNAR. Inside ``pyod_synth.Augmented`` the wrapper's synthetic
    anomalies are such labeled rows, so set ``proportion=0`` there unless you want both
    kinds of negatives.

    Parameters
    ----------
    generator : str or generator object, default="uniform"
        A registered generator name, or an unfitted generator (it is cloned, never
        modified). It is fitted on the scaled training split, labels included.
    proportion : float, default=1.0
        Generated negatives per unlabeled row (PyOD's ``proportion``), drawn separately
        for the training and validation splits. 0: labeled anomalies are the only
        negatives.
    model_type : {"WEIGHT", "SCORE"}, default="WEIGHT"
    n_neighbours : int, default=5
        k, the number of neighbours (PyOD's spelling).
    val_size : float, default=0.1
        Fraction of rows held out (stratified by label when possible); the weights kept
        are those of the epoch with the best validation AUROC, as in PyOD.
    scaler : None, False or scikit-learn transformer, default=None
        None: a MinMaxScaler; False: no scaling; a transformer: a clone of it. Fitted on
        the unlabeled training rows.
    n_epochs : int, default=200
        Full-batch epochs (PyOD's setting).
    lr : float, default=1e-3
        Adam learning rate.
    wd : float, default=0.1
        Adam weight decay.
    contamination : float, default=0.1
        PyOD's expected outlier fraction, used only for ``threshold_`` and ``labels_``.
    random_state : None, int or numpy Generator, default=None
        Seeds the split, the negatives and the weights through local generators.
    device : str, default="cpu"
    verbose : int, default=0
        Print the training and validation AUROC of each epoch when > 0.

    Attributes
    ----------
    network_ : torch.nn.Module
        PyOD's ``WEIGHT_MODEL`` or ``SCORE_MODEL`` with the selected weights.
    generator_ : generator
        The fitted generator (in the scaled space of ``scaler_``).
    scaler_ : transformer or None
    neighbors_ : sklearn.neighbors.NearestNeighbors
        Index over the scaled unlabeled training rows.
    n_negatives_ : int
        Negatives used in training and validation (generated plus labeled).
    best_epoch_ : int
    decision_scores_, threshold_, labels_ : PyOD's fitted attributes.

    Notes
    -----
    Neighbours are searched among the unlabeled training rows only, and a training row
    is never its own neighbour; negatives, validation rows and new rows get their k
    nearest training rows, as in Goodge et al.'s code (how PyOD's LUNAR differs: README,
    "Registered detectors").

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.detectors.lunar import LUNAR
    >>> X = np.random.default_rng(0).normal(size=(300, 2))
    >>> det = LUNAR(generator="uniform", n_epochs=20, random_state=0).fit(X, None)
    >>> scores = det.decision_function(np.array([[0.0, 0.0], [6.0, 6.0]]))
    >>> bool(scores[1] > scores[0])
    True
    """

    _named_params = {"generator": "generator"}

    def __init__(
        self,
        generator="uniform",
        proportion=1.0,
        model_type="WEIGHT",
        n_neighbours=5,
        val_size=0.1,
        scaler=None,
        n_epochs=200,
        lr=1e-3,
        wd=0.1,
        contamination=0.1,
        random_state=None,
        device="cpu",
        verbose=0,
    ):
        self.generator = generator
        self.proportion = proportion
        self.model_type = model_type
        self.n_neighbours = n_neighbours
        self.val_size = val_size
        self.scaler = scaler
        self.n_epochs = n_epochs
        self.lr = lr
        self.wd = wd
        self.contamination = contamination
        self.random_state = random_state
        self.device = device
        self.verbose = verbose

    def _check_params(self) -> None:
        check_choice(self.model_type, "model_type", MODEL_TYPES)
        check_positive_int(self.n_neighbours, "n_neighbours")
        check_fraction(self.val_size, "val_size", allow_zero=True)
        check_positive_int(self.n_epochs, "n_epochs")
        check_positive_real(self.lr, "lr")
        check_non_negative_real(self.wd, "wd")
        check_non_negative_real(self.proportion, "proportion")

    def _fit(self, X, is_anomaly, rng, generator, device):
        train, val = self._split(is_anomaly, rng)
        normal_train = train[~is_anomaly[train]]
        k = self.n_neighbours
        if normal_train.size <= k:
            raise ValueError(
                f"LUNAR needs more than n_neighbours={k} unlabeled (y == 0) training rows; "
                f"the training split has {normal_train.size}. Lower n_neighbours or pass more rows."
            )
        self.scaler_ = self._make_scaler()
        Xs = self.scaler_.fit(X[normal_train]).transform(X) if self.scaler_ else X.copy()
        self.neighbors_ = NearestNeighbors(n_neighbors=k).fit(Xs[normal_train])
        self.generator_ = self._make_generator().fit(Xs[train], is_anomaly[train].astype(int))

        def negatives(rows):
            n_generated = int(round(self.proportion * np.count_nonzero(~is_anomaly[rows])))
            drawn = self.generator_.sample(n_generated, random_state=rng)
            return np.vstack([drawn, Xs[rows[is_anomaly[rows]]]])

        neg_train = negatives(train)
        neg_val = negatives(val) if val.size else np.empty((0, X.shape[1]))
        self.n_negatives_ = neg_train.shape[0] + neg_val.shape[0]
        if neg_train.shape[0] == 0:
            raise ValueError(
                "LUNAR has no negatives to train on: proportion=0 and no row labeled 1. Set "
                "proportion > 0 or label some anomalies."
            )
        features = self._distances
        train_dist = np.vstack([features(Xs[normal_train], exclude_self=True), features(neg_train)])
        train_target = np.r_[np.zeros(normal_train.size), np.ones(neg_train.shape[0])]
        val_normal = val[~is_anomaly[val]]
        val_dist = np.vstack([features(Xs[val_normal]), features(neg_val)])
        val_target = np.r_[np.zeros(val_normal.size), np.ones(neg_val.shape[0])]

        self.network_ = build_module(lambda: self._make_network(k), generator, device)
        self._train(train_dist, train_target, val_dist, val_target, device)

        in_index = np.zeros(X.shape[0], dtype=bool)
        in_index[normal_train] = True
        training_dist = np.empty((X.shape[0], k))
        training_dist[in_index] = features(Xs[in_index], exclude_self=True)
        if (~in_index).any():
            training_dist[~in_index] = features(Xs[~in_index])
        return self._network_scores(training_dist)

    def _split(self, is_anomaly, rng):
        rows = np.arange(is_anomaly.size)
        if self.val_size == 0:
            return rows, rows[:0]
        counts = np.bincount(is_anomaly.astype(int), minlength=2)
        n_val = int(np.ceil(self.val_size * rows.size))
        # Stratify only where both parts can hold both classes (tiny inputs cannot).
        both_fit = min(n_val, rows.size - n_val) >= 2 and counts.min() >= 2
        stratify = is_anomaly if both_fit else None
        train, val = train_test_split(
            rows,
            test_size=self.val_size,
            stratify=stratify,
            random_state=int(rng.integers(0, 2**32 - 1)),
        )
        return np.sort(train), np.sort(val)

    def _train(self, train_dist, train_target, val_dist, val_target, device) -> None:
        torch = import_torch()
        net = self.network_
        optimizer = torch.optim.Adam(net.parameters(), lr=self.lr, weight_decay=self.wd)
        Xt, yt = as_tensor(train_dist, device), as_tensor(train_target, device)
        can_validate = np.unique(val_target).size == 2
        best_auc, best_state, self.best_epoch_ = -np.inf, None, self.n_epochs
        for epoch in range(self.n_epochs):
            # As in PyOD: evaluate the weights before each step and keep the best (>=).
            if can_validate:
                val_auc = roc_auc_score(val_target, self._network_scores(val_dist))
                self._log(f"epoch {epoch}: validation AUROC {val_auc:.5f}")
                if val_auc >= best_auc:
                    best_auc, self.best_epoch_ = val_auc, epoch
                    best_state = deepcopy(net.state_dict())
            net.train()
            optimizer.zero_grad()
            loss = ((net(Xt) - yt) ** 2).sum()
            loss.backward()
            optimizer.step()
        if best_state is not None:
            net.load_state_dict(best_state)
        net.eval()

    def _distances(self, Xs: np.ndarray, exclude_self: bool = False) -> np.ndarray:
        """Sorted distances to the k nearest unlabeled training rows (the edge features)."""
        k = self.n_neighbours
        if Xs.shape[0] == 0:
            return np.empty((0, k))
        if exclude_self:
            # The row itself is at distance 0 (ties with duplicates give the same distances).
            return self.neighbors_.kneighbors(Xs, n_neighbors=k + 1)[0][:, 1:]
        return self.neighbors_.kneighbors(Xs, n_neighbors=k)[0]

    def _network_scores(self, dist: np.ndarray) -> np.ndarray:
        self.network_.eval()
        device = next(self.network_.parameters()).device
        return predict_batched(self.network_, dist, device)

    def _score(self, X):
        Xs = self.scaler_.transform(X) if self.scaler_ else X
        return self._network_scores(self._distances(Xs))

    def _make_scaler(self):
        if self.scaler is None:
            return MinMaxScaler()
        if self.scaler is False:
            return None
        return clone(self.scaler)

    def _make_generator(self):
        return resolve(self.generator, "generator", ("fit", "sample"))

    def _make_network(self, k: int):
        from pyod.models.lunar import SCORE_MODEL, WEIGHT_MODEL

        return WEIGHT_MODEL(k) if self.model_type == "WEIGHT" else SCORE_MODEL(k)
