"""Dataset groups: the datasets ``bench --groups G`` runs and ``datasets --group G`` lists.

A group's bench datasets are the files ADBench and NNG-Mix read. The folder-qualified
names of the same group (the ViT and RoBERTa embeddings, ``CV_by_ViT/MVTec-AD_bottle``)
run only when named with ``--datasets``; ``pyod-synth datasets`` lists them apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from pyod_synth.bench.names import data_dir_hint


def _listed(group: str, data_dir) -> list[str]:
    from pyod_synth.datasets import list_datasets

    return list_datasets(data_dir=data_dir, group=group)


def group_members(group: str, data_dir=None) -> tuple[list[str], list[str]]:
    """(the group's bench datasets, its folder-qualified names run only by name).

    Raises
    ------
    FileNotFoundError
        If the group is an ADBench group and no ADBench data folder exists.
    """
    names = _listed(group, data_dir)
    return [n for n in names if "/" not in n], [n for n in names if "/" in n]


def group_datasets(groups: Sequence[str], data_dir=None) -> list[str]:
    """The bench datasets of groups ("classical", "cv", "nlp", "embedded"), in order."""
    from pyod_synth.datasets import GROUPS

    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        raise ValueError(f"unknown dataset group(s) {unknown}; valid: {', '.join(GROUPS)}")
    names: list[str] = []
    for group in groups:
        try:
            names.extend(group_members(group, data_dir)[0])
        except FileNotFoundError:
            pass
    if not names:
        raise ValueError(
            f"no dataset found in the group(s) {'/'.join(groups)}{data_dir_hint(data_dir)}."
        )
    return list(dict.fromkeys(names))
