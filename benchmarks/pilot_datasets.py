"""The pilot datasets of benchmarks/pilot_datasets.txt, for the Python benchmark scripts.

``python benchmarks/pilot_datasets.py --rest`` prints the other Classical datasets of
``$PYOD_SYNTH_ADBENCH_DIR/MANIFEST.tsv``, smallest first by the size ADBench trains on (the
order the pilot was drawn from), so a grid stopped early has covered the cheap ones.
"""

import argparse
import csv
import os
from pathlib import Path

LIST = Path(__file__).with_name("pilot_datasets.txt")


def read_pilot(path: Path = LIST) -> tuple[str, ...]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return tuple(line for line in lines if line)


PILOT = read_pilot()


def rest_by_size(manifest: Path) -> list[str]:
    """Classical datasets outside the pilot, by min(max(n, 1000), 10000) x d, then name."""
    with open(manifest, newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["group"] == "Classical"]
    sized = [(min(max(int(r["n_samples"]), 1000), 10000) * int(r["n_features"]),
              Path(r["file"]).stem) for r in rows]
    return [name for _, name in sorted(sized) if name not in PILOT]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rest", action="store_true", required=True)
    parser.parse_args()
    data = Path(os.environ.get("PYOD_SYNTH_ADBENCH_DIR", "../shared/datasets/adbench"))
    print("\n".join(rest_by_size(data / "MANIFEST.tsv")))
