"""DevNet (Pang, Shen & van den Hengel, KDD 2019) as configured in ADBench."""

from __future__ import annotations

from copy import deepcopy

import numpy as np

from pyod_synth.detectors.torch_base import BaseTorchDetector
from pyod_synth.detectors.torch_utils import as_tensor, build_module, import_torch, predict_batched
from pyod_synth.validation import (
    check_both_labels,
    check_choice,
    check_non_negative_real,
    check_positive_int,
    check_positive_real,
)

# network_depth -> hidden widths, as in Pang et al.'s (and ADBench's) Keras code.
HIDDEN_WIDTHS = {1: (), 2: (20,), 4: (1000, 250, 20)}
REFERENCE_SIZE = 5000  # l, the size of the N(0, 1) reference sample of the paper's Algorithm 1


class DevNet(BaseTorchDetector):
    """Deviation network: an anomaly score trained to deviate from a N(0, 1) prior on anomalies.

    The score phi(x) is standardised against a reference sample r of 5000 N(0, 1) draws,
    dev(x) = (phi(x) - mean(r)) / std(r); the deviation loss is abs(dev(x)) for rows labeled
    0 and max(0, margin - dev(x)) for rows labeled 1 (real or synthetic anomalies).
    Each batch alternates rows drawn (with replacement) from the two labels, so the
    anomalies are seen as often as the rest however few they are. Higher score = more
    anomalous.

    This is a re-implementation of the authors' Keras code as ADBench runs it, not a
    wrapper of ``pyod.models.devnet.DevNet`` (why: README, "Registered detectors").

    Parameters
    ----------
    network_depth : {1, 2, 4}, default=2
        1: linear; 2: one ReLU layer of 20 units; 4: 1000-250-20 ReLU layers.
    batch_size : int, default=512
    n_batches : int, default=20
        Batches per epoch (the reference's ``nb_batch``).
    epochs : int, default=50
    margin : float, default=5.0
        Confidence margin a of the deviation loss.
    l2 : float, default=0.01
        L2 penalty l2 * sum(W^2) on the hidden layers' weights (Keras ``l2(0.01)``).
    lr : float, default=1e-3
        RMSprop learning rate (Keras defaults: rho 0.9, eps 1e-7), gradient norm
        clipped to 1.
    contamination : float, default=0.1
        PyOD's expected outlier fraction, used only for ``threshold_`` and ``labels_``.
    random_state : None, int or numpy Generator, default=None
        Seeds weights, batches and the reference sample through local generators.
    device : str, default="cpu"
    verbose : int, default=0
        Print the mean loss of each epoch when > 0.

    Attributes
    ----------
    network_ : torch.nn.Sequential
        The network of the epoch with the lowest mean training loss (the reference's
        ``ModelCheckpoint(monitor='loss', save_best_only=True)``).
    best_epoch_ : int
    loss_curve_ : list of float
    decision_scores_, threshold_, labels_ : PyOD's fitted attributes.

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.detectors.devnet import DevNet
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, 1, (200, 2)), rng.normal(4, 1, (10, 2))])
    >>> y = np.r_[np.zeros(200), np.ones(10)]
    >>> det = DevNet(epochs=5, random_state=0).fit(X, y)
    >>> bool(det.decision_function([[4.0, 4.0]])[0] > det.decision_function([[0.0, 0.0]])[0])
    True
    """

    requires_anomalies = True  # rows of both labels

    def __init__(
        self,
        network_depth=2,
        batch_size=512,
        n_batches=20,
        epochs=50,
        margin=5.0,
        l2=0.01,
        lr=1e-3,
        contamination=0.1,
        random_state=None,
        device="cpu",
        verbose=0,
    ):
        self.network_depth = network_depth
        self.batch_size = batch_size
        self.n_batches = n_batches
        self.epochs = epochs
        self.margin = margin
        self.l2 = l2
        self.lr = lr
        self.contamination = contamination
        self.random_state = random_state
        self.device = device
        self.verbose = verbose

    def _check_params(self) -> None:
        check_choice(self.network_depth, "network_depth", tuple(HIDDEN_WIDTHS))
        check_positive_int(self.batch_size, "batch_size", minimum=2)
        check_positive_int(self.n_batches, "n_batches")
        check_positive_int(self.epochs, "epochs")
        check_positive_real(self.margin, "margin")
        check_positive_real(self.lr, "lr")
        check_non_negative_real(self.l2, "l2")

    def _fit(self, X, is_anomaly, rng, generator, device):
        torch = import_torch()
        check_both_labels(is_anomaly, "DevNet")
        self.network_ = build_module(lambda: self._make_network(X.shape[1]), generator, device)
        hidden_weights = [layer.weight for layer in self.network_[:-1] if hasattr(layer, "weight")]
        optimizer = torch.optim.RMSprop(self.network_.parameters(), lr=self.lr, alpha=0.9, eps=1e-7)
        # One reference sample per fit, as in the Keras code (where it is a graph constant).
        reference = torch.randn(REFERENCE_SIZE, generator=generator)
        ref_mean, ref_std = reference.mean().item(), reference.std().item()
        Xt = as_tensor(X, device)
        pools = [torch.as_tensor(np.flatnonzero(rows)) for rows in (~is_anomaly, is_anomaly)]
        labels = (torch.arange(self.batch_size) % 2).to(device=device, dtype=torch.float32)
        self.loss_curve_, best_loss = [], np.inf
        for epoch in range(self.epochs):
            self.network_.train()
            losses = []
            for _ in range(self.n_batches):
                batch = _alternating_batch(pools, self.batch_size, generator).to(device)
                optimizer.zero_grad()
                dev = (self.network_(Xt[batch]).squeeze(1) - ref_mean) / ref_std
                loss = deviation_loss(dev, labels, self.margin)
                if self.l2:
                    loss = loss + self.l2 * sum((w**2).sum() for w in hidden_weights)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.network_.parameters(), 1.0)
                optimizer.step()
                losses.append(float(loss.detach()))
            self.loss_curve_.append(float(np.mean(losses)))
            self._log(f"epoch {epoch + 1}/{self.epochs}: loss {self.loss_curve_[-1]:.5f}")
            if self.loss_curve_[-1] < best_loss:
                best_loss, self.best_epoch_ = self.loss_curve_[-1], epoch
                best_state = deepcopy(self.network_.state_dict())
        self.network_.load_state_dict(best_state)
        self.network_.eval()
        return self._score(X)

    def _make_network(self, n_features: int):
        torch = import_torch()
        layers, width = [], n_features
        for size in HIDDEN_WIDTHS[self.network_depth]:
            layers += [torch.nn.Linear(width, size), torch.nn.ReLU()]
            width = size
        layers.append(torch.nn.Linear(width, 1))
        return torch.nn.Sequential(*layers)

    def _score(self, X):
        self.network_.eval()
        device = next(self.network_.parameters()).device
        return predict_batched(lambda b: self.network_(b).squeeze(1), X, device)


def deviation_loss(dev, labels, margin: float):
    """Mean of |dev| for label 0 and max(0, margin - dev) for label 1."""
    return ((1 - labels) * dev.abs() + labels * (margin - dev).clamp(min=0)).mean()


def _alternating_batch(pools, batch_size: int, generator):
    """Row indices alternating label 0 (even positions) and label 1 (odd), with replacement."""
    torch = import_torch()
    batch = torch.empty(batch_size, dtype=torch.long)
    for label, pool in enumerate(pools):
        n = len(range(label, batch_size, 2))
        batch[label::2] = pool[torch.randint(len(pool), (n,), generator=generator)]
    return batch
