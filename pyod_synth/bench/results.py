"""The append-only results file: one JSON object per line, one line per finished run.

Each row is written with a single ``write`` of the whole line followed by flush and fsync,
so a kill can only leave a partial *last* line. Opening the file repairs exactly that
(truncating the partial line, whose run is then redone); anything else unreadable is an
error naming the file and line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

KEY = "key"


class MalformedResultsError(ValueError):
    """A complete line of a results file is not a JSON object with a run key."""

    def __init__(self, path, line_number: int, reason: str):
        self.path = str(path)
        self.line_number = line_number
        super().__init__(
            f"{path}:{line_number}: malformed results line ({reason}). Fix or delete that "
            "line, or pass another --results file; finished runs on other lines are kept."
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
    rows, _ = _scan(Path(path))
    return rows


def _scan(path: Path) -> tuple[list[dict], int]:
    """Rows of the complete lines and the byte length of those lines."""
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1  # bytes after the last newline belong to an unfinished write
    rows = []
    for number, line in enumerate(data[:end].split(b"\n")[:-1], start=1):
        if line.strip():
            rows.append(_parse(line, path, number))
    return rows, end


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
        if end < self.path.stat().st_size:
            os.truncate(self.path, end)
            os.fsync(self._handle.fileno())
        return latest_by_key(rows)

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
