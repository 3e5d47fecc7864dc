"""Fold results files into their gzip archives: ``R.jsonl`` (+ ``R.jsonl.gz``) -> ``R.jsonl.gz``.

Committed results are kept as gzip archives (14 times smaller than the JSON lines). The
bench reads an archive's rows as done and appends new runs to the plain ``R.jsonl`` beside
it; this script then moves those rows into the archive. The archive is written
deterministically (no file name or time in the gzip header), every row is kept in order,
and the plain file is removed only after the archive reads back to the same rows.

    python benchmarks/pack_results.py                 # every benchmarks/results/*.jsonl
    python benchmarks/pack_results.py PATH.jsonl ...
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

from pyod_synth.bench.results import archive_path, read_rows

RESULTS = Path(__file__).resolve().parent / "results"


def _gzip(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as out:
        out.write(data)
    return buffer.getvalue()


def _lines(data: bytes) -> set[bytes]:
    return {line for line in data.splitlines() if line.strip()}


def pack(plain: Path) -> tuple[int, int]:
    """Archive ``plain`` (after any rows already archived); returns (bytes before, after)."""
    archive = archive_path(plain)
    rows = read_rows(plain)  # archive rows first, then the plain file's: the reading order
    old = gzip.decompress(archive.read_bytes()) if archive.exists() else b""
    new = plain.read_bytes()
    if new and not new.endswith(b"\n"):
        raise ValueError(f"{plain} ends in a partial line; rerun its bench to repair it first")
    # Identical lines, not equal keys: a --retry-errors run appends a new row for its key.
    repeated = _lines(old) & _lines(new)
    if repeated:  # e.g. a plain file copied in again after it was packed
        example = json.loads(min(repeated))["key"]
        raise ValueError(f"{plain}: {len(repeated)} rows are already archived in "
                         f"{archive.name} (e.g. key {example!r}); keep only the new rows in "
                         "the plain file and pack again")
    packed = _gzip(old + new)
    temporary = archive.with_name(archive.name + ".tmp")
    temporary.write_bytes(packed)
    temporary.replace(archive)
    if read_rows(archive) != rows:
        raise RuntimeError(f"{archive} does not read back to the rows of {plain}; kept both")
    before = len(old) + len(new)
    plain.unlink()
    return before, len(packed)


def main(paths: list[str]) -> int:
    plains = [Path(p) for p in paths] or sorted(RESULTS.glob("*.jsonl"))
    for plain in plains:
        before, after = pack(plain)
        print(f"{plain.name}: {before:,} -> {after:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
