"""The append-only results file: one JSON object per line, one line per finished run.

Each row is written with a single ``write`` of the whole line followed by flush and fsync,
so a kill can only leave a partial *last* line. Opening the file repairs exactly that
(truncating the partial line, whose run is then redone); anything else unreadable is an
error naming the file and line.

A results file ``R.jsonl`` may have a gzip archive ``R.jsonl.gz`` beside it (committed
benchmark results are kept that way: 14 times smaller). Readers see the archive's rows
first, then those of ``R.jsonl``; the bench counts archived runs as done and appends new
ones to ``R.jsonl``. ``benchmarks/pack_results.py`` folds the plain file into the archive.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

KEY = "key"
ARCHIVE_SUFFIX = ".gz"


def archive_path(path) -> Path:
    """The gzip archive of a results file: ``R.jsonl`` -> ``R.jsonl.gz``."""
    path = Path(path)
    if path.name.endswith(ARCHIVE_SUFFIX):
        return path
    return path.with_name(path.name + ARCHIVE_SUFFIX)


class MalformedResultsError(ValueError):
    """A complete line of a results file is not a JSON object with a run key."""

    def __init__(self, path, line_number: int, reason: str):
        self.path = str(path)
        self.line_number = line_number
        super().__init__(
            f"{path}:{line_number}: malformed results line ({reason}). Fix or delete that "
            "line, or use another results file; finished runs on other lines are kept."
        )


def _parse(line: bytes, path, line_number: int) -> dict:
    try:
        row = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedResultsError(path, line_number, f"not JSON: {exc}") from None
    if not isinstance(row, dict) or not isinstance(row.get(KEY), str):
        raise MalformedResultsError(path, line_number, f"not an object with a {KEY!r} string")
    return row


def read_rows(path) -> list[dict]:
    """Every complete row of a results file, in file order; a partial last line is ignored.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    MalformedResultsError
        If a complete line is not a JSON object with a ``key``.
    """
    path = Path(path)
    archive = archive_path(path)
    sources = [p for p in dict.fromkeys([archive, path]) if p.is_file()]
    if not sources:
        raise FileNotFoundError(f"no results file {path} (nor its archive {archive.name})")
    return [row for source in sources for row in _scan(source)[0]]


def finished_rows(path) -> dict[str, dict]:
    """The latest row of each run key in a results file and its archive; {} if neither exists."""
    try:
        return latest_by_key(read_rows(path))
    except FileNotFoundError:
        return {}


def _scan(path: Path) -> tuple[list[dict], int]:
    """Rows of the complete lines and the byte length of those lines."""
    data = path.read_bytes()
    if path.name.endswith(ARCHIVE_SUFFIX):
        data = gzip.decompress(data)
    end = data.rfind(b"\n") + 1  # bytes after the last newline belong to an unfinished write
    if end < len(data) and _complete_row(data[end:]):  # only the final newline is missing
        data, end = data + b"\n", len(data) + 1
    rows = []
    for number, line in enumerate(data[:end].split(b"\n")[:-1], start=1):
        if line.strip():
            rows.append(_parse(line, path, number))
    return rows, end


def _complete_row(tail: bytes) -> bool:
    """Whether ``tail`` (the bytes after the last newline) is a whole row (e.g. a file
    edited by hand or cut after the row but before its newline): kept, not recomputed."""
    try:
        row = json.loads(tail)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(row, dict) and isinstance(row.get(KEY), str)


def latest_by_key(rows: list[dict]) -> dict[str, dict]:
    """The last row written for each key (a retried run supersedes its earlier row)."""
    return {row[KEY]: row for row in rows}


class ResultsFile:
    """Appends rows to a JSON-lines results file; see the module docstring for guarantees.

    Used as a context manager, it holds an exclusive advisory lock on the file (where the
    platform has ``fcntl``), so two benches never append to the same file.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "bench.jsonl")
    >>> with ResultsFile(path) as results:
    ...     results.append({"key": "a", "aucroc": 0.9})
    >>> with ResultsFile(path) as results:
    ...     sorted(results.done)
    ['a']
    """

    def __init__(self, path):
        if Path(path).name.endswith(ARCHIVE_SUFFIX):
            raise ValueError(
                f"{path} is a read-only archive of results; pass the plain results path "
                f"({str(path)[: -len(ARCHIVE_SUFFIX)]}): new rows go there, archived runs "
                "count as done"
            )
        self.path = Path(path)
        self.done: dict[str, dict] = {}
        self._handle = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = open(self.path, "ab", buffering=0)
        try:
            _lock(self._handle, self.path)
            self.done = self._repair()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info):
        self.close()

    def _repair(self) -> dict[str, dict]:
        """Cut off a partial trailing line (left by a kill mid-write); rows by key."""
        rows, end = _scan(self.path)
        size = self.path.stat().st_size
        if end < size:
            os.truncate(self.path, end)
            os.fsync(self._handle.fileno())
        elif end > size:  # _scan counted the newline the complete last row lacks
            self._handle.write(b"\n")  # the complete last row's missing newline
            self._handle.flush()
            os.fsync(self._handle.fileno())
        archive = archive_path(self.path)
        archived = _scan(archive)[0] if archive.is_file() else []
        return latest_by_key(archived + rows)

    def append(self, row: dict) -> None:
        """Write one row as one line and make it durable before returning."""
        if self._handle is None:
            raise RuntimeError("open the ResultsFile with a with-statement before appending")
        if not isinstance(row.get(KEY), str):
            raise ValueError(f"a results row needs a {KEY!r} string; got {row!r}")
        line = (json.dumps(row, sort_keys=True, allow_nan=False, default=str) + "\n").encode()
        self._handle.write(line)
        os.fsync(self._handle.fileno())
        self.done[row[KEY]] = row

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _lock(handle, path) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - platform without fcntl
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise RuntimeError(
            f"another pyod-synth bench is writing {path}; wait for it to finish or pass a "
            "different --results file"
        ) from None
