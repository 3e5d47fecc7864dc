"""The built-in detectors, registered like any plugin's.

Every entry is a ``LazyFactory``: optional dependencies (torch, xgboost, lightgbm,
catboost) are checked only when a detector is built and imported only then, so importing
pyod-synth never needs them. A missing one raises an ImportError naming the extra to
install. The torch detectors import torch in ``fit``, not when built, so
``pyod-synth detectors`` never loads torch.

========================  ==========================================  =========
name                      what                                        extra
========================  ==========================================  =========
``xgbod``                 PyOD XGBOD (unsupervised scores + XGBoost)  xgboost
``devnet``                PyOD DevNet (deviation network)             torch
``mlp``                   scikit-learn MLPClassifier (NNG-Mix/ADBench)
``random_forest``         scikit-learn RandomForestClassifier
``logistic_regression``   scikit-learn LogisticRegression
``xgboost``               XGBClassifier                               xgboost
``lightgbm``              LGBMClassifier (``verbose=-1``)             lightgbm
``catboost``              CatBoostClassifier (silent, no files)       catboost
``lau``                   Lau et al.'s ReLU hinge-loss classifier     torch
``deepsad``               DeepSAD as configured in ADBench/NNG-Mix    torch
``lunar``                 LUNAR with negatives from any generator     torch
``blend``                 rank-averaged scores of several augmented   catboost
                          and unsupervised detectors (default:        (default)
                          CatBoost without and with NNG-Mix)
``default``               the detector to reach for first: IForest    catboost
                          alone without labels; with labels, the
                          largest tail score of IForest and CatBoosts
========================  ==========================================  =========

The scikit-learn-API classifiers use ADBench's configuration: library defaults, with
``random_state`` passed through.

``UNSUPERVISED_DETECTORS`` are PyOD's detectors that ignore labels (iforest, copod, ecod,
hbos, pca, cblof, knn, lof), registered with ``learns_from_labels=False``: ``ScoreBlend``
takes them as members by name, ``Augmented`` refuses them, and ``list_detectors()`` leaves
them out unless asked (``list_detectors(learns_from_labels=False)``).
"""

from pyod_synth.detectors.factories import LazyFactory
from pyod_synth.hookspecs import hookimpl

BUILTIN_DETECTORS = {
    "xgbod": LazyFactory("pyod_synth.detectors.xgbod", "XGBOD", "xgboost", "xgboost"),
    "devnet": LazyFactory("pyod_synth.detectors.devnet", "DevNet", "torch", "torch"),
    "mlp": LazyFactory("sklearn.neural_network", "MLPClassifier"),
    "random_forest": LazyFactory("sklearn.ensemble", "RandomForestClassifier"),
    "logistic_regression": LazyFactory("sklearn.linear_model", "LogisticRegression"),
    "xgboost": LazyFactory("xgboost", "XGBClassifier", "xgboost", "xgboost"),
    "lightgbm": LazyFactory(
        "lightgbm", "LGBMClassifier", "lightgbm", "lightgbm", defaults={"verbose": -1}
    ),
    # allow_writing_files=False: CatBoost otherwise writes catboost_info/ into the cwd.
    "catboost": LazyFactory(
        "catboost",
        "CatBoostClassifier",
        "catboost",
        "catboost",
        defaults={"verbose": 0, "allow_writing_files": False},
    ),
    "lau": LazyFactory("pyod_synth.detectors.lau", "LauClassifier", "torch", "torch"),
    "deepsad": LazyFactory("pyod_synth.detectors.deepsad", "DeepSAD", "torch", "torch"),
    "lunar": LazyFactory("pyod_synth.detectors.lunar", "LUNAR", "torch", "torch"),
    "blend": LazyFactory("pyod_synth.blend", "ScoreBlend"),
    "default": LazyFactory(
        "pyod_synth.default_detector", "DefaultDetector", "catboost", "catboost"
    ),
}


UNSUPERVISED_DETECTORS = {
    name: LazyFactory(f"pyod.models.{name}", attr)
    for name, attr in (
        ("iforest", "IForest"),
        ("copod", "COPOD"),
        ("ecod", "ECOD"),
        ("hbos", "HBOS"),
        ("pca", "PCA"),
        ("cblof", "CBLOF"),
        ("knn", "KNN"),
        ("lof", "LOF"),
    )
}


@hookimpl
def register_detectors(register):
    for name, factory in BUILTIN_DETECTORS.items():
        register(name, factory)
    for name, factory in UNSUPERVISED_DETECTORS.items():
        register(name, factory, learns_from_labels=False)
