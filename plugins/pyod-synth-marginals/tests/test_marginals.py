import numpy as np
import pytest
from pyod_synth_marginals import MarginalsGenerator

from pyod_synth.testing import iter_checks

CHECK_NAMES = [name for name, _ in iter_checks(MarginalsGenerator())]


@pytest.mark.parametrize("replace", [False, True])
@pytest.mark.parametrize("name", CHECK_NAMES)
def test_conformance(name, replace):
    dict(iter_checks(MarginalsGenerator(replace=replace)))[name]()


def test_rejects_a_non_bool_replace():
    with pytest.raises(ValueError, match="replace must be True or False"):
        MarginalsGenerator(replace="yes").fit(np.ones((5, 2)))
