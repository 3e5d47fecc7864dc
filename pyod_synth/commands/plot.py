"""``pyod-synth plot GENERATOR DATA --out FIG.png``."""

from __future__ import annotations

import argparse

from pyod_synth.commands.sample import add_generator_arguments


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from pyod_synth.plotting import PROJECTIONS

    parser.description = (
        "Picture what GENERATOR draws on DATA: real normal rows, labeled anomalies and "
        "synthetic rows in one 2-D projection, beside histograms of real vs synthetic "
        "values for the first features."
    )
    add_generator_arguments(parser)
    parser.add_argument("-n", "--n-samples", default="auto", metavar="N",
                        help='synthetic rows: "auto" (the generator\'s default), a count, a '
                             'fraction of the rows or "5x"')
    parser.add_argument("--projection", choices=PROJECTIONS, default="pca",
                        help="2-D projection: pca (fitted on the real rows; default), tsne, "
                             "umap (needs umap-learn)")
    parser.add_argument("--features", type=int, default=4, metavar="K",
                        help="histograms for the first K features (default 4)")
    parser.add_argument("--dpi", type=int, default=100, help="PNG resolution (default 100)")
    parser.add_argument("--out", required=True, metavar="FIG", help="image to write (.png, "
                        ".svg, .pdf)")
    parser.set_defaults(func=command)


def command(args) -> int:
    from pyod_synth.plotting import plot_generator
    from pyod_synth.table_io import check_output_path, read_table

    check_output_path(args.out)
    table = read_table(args.data, label_column=args.label_column, id_column=args.id_column)
    figure = plot_generator(args.generator, table.X, table.y, n_samples=args.n_samples,
                            projection=args.projection, n_features=args.features,
                            random_state=args.random_state)
    figure.savefig(args.out, dpi=args.dpi)
    print(f"wrote {args.out}")
    return 0
