import numpy as np
import pytest
from pyod_synth_marginals import MarginalsGenerator

from pyod_synth.estimator_checks import parametrize_with_checks


@parametrize_with_checks([MarginalsGenerator(), MarginalsGenerator(replace=True)])
def test_conformance(estimator, check):
    check(estimator)


def test_rejects_a_non_bool_replace():
    with pytest.raises(ValueError, match="replace must be True or False"):
        MarginalsGenerator(replace="yes").fit(np.ones((5, 2)))
