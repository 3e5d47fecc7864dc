"""``python -m pyod_synth``: the ``pyod-synth`` command."""

from pyod_synth.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
