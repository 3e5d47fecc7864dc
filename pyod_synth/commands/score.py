"""``pyod-synth score MODEL DATA --out SCORES.csv``."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Score a table with a model from `pyod-synth fit`: one row per input row with the "
        "anomaly score, the 0/1 label at the model's threshold and the probability of "
        "being an anomaly. The columns must be the ones the model was fitted on."
    )
    parser.add_argument("model", metavar="MODEL", help="model file from `pyod-synth fit`")
    parser.add_argument("data", metavar="DATA", help="a .csv, .parquet or .npz file")
    parser.add_argument("--out", required=True, metavar="SCORES",
                        help="scores file to write (.csv or .parquet)")
    parser.add_argument("--id-column", metavar="COL",
                        help="column copied to the scores (default: the one named at fit)")
    parser.add_argument("--trust", action="append", default=[], metavar="TYPE",
                        help="a type outside the trusted packages that the model file may "
                             "hold (repeatable); only for files you trust")
    parser.add_argument("--allow-pickle", action="store_true",
                        help="load a joblib (pickle) model file, which `fit` writes for "
                             "models skops cannot hold; loading one runs code from it, so "
                             "only for files you trust")
    parser.set_defaults(func=command)


def score_table(model, X, ids=None, id_column=None):
    """A DataFrame of ``score``, ``label`` and ``probability`` (after the id column)."""
    import pandas as pd

    columns = {} if ids is None else {id_column: ids.to_numpy()}
    columns.update(score=model.decision_function(X), label=model.predict(X),
                   probability=model.predict_proba(X)[:, 1])
    return pd.DataFrame(columns)


def command(args) -> int:
    from pathlib import Path

    from pyod_synth.model_io import load_model
    from pyod_synth.table_io import Schema, check_output_path, read_table, write_table

    if Path(args.out).suffix.lower() not in (".csv", ".parquet"):
        raise ValueError(f"--out {args.out}: write scores to a .csv or .parquet file.")
    check_output_path(args.out)
    model, metadata = load_model(args.model, trusted=args.trust,
                                 allow_pickle=args.allow_pickle)
    id_column = args.id_column or metadata.get("id_column")
    table = read_table(args.data, label_column=metadata.get("label_column"),
                       id_column=id_column, missing_ok=True)
    if args.id_column and table.ids is None:
        raise ValueError(f"{args.data}: no id column {args.id_column!r}.")
    X = Schema.from_dict(metadata["schema"]).check(table.X, args.data)
    scores = score_table(model, X, table.ids, id_column)
    write_table(scores, args.out)
    print(f"scored {len(scores)} rows ({int(scores['label'].sum())} labeled 1); "
          f"wrote {args.out}")
    return 0
