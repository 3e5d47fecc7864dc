"""``pyod-synth sample GENERATOR DATA -n N --out FILE``."""

from __future__ import annotations

import argparse

import numpy as np

from pyod_synth.commands.fit import add_data_arguments


def add_generator_arguments(parser: argparse.ArgumentParser) -> None:
    """GENERATOR, DATA and the seed (shared by sample and plot)."""
    parser.add_argument("generator", metavar="GENERATOR",
                        help="registered generator (`pyod-synth generators`)")
    add_data_arguments(parser)
    parser.add_argument("--random-state", type=int, default=None, metavar="N",
                        help="seed of the synthetic rows")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Fit GENERATOR on DATA and write N synthetic anomalies with DATA's columns (the "
        "label column, if named, is 1 on every row; the id column, if named, is empty); "
        "the format follows --out's suffix."
    )
    add_generator_arguments(parser)
    parser.add_argument("-n", "--n-samples", required=True, type=int, metavar="N",
                        help="number of synthetic rows")
    parser.add_argument("--out", required=True, metavar="FILE",
                        help="file to write: .csv, .parquet or .npz")
    parser.set_defaults(func=command)


def synthetic_table(table, synthetic, label_column=None, id_column=None):
    """Synthetic rows in the container and column order of the input file.

    The label column is 1 (synthetic anomalies) and the id column empty (no real row).
    """
    if not hasattr(table.X, "columns"):
        floating = np.issubdtype(table.X.dtype, np.floating)  # float32 stays float32
        return synthetic.astype(table.X.dtype, copy=False) if floating else synthetic
    import pandas as pd

    frame = synthetic if hasattr(synthetic, "columns") else pd.DataFrame(
        synthetic, columns=table.X.columns)
    if label_column is not None:
        frame = frame.assign(**{label_column: 1})
    if id_column is not None:
        frame = frame.assign(**{id_column: pd.Series([None] * len(frame), dtype=object)})
    return frame[list(table.columns)]


def command(args) -> int:
    from pyod_synth.plotting import draw
    from pyod_synth.table_io import check_output_path, read_table, write_table

    if args.n_samples < 1:
        raise ValueError(f"-n must be at least 1; got {args.n_samples}.")
    check_output_path(args.out)
    table = read_table(args.data, label_column=args.label_column, id_column=args.id_column)
    drawn = draw(args.generator, table.X, table.y, args.n_samples, args.random_state)
    rows = synthetic_table(table, drawn.synthetic, args.label_column, args.id_column)
    write_table(rows, args.out)
    print(f"wrote {args.n_samples} synthetic rows from {args.generator} to {args.out}")
    return 0
