"""Torch helpers shared by the torch detectors; torch itself is imported inside each function.

Randomness never goes through torch's global generator: modules are built on the
``meta`` device (no parameter draws at all) and then initialised, and batches shuffled,
from a local ``torch.Generator`` seeded from the detector's ``random_state``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import numpy as np

from pyod_synth.detectors.factories import require_extra


def import_torch():
    """The torch module, or an ImportError naming the ``torch`` extra."""
    require_extra("torch", "torch", "this detector")
    import torch

    return torch


def torch_generator(rng: np.random.Generator):
    """A CPU ``torch.Generator`` seeded from one draw of the local NumPy generator."""
    torch = import_torch()
    generator = torch.Generator()
    generator.manual_seed(int(rng.integers(0, 2**63 - 1)))
    return generator


def init_parameters(module, generator) -> None:
    """(Re)initialise every parameter of ``module`` with ``generator``.

    Linear layers get PyTorch's default initialisation (Kaiming-uniform weights with
    a = sqrt(5), biases uniform in +-1/sqrt(fan_in)) drawn from ``generator``; layers whose
    reset is deterministic (batch and layer norms) are reset. Any other layer with
    parameters raises, so no parameter is ever left uninitialised or drawn globally.
    """
    torch = import_torch()
    for layer in module.modules():
        own = list(layer.parameters(recurse=False)) + list(layer.buffers(recurse=False))
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=generator)
            if layer.bias is not None:
                bound = 1.0 / math.sqrt(layer.in_features) if layer.in_features > 0 else 0.0
                torch.nn.init.uniform_(layer.bias, -bound, bound, generator=generator)
        elif isinstance(layer, (torch.nn.modules.batchnorm._NormBase, torch.nn.LayerNorm)):
            layer.reset_parameters()
        elif own:
            raise TypeError(
                f"init_parameters does not know how to initialise {type(layer).__name__}; "
                "add it here rather than fall back to torch's global generator."
            )


def build_module(make: Callable[[], object], generator, device):
    """Call ``make()`` on the meta device, then materialise on ``device`` and initialise.

    Building on ``meta`` allocates nothing and draws nothing from torch's global RNG, so
    third-party module classes (e.g. PyOD's LUNAR networks) can be reused as they are.
    """
    torch = import_torch()
    with torch.device("meta"):
        module = make()
    module = module.to_empty(device=device)
    init_parameters(module, generator)
    return module


def as_tensor(X: np.ndarray, device):
    """A float32 tensor on ``device`` (a copy: the caller's array is never shared)."""
    torch = import_torch()
    return torch.tensor(np.asarray(X, dtype=np.float32), device=device)


def minibatches(
    n_rows: int, batch_size: int, generator, *, shuffle: bool = True, drop_last: bool = False
) -> Iterator:
    """Index tensors of one epoch's batches, shuffled with ``generator``."""
    torch = import_torch()
    order = torch.randperm(n_rows, generator=generator) if shuffle else torch.arange(n_rows)
    stop = n_rows - n_rows % batch_size if drop_last else n_rows
    for start in range(0, stop, batch_size):
        yield order[start : start + batch_size]


def predict_batched(forward: Callable, X: np.ndarray, device, batch_size: int = 4096) -> np.ndarray:
    """``forward`` applied in eval mode and without gradients, in batches; float64 NumPy out."""
    torch = import_torch()
    outputs = []
    with torch.no_grad():
        for start in range(0, X.shape[0], batch_size):
            batch = as_tensor(X[start : start + batch_size], device)
            outputs.append(forward(batch).detach().cpu().numpy().astype(np.float64))
    return np.concatenate(outputs) if outputs else np.empty(0)


def resolve_device(device):
    """``torch.device(device)`` with a clear error for an unknown or unavailable device."""
    torch = import_torch()
    try:
        resolved = torch.device(device)
    except (RuntimeError, TypeError) as exc:
        raise ValueError(
            f"device must be a torch device such as 'cpu' or 'cuda'; got {device!r}."
        ) from exc
    if resolved.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device {device!r} was requested but CUDA is not available; use 'cpu'.")
    return resolved
