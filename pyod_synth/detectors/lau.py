"""Lau, Zhou et al.'s (2025) classifier: a ReLU network trained with the hinge loss."""

from __future__ import annotations

import numpy as np
from sklearn.model_selection import train_test_split

from pyod_synth.detectors.torch_base import BaseTorchDetector
from pyod_synth.detectors.torch_utils import (
    as_tensor,
    build_module,
    import_torch,
    minibatches,
    predict_batched,
)
from pyod_synth.validation import (
    check_both_labels,
    check_choice,
    check_fraction,
    check_hidden_sizes,
    check_non_negative_real,
    check_positive_int,
    check_positive_real,
)

ACTIVATIONS = ("relu", "leaky_relu")


class LauClassifier(BaseTorchDetector):
    """Fully connected d -> 500 -> 500 -> 1 network with hinge loss (Lau, Zhou et al. 2025).

    The classifier of "Optimal Classification-Based Anomaly Detection with Neural
    Networks" (arXiv 2506.13955), re-implemented from the authors' settings: raw real
    output f(x), labels mapped to +1 (normal, ``y == 0``) and -1 (anomaly, ``y == 1``),
    hinge loss mean(max(0, 1 - t f(x))), AdamW, early stopping on a validation split.
    The anomaly score is ``1 - f(x)``: higher is more anomalous.

    It needs rows labeled 1: real labeled anomalies, synthetic anomalies, or both. Wrap it
    in ``pyod_synth.Augmented`` (e.g. with the ``uniform`` generator, Lau et al.'s choice)
    to train it without labeled anomalies.

    Parameters
    ----------
    hidden_sizes : tuple of int, default=(500, 500)
        Widths of the hidden layers.
    activation : {"relu", "leaky_relu"}, default="relu"
        "relu" is the theory-faithful network of the paper's rates; "leaky_relu"
        (slope 0.01) is the default of the authors' experiment script.
    lr : float, default=1e-3
        AdamW learning rate (no schedule).
    weight_decay : float, default=1e-2
        AdamW weight decay.
    batch_size : int, default=1024
    epochs : int, default=200
        Maximum number of epochs.
    patience : int, default=7
        Stop after this many epochs without a strictly lower validation loss.
    validation_fraction : float, default=0.2
        Fraction of the rows given to ``fit`` held out for early stopping, stratified by
        label when each label has at least two rows. The split is carved from what ``fit``
        receives: inside ``Augmented`` that already includes the synthetic anomalies, so
        the validation split holds synthetic anomalies too, as in Lau et al.'s protocol.
        0 disables early stopping (all ``epochs`` run on all rows).
    contamination : float, default=0.1
        PyOD's expected outlier fraction, used only for ``threshold_`` and ``labels_``.
    random_state : None, int or numpy Generator, default=None
        Seeds the initial weights, the validation split and the batch order through
        local generators; the same value gives identical scores.
    device : str, default="cpu"
    verbose : int, default=0
        Print the losses of each epoch when > 0.

    Attributes
    ----------
    network_ : torch.nn.Sequential
        The trained network (in eval mode).
    n_epochs_ : int
        Epochs run before early stopping (or ``epochs``).
    loss_curve_, validation_loss_curve_ : list of float
        Mean training hinge loss and validation hinge loss per epoch.
    decision_scores_, threshold_, labels_ : PyOD's fitted attributes.

    Notes
    -----
    As in the authors' code the model kept is the one of the last epoch run (their
    checkpoint has no monitor), not the epoch with the best validation loss. Unlike
    their code, which shuffles the rows once and keeps the batch order fixed, batches
    are reshuffled every epoch. Inputs are used as given: scale them first (ADBench
    min-max scales every feature to [0, 1]).

    Early stopping assumes many anomalies, as in Lau et al.'s set-up (as many synthetic
    anomalies as real rows). With few rows labeled 1 and data that fits in one batch,
    the validation loss can sit on the "everything is normal" plateau for ``patience``
    epochs and stop training there; use a smaller ``batch_size``, more synthetic
    anomalies or ``validation_fraction=0``.

    Examples
    --------
    >>> import numpy as np
    >>> from pyod_synth.detectors.lau import LauClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, 1, (200, 2)), rng.normal(5, 1, (20, 2))])
    >>> y = np.r_[np.zeros(200), np.ones(20)]
    >>> det = LauClassifier(hidden_sizes=(32, 32), batch_size=32, epochs=20, random_state=0)
    >>> det = det.fit(X, y)
    >>> bool(det.decision_function([[5.0, 5.0]])[0] > det.decision_function([[0.0, 0.0]])[0])
    True
    """

    requires_anomalies = True  # rows of both labels

    def __init__(
        self,
        hidden_sizes=(500, 500),
        activation="relu",
        lr=1e-3,
        weight_decay=1e-2,
        batch_size=1024,
        epochs=200,
        patience=7,
        validation_fraction=0.2,
        contamination=0.1,
        random_state=None,
        device="cpu",
        verbose=0,
    ):
        self.hidden_sizes = hidden_sizes
        self.activation = activation
        self.lr = lr
        self.weight_decay = weight_decay
        self.batch_size = batch_size
        self.epochs = epochs
        self.patience = patience
        self.validation_fraction = validation_fraction
        self.contamination = contamination
        self.random_state = random_state
        self.device = device
        self.verbose = verbose

    def _check_params(self) -> None:
        check_choice(self.activation, "activation", ACTIVATIONS)
        check_hidden_sizes(self.hidden_sizes)
        check_positive_real(self.lr, "lr")
        check_non_negative_real(self.weight_decay, "weight_decay")
        check_positive_int(self.batch_size, "batch_size")
        check_positive_int(self.epochs, "epochs")
        check_positive_int(self.patience, "patience")
        check_fraction(self.validation_fraction, "validation_fraction", allow_zero=True)

    def _fit(self, X, is_anomaly, rng, generator, device):
        torch = import_torch()
        check_both_labels(is_anomaly, "LauClassifier")
        # Hinge targets: +1 for normal rows, -1 for anomalies (Lau et al.'s convention).
        target = np.where(is_anomaly, -1.0, 1.0)
        X_fit, t_fit, X_val, t_val = self._split(X, target, is_anomaly, rng)
        self.network_ = build_module(lambda: self._make_network(X.shape[1]), generator, device)
        optimizer = torch.optim.AdamW(
            self.network_.parameters(), lr=self.lr, weight_decay=self.weight_decay
        )
        Xt, tt = as_tensor(X_fit, device), as_tensor(t_fit, device)
        self.loss_curve_, self.validation_loss_curve_ = [], []
        best, waited = np.inf, 0
        for epoch in range(self.epochs):
            self.loss_curve_.append(self._train_epoch(Xt, tt, optimizer, generator))
            if X_val is None:
                continue
            val_loss = float(np.mean(hinge(self._output(X_val), t_val)))
            self.validation_loss_curve_.append(val_loss)
            self._log(f"epoch {epoch + 1}: loss {self.loss_curve_[-1]:.5f}, val {val_loss:.5f}")
            if val_loss < best:
                best, waited = val_loss, 0
            else:
                waited += 1
                if waited >= self.patience:
                    break
        self.n_epochs_ = len(self.loss_curve_)
        self.network_.eval()
        return self._score(X)

    def _split(self, X, target, is_anomaly, rng):
        if self.validation_fraction == 0:
            return X, target, None, None
        counts = np.bincount(is_anomaly.astype(int), minlength=2)
        stratify = is_anomaly if counts.min() >= 2 else None
        X_fit, X_val, t_fit, t_val = train_test_split(
            X,
            target,
            test_size=self.validation_fraction,
            stratify=stratify,
            random_state=int(rng.integers(0, 2**32 - 1)),
        )
        return X_fit, t_fit, X_val, t_val

    def _make_network(self, n_features: int):
        torch = import_torch()
        layers, width = [], n_features
        for size in self.hidden_sizes:
            act = torch.nn.ReLU() if self.activation == "relu" else torch.nn.LeakyReLU(0.01)
            layers += [torch.nn.Linear(width, size), act]
            width = size
        layers.append(torch.nn.Linear(width, 1))
        return torch.nn.Sequential(*layers)

    def _train_epoch(self, Xt, tt, optimizer, generator) -> float:
        self.network_.train()
        total = 0.0
        for batch in minibatches(Xt.shape[0], self.batch_size, generator):
            optimizer.zero_grad()
            loss = hinge(self.network_(Xt[batch]).squeeze(1), tt[batch]).mean()
            loss.backward()
            optimizer.step()
            total += float(loss.detach()) * len(batch)
        return total / Xt.shape[0]

    def _output(self, X: np.ndarray) -> np.ndarray:
        """The network's raw output f(x) (positive = normal side of the boundary)."""
        self.network_.eval()
        return predict_batched(lambda b: self.network_(b).squeeze(1), X, _device_of(self.network_))

    def _score(self, X):
        return 1.0 - self._output(X)


def _device_of(module):
    return next(module.parameters()).device


def hinge(output, target):
    """max(0, 1 - target * output), elementwise (NumPy arrays or torch tensors)."""
    margin = 1.0 - target * output
    return margin.clamp(min=0.0) if hasattr(margin, "clamp") else np.maximum(margin, 0.0)
