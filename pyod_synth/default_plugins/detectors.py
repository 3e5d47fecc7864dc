"""The built-in detectors that learn from labels, registered like any plugin's.

Optional dependencies (torch, xgboost, lightgbm, catboost) are imported only when a
detector is built, so listing detectors never needs them.
"""

from pyod_synth.hookspecs import hookimpl


@hookimpl
def register_detectors(register):
    from sklearn.ensemble import RandomForestClassifier

    register("random_forest", RandomForestClassifier)
