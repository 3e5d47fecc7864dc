"""The ``pyod-synth`` subcommands of the user's path, one module each.

Every module has ``add_arguments(parser)`` (which sets ``func``) and ``command(args)``;
``pyod_synth.cli`` only registers them. Heavy imports happen inside ``command``.
"""
