"""Saving and loading fitted models with the versions and columns they were made with.

Models are saved with skops (``skops.io``), which rebuilds objects from their state without
running code from the file, and loaded trusting only the types of :data:`TRUSTED_PACKAGES`.
A model skops cannot save and load that way (torch detectors, a plugin's own classes) is
saved with joblib, loudly; loading a joblib file runs code from it, so :func:`load_model`
refuses one unless told ``allow_pickle=True``, as :func:`numpy.load` does. Loading a model
made with another pyod-synth (or scikit-learn, PyOD, NumPy, Python) version warns with
:class:`ModelVersionWarning`.
"""

from __future__ import annotations

import io
import platform
import warnings
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pyod_synth._version import __version__

FORMAT_VERSION = 1
# Types skops may rebuild on load: packages this project depends on or registers
# detectors from. skops reconstructs them from their saved state, never by calling
# arbitrary functions named in the file.
TRUSTED_PACKAGES = ("pyod_synth", "sklearn", "numpy", "scipy", "pyod",
                    "xgboost", "lightgbm", "catboost")
TRUSTED_TYPES = ("collections.OrderedDict",)
# save_model writes joblib files uncompressed, so they start with pickle's PROTO opcode.
_PICKLE_PROTOCOL_OPCODE = b"\x80"
_LIBRARIES = {"sklearn": "scikit-learn", "pyod": "pyod", "numpy": "numpy"}


class ModelVersionWarning(UserWarning):
    """A saved model was made with other library versions than the running ones."""


class UntrustedTypesError(ValueError):
    """A skops file holds types outside the trusted packages; the message names them."""


class UnsafeModelFormatWarning(UserWarning):
    """A model is saved with joblib, whose files run code when loaded."""


class UnsafeModelFormatError(ValueError):
    """A joblib (pickle) model file was to be loaded without ``allow_pickle=True``."""


def library_versions() -> dict[str, str]:
    """Versions of pyod-synth, scikit-learn, PyOD, NumPy and Python now running."""
    found = {"pyod_synth": __version__, "python": platform.python_version()}
    for key, distribution in _LIBRARIES.items():
        try:
            found[key] = version(distribution)
        except PackageNotFoundError:  # pragma: no cover - core dependencies
            found[key] = "not installed"
    return found


def _trusted(type_name: str) -> bool:
    return type_name in TRUSTED_TYPES or type_name.split(".", 1)[0] in TRUSTED_PACKAGES


def _skops_bytes(payload) -> bytes | None:
    """The payload as skops bytes, or None when skops cannot save it or load it back."""
    import skops.io as sio

    try:
        data = sio.dumps(payload)
        untrusted = sio.get_untrusted_types(data=data)
        if not all(map(_trusted, untrusted)):
            return None
        sio.loads(data, trusted=untrusted)
    except Exception:  # noqa: BLE001 - any skops failure means: use joblib
        return None
    return data


def save_model(model, path, metadata: dict | None = None) -> str:
    """Save a fitted model with the library versions and ``metadata``; return the format.

    Parameters
    ----------
    model : estimator
    path : str or Path
    metadata : dict, default=None
        JSON-like data stored beside the model (e.g. the input's columns).

    Returns
    -------
    {"skops", "joblib"}
        joblib only when skops cannot save the model; that warns
        (:class:`UnsafeModelFormatWarning`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn.linear_model import LogisticRegression
    >>> from pyod_synth.model_io import load_model, save_model
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "model.skops"
    >>> model = LogisticRegression().fit([[0.0], [1.0]], [0, 1])
    >>> save_model(model, path, {"columns": ["a"]})
    'skops'
    >>> loaded, meta = load_model(path)
    >>> loaded.predict([[1.0]]).tolist(), meta["columns"]
    ([1], ['a'])
    """
    payload = {"format_version": FORMAT_VERSION, "versions": library_versions(),
               "metadata": dict(metadata or {}), "model": model}
    data = _skops_bytes(payload)
    kind = "skops"
    if data is None:
        import joblib

        kind = "joblib"
        warnings.warn(
            f"{type(model).__name__} cannot be saved with skops (a torch model or a type "
            f"outside {TRUSTED_PACKAGES}); saving {path} with joblib. Loading a joblib file "
            "executes code from it, so it loads only with load_model(..., allow_pickle=True) "
            "or `pyod-synth score --allow-pickle`: only for files you trust.",
            UnsafeModelFormatWarning, stacklevel=2,
        )
        buffer = io.BytesIO()
        joblib.dump(payload, buffer)
        data = buffer.getvalue()
    from pyod_synth.table_io import check_output_path

    path = check_output_path(path)
    tmp = path.with_name(f".{path.name}.partial")
    tmp.write_bytes(data)
    tmp.replace(path)  # whole or not at all
    return kind


def load_model(path, trusted=(), allow_pickle=False) -> tuple[object, dict]:
    """Load a model saved by :func:`save_model`: ``(model, metadata)``.

    Parameters
    ----------
    path : str or Path
    trusted : sequence of str, default=()
        Further type names (``"package.module.Class"``) skops may rebuild; a skops file
        holding another type outside :data:`TRUSTED_PACKAGES` is refused, naming it.
    allow_pickle : bool, default=False
        Load a joblib (pickle) file, which :func:`save_model` writes for models skops cannot
        hold. Unpickling runs code from the file: allow it only for files you trust.

    Raises
    ------
    UnsafeModelFormatError
        The file is a joblib file and ``allow_pickle`` is False; nothing was unpickled.

    Warns
    -----
    ModelVersionWarning
        The model was made with other library versions; the message lists them.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No such model file: {path}")
    try:
        if zipfile.is_zipfile(path):
            payload = _load_skops(path, trusted)
        else:
            payload = _load_joblib(path, allow_pickle)
    except (UntrustedTypesError, UnsafeModelFormatError, ImportError):
        raise  # they say what to trust or to install
    except Exception as exc:  # noqa: BLE001 - unpickling a damaged file can raise anything
        raise ValueError(
            f"{path}: not a readable model file (damaged, truncated, or not written by "
            f"`pyod-synth fit` / save_model: {type(exc).__name__}: {exc}). Fit and save the "
            "model again."
        ) from exc
    if not isinstance(payload, dict) or "model" not in payload:
        raise ValueError(f"{path} is not a model saved by pyod-synth (save_model / "
                         "`pyod-synth fit`).")
    _warn_on_other_versions(payload.get("versions", {}), path)
    metadata = dict(payload.get("metadata", {}), versions=payload.get("versions", {}))
    return payload["model"], metadata


def _load_skops(path: Path, trusted):
    import skops.io as sio

    untrusted = sio.get_untrusted_types(file=path)
    refused = [t for t in untrusted if not _trusted(t) and t not in trusted]
    if refused:
        raise UntrustedTypesError(
            f"{path} holds types outside the trusted packages {TRUSTED_PACKAGES}: {refused}. "
            "If you trust the file's source, pass them: load_model(path, trusted=[...]) or "
            "`pyod-synth score --trust TYPE`."
        )
    return sio.load(path, trusted=untrusted)


def _load_joblib(path: Path, allow_pickle: bool):
    import joblib

    if allow_pickle:
        return joblib.load(path)
    with path.open("rb") as file:
        if file.read(1) != _PICKLE_PROTOCOL_OPCODE:
            raise ValueError("neither a skops (zip) nor a joblib file")
    raise UnsafeModelFormatError(
        f"{path} is a joblib (pickle) file: loading it would execute code from it. If you "
        "trust its source, load it with load_model(path, allow_pickle=True) or "
        "`pyod-synth score --allow-pickle`."
    )


def _warn_on_other_versions(saved: dict, path: Path) -> None:
    now = library_versions()
    differ = {k: (v, now.get(k)) for k, v in saved.items() if now.get(k) != v}
    if differ:
        listed = ", ".join(f"{k} {was} (now {is_})" for k, (was, is_) in differ.items())
        warnings.warn(
            f"{path} was made with {listed}: scores may differ or loading may fail; "
            "refit with `pyod-synth fit` to be sure.", ModelVersionWarning, stacklevel=3,
        )
