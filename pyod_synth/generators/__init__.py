"""Anomaly generators. Each module holds one generator; all share ``BaseGenerator``."""

from pyod_synth.generators.base import BaseGenerator

__all__ = ["BaseGenerator"]
