"""The pilot datasets of benchmarks/pilot_datasets.txt, for the Python benchmark scripts."""

from pathlib import Path

LIST = Path(__file__).with_name("pilot_datasets.txt")


def read_pilot(path: Path = LIST) -> tuple[str, ...]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return tuple(line for line in lines if line)


PILOT = read_pilot()
