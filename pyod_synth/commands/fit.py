"""``pyod-synth fit DATA --detector NAME --generator NAME --out MODEL``."""

from __future__ import annotations

import argparse
import json


def _json_object(text: str) -> dict:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise argparse.ArgumentTypeError(f"not valid JSON ({exc}): {text!r}") from None
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError(f'expected a JSON object such as {{"n_estimators": '
                                         f"100}}; got {text!r}")
    return value


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    """DATA and the columns to take out of the features (shared by fit, sample and plot)."""
    parser.add_argument("data", metavar="DATA", help="a .csv, .parquet or .npz file")
    parser.add_argument("--label-column", metavar="COL",
                        help="column of 0/1 labels (1 = known anomaly); default: no labels")
    parser.add_argument("--id-column", metavar="COL",
                        help="column identifying rows, not a feature")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Fit Augmented(DETECTOR, GENERATOR) on a table of your own and save it with the "
        "library versions and the input's columns, for `pyod-synth score`."
    )
    add_data_arguments(parser)
    parser.add_argument("--detector", required=True, metavar="NAME",
                        help="registered detector (`pyod-synth detectors`)")
    parser.add_argument("--generator", required=True, metavar="NAME",
                        help="registered generator (`pyod-synth generators`)")
    parser.add_argument("--n-synthetic", default="auto", metavar="N",
                        help='synthetic anomalies: "auto" (default), a count, a fraction of '
                             'the rows or "5x" (per labeled anomaly)')
    parser.add_argument("--params", type=_json_object, default={}, metavar="JSON",
                        help='detector parameters, e.g. \'{"n_estimators": 200}\'')
    parser.add_argument("--generator-params", type=_json_object, default={}, metavar="JSON",
                        help="generator parameters, as JSON")
    parser.add_argument("--contamination", type=float, default=0.1,
                        help="expected share of anomalies; sets the 0/1 threshold (0.1)")
    parser.add_argument("--random-state", type=int, default=None, metavar="N",
                        help="seed for the synthetic rows and the detector")
    parser.add_argument("--out", required=True, metavar="MODEL", help="model file to write")
    parser.set_defaults(func=command)


def build_model(args):
    """The unfitted ``Augmented`` the arguments describe (names resolve at fit)."""
    from pyod_synth.augmented import Augmented

    model = Augmented(args.detector, args.generator, n_synthetic=args.n_synthetic,
                      contamination=args.contamination, random_state=args.random_state)
    nested = {f"detector__{k}": v for k, v in args.params.items()}
    nested.update({f"generator__{k}": v for k, v in args.generator_params.items()})
    return model.set_params(**nested) if nested else model


def command(args) -> int:
    from pathlib import Path

    from pyod_synth.model_io import save_model
    from pyod_synth.table_io import Schema, check_output_path, read_table

    check_output_path(args.out)  # before a fit that may take long
    table = read_table(args.data, label_column=args.label_column, id_column=args.id_column)
    model = build_model(args).fit(table.X, table.y)
    metadata = {
        "schema": Schema.of(table.X).to_dict(),
        "label_column": args.label_column,
        "id_column": args.id_column,
        "detector": args.detector,
        "generator": args.generator,
        "data": Path(args.data).name,
        "n_rows": int(len(table.X)),
    }
    kind = save_model(model, args.out, metadata)
    n_labeled = 0 if table.y is None else int(table.y.sum())
    print(f"fitted {args.detector} + {args.generator} on {len(table.X)} rows "
          f"({n_labeled} labeled anomalies, {model.n_synthetic_} synthetic); "
          f"saved {args.out} ({kind})")
    return 0
