"""The torch detectors (lau, deepsad, devnet, lunar) pass scikit-learn's estimator checks.

Small networks and few epochs keep each fit short; every check runs, and the ones failing
by design are listed with the reason (``xfail_strict``: a listed check that starts passing
must be removed from the list).
"""

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

pytest.importorskip("torch")

from pyod_synth.detectors.deepsad import DeepSAD  # noqa: E402
from pyod_synth.detectors.devnet import DevNet  # noqa: E402
from pyod_synth.detectors.lau import LauClassifier  # noqa: E402
from pyod_synth.detectors.lunar import LUNAR  # noqa: E402

pytestmark = pytest.mark.slow

_LABELS_ONE_TWO = (
    "feeds binary labels {1, 2}; pyod-synth's y is 0 = unlabeled, 1 = labeled anomaly, and "
    "other values are refused rather than guessing which one means 'anomaly'"
)
_PYOD_PREDICT = (
    "PyOD convention: predict returns 0 (inlier) / 1 (outlier) and higher decision_function "
    "= more anomalous; scikit-learn expects +1 / -1 and negative scores for outliers"
)
_NEEDS_LABELS = (
    "learns from rows labeled 1 and 0 (tag requires_anomalies); scikit-learn's outlier "
    "checks fit without y"
)
_COMMON = {
    "check_classifier_data_not_an_array": _LABELS_ONE_TWO,
    "check_fit2d_1feature": _LABELS_ONE_TWO,
    "check_estimators_dtypes": _LABELS_ONE_TWO,
}
_FLOAT32_BATCHES = (
    "float32 forward passes: the score of a row differs in the 7th digit with the batch it "
    "is scored in"
)
EXPECTED_FAILURES = {
    LauClassifier: {
        **_COMMON,
        "check_outliers_fit_predict": _NEEDS_LABELS,
        "check_outliers_train": _NEEDS_LABELS,
    },
    DevNet: {
        **_COMMON,
        "check_outliers_fit_predict": _NEEDS_LABELS,
        "check_outliers_train": _NEEDS_LABELS,
        "check_methods_subset_invariance": _FLOAT32_BATCHES,
    },
    DeepSAD: {
        **_COMMON,
        "check_outliers_fit_predict": _PYOD_PREDICT,
        "check_outliers_train": _PYOD_PREDICT,
        "check_methods_subset_invariance": _FLOAT32_BATCHES,
    },
    LUNAR: {
        **_COMMON,
        "check_outliers_fit_predict": _PYOD_PREDICT,
        "check_outliers_train": _PYOD_PREDICT,
    },
}


@parametrize_with_checks(
    [
        LauClassifier(hidden_sizes=(8,), epochs=2, batch_size=32, random_state=0),
        DevNet(epochs=2, n_batches=2, batch_size=32, random_state=0),
        DeepSAD(hidden_sizes=(8,), rep_dim=4, pretrain_epochs=1, epochs=2, random_state=0),
        # scikit-learn's checks fit on as few as 6 unlabeled rows: k must stay below that
        LUNAR(n_epochs=3, n_neighbours=2, random_state=0),
    ],
    expected_failed_checks=lambda estimator: EXPECTED_FAILURES[type(estimator)],
    xfail_strict=True,
)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)
