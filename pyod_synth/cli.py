"""The ``pyod-synth`` command."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def _describe(kind: str, registration) -> dict[str, Any]:
    """Name, plugin, label requirement and default parameters of one registration.

    What cannot be read (a factory needing an extra, a plugin object's broken tags or
    ``get_params``) is None with the reason in ``error``: one faulty plugin never stops a
    listing.
    """
    from pyod_synth.tags import requires_anomalies

    row: dict[str, Any] = {"name": registration.name, "plugin": registration.plugin,
                           "requires_anomalies": None, "params": None}
    errors: list[str] = []
    instance = _read(errors, _build, kind, registration)
    if instance is not None:
        row["requires_anomalies"] = _read(errors, requires_anomalies, instance)
        row["params"] = _read(errors, _params, instance)
    if errors:
        row["error"] = "; ".join(errors)
    return row


def _clash_row(registrations, name: str) -> dict[str, Any]:
    """A name several plugins registered: listed, unusable, with the error."""
    return {"name": name, "plugin": ", ".join(registrations.clashes[name]),
            "requires_anomalies": None, "params": None,
            "error": f"DuplicateNameError: {registrations.duplicate_error(name)}"}


def _read(errors: list[str], function, *args):
    """``function(*args)``, or None with the error, on one line, added to ``errors``."""
    try:
        return function(*args)
    except Exception as exc:  # noqa: BLE001 - listing must survive any one plugin's fault
        errors.append(" ".join(f"{type(exc).__name__}: {exc}".split()))
        return None


def _build(kind: str, registration):
    """The registered factory's product as the plugin wrote it (unwrapped), checked."""
    from pyod_synth.foreign import check_product

    product = registration.factory()
    check_product(kind, registration.name, registration.plugin, product)
    return product


def _params(instance) -> dict[str, Any]:
    if not hasattr(instance, "get_params"):
        return {}
    params = instance.get_params(deep=False)
    if not isinstance(params, dict):
        raise TypeError(f"get_params() returned {params!r}, not a dict")
    return {key: _jsonable(value) for key, value in params.items()}


def _jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return repr(value)


def _print_table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    cells = [[_cell(row.get(col)) for col in columns] for row in rows]
    widths = [max([len(col)] + [len(c[i]) for c in cells]) for i, col in enumerate(columns)]
    print("  ".join(col.ljust(w) for col, w in zip(columns, widths, strict=True)).rstrip())
    for c in cells:
        print("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)).rstrip())


def _cell(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={v!r}" for k, v in value.items())
    if value is None:  # could not be read (see the row's error)
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _list_registry(registrations, as_json: bool, columns: dict[str, str]) -> int:
    """Print one row per registration; ``columns`` maps row keys to table headers."""
    rows = [_describe(registrations.kind, reg) for reg in registrations.values()]
    if "learns_from_labels" in columns:
        for row, reg in zip(rows, registrations.values(), strict=True):
            row["learns_from_labels"] = reg.learns_from_labels
    rows = sorted(rows + [_clash_row(registrations, name) for name in registrations.clashes],
                  key=lambda row: row["name"])
    if as_json:
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        if "error" in row:  # say why something is unknown (usually a missing extra)
            row["params"] = f"{_cell(row['params'])} (unavailable: {row['error']})"
    table = [{header: row.get(key) for key, header in columns.items()} for row in rows]
    _print_table(table, list(columns.values()))
    return 0


_COLUMNS = {"name": "name", "plugin": "plugin", "requires_anomalies": "needs labels"}


def cmd_generators(args) -> int:
    from pyod_synth.registry import generator_registrations

    return _list_registry(generator_registrations(), args.json, {**_COLUMNS, "params": "params"})


def cmd_detectors(args) -> int:
    from pyod_synth.registry import detector_registrations

    columns = {"name": "name", "plugin": "plugin", "learns_from_labels": "learns labels",
               "requires_anomalies": "needs labels", "params": "params"}  # fmt: skip
    return _list_registry(detector_registrations(), args.json, columns)


def cmd_plugins(args) -> int:
    from pyod_synth.plugins import list_plugins

    print(json.dumps(list_plugins(), indent=2))
    return 0


def cmd_datasets(args) -> int:
    from pyod_synth.bench.groups import group_members
    from pyod_synth.datasets import GROUPS, no_adbench_data_message

    groups = [args.group] if args.group else list(GROUPS)
    missing = None
    found_adbench = False
    for group in groups:
        try:
            # The same function gives `bench --groups`: a group means the same files in both.
            members, by_name_only = group_members(group, args.data_dir)
        except FileNotFoundError as exc:
            if args.group:  # asked for explicitly: say where we looked
                raise
            missing = missing or exc
            continue  # no ADBench data: list what there is
        found_adbench = found_adbench or (group != "embedded" and bool(members))
        print(f"{group} ({len(members)}): " + " ".join(members))
        if by_name_only:
            print(f"{group}-by-name ({len(by_name_only)}, not in --groups {group}; name them "
                  "with --datasets): " + " ".join(by_name_only))
    if missing is not None:
        print(f"pyod-synth: warning: some groups are not listed: {missing}", file=sys.stderr)
    elif not args.group and not found_adbench:
        print(f"pyod-synth: warning: {no_adbench_data_message(args.data_dir)}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    from pyod_synth._version import __version__

    parser = argparse.ArgumentParser(
        prog="pyod-synth",
        description="Synthetic anomalies for classification-based anomaly detectors.",
    )
    parser.add_argument("--version", action="version", version=f"pyod-synth {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("generators", help="list registered anomaly generators")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_generators)

    p = sub.add_parser(
        "detectors", help="list registered detectors (label-learning and unsupervised)"
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_detectors)

    p = sub.add_parser("plugins", help="list plugins with versions and status (JSON)")
    p.set_defaults(func=cmd_plugins)

    from pyod_synth.datasets import GROUPS

    p = sub.add_parser("datasets", help="list dataset names that bench and load_dataset take")
    p.add_argument("--data-dir", help="ADBench data folder (default: $PYOD_SYNTH_ADBENCH_DIR)")
    p.add_argument("--group", choices=GROUPS,
                   help="only this group: the datasets `pyod-synth bench --groups GROUP` runs")
    p.set_defaults(func=cmd_datasets)

    from pyod_synth.bench.command import add_bench_arguments, add_report_arguments

    add_bench_arguments(sub.add_parser("bench", help="run a resumable benchmark grid"))
    add_report_arguments(sub.add_parser("report", help="write a report of bench results"))

    from pyod_synth.new_plugin import add_arguments as add_new_plugin_arguments

    add_new_plugin_arguments(sub.add_parser("new-plugin", help="write a ready plugin package"))

    from pyod_synth.commands import fit, plot, sample, score

    fit.add_arguments(sub.add_parser("fit", help="fit a detector on your table and save it"))
    score.add_arguments(sub.add_parser("score", help="score a table with a saved model"))
    plot.add_arguments(sub.add_parser("plot", help="picture what a generator draws"))
    sample.add_arguments(sub.add_parser("sample", help="write synthetic rows to a file"))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (ValueError, TypeError, OSError, ImportError) as exc:
        # OSError: a results path that is a folder, read-only, or under a file, ...
        print(f"pyod-synth: error: {_file_error(exc)}", file=sys.stderr)
        return 2


def _file_error(exc: Exception) -> str:
    """``exc`` as one line; a file-system error names the path and what to do; notes
    (whose code raised, e.g. a plugin's factory) follow in parentheses."""
    notes = "".join(f" ({note})" for note in getattr(exc, "__notes__", []))
    if not isinstance(exc, OSError) or isinstance(exc, FileNotFoundError) or not exc.filename:
        return f"{exc}{notes}"
    return (f"{exc.strerror or exc}: {exc.filename} ({type(exc).__name__}); check the path "
            "(--results, --out, the dataset files) and its permissions")


if __name__ == "__main__":
    raise SystemExit(main())
