"""README's generators section: its code runs and its table covers every built-in."""

import re

import numpy as np
from conftest import REPO

from pyod_synth.registry import generator_registrations


def _section() -> str:
    text = (REPO / "README.md").read_text()
    return text.split("<!-- section: generators -->", 1)[1].split("<!-- section:", 1)[0]


def test_generators_example_runs_and_gives_five_per_labeled_anomaly():
    namespace: dict = {}
    code = re.findall(r"```python\n(.*?)```", _section(), flags=re.S)[0]
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["X_syn"].shape == (25, 4)
    assert np.isfinite(namespace["X_syn"]).all()


def test_table_lists_every_registered_generator():
    documented = set(re.findall(r"^\| `(\w+)` \|", _section(), flags=re.M))
    assert set(generator_registrations()) <= documented


def test_mixed_type_example_runs():
    text = (REPO / "README.md").read_text()
    section = text.split("<!-- section: mixed-types -->", 1)[1].split("<!-- section:", 1)[0]
    namespace: dict = {}
    code = re.findall(r"```python\n(.*?)```", section, flags=re.S)[0]
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["X_syn"].shape == (5, 3)
    assert set(namespace["X_syn"]["proto"]) <= {"tcp", "udp", "icmp"}
    assert np.isfinite(namespace["scores"]).all() and namespace["scores"].shape == (3,)
