"""Public checks of ``merge_heads(x)``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import as_result_array, check_close, check_float, check_shape

pytestmark = pytest.mark.grades("merge_heads")


def test_public_shape(student):
    got = as_result_array(student.merge_heads(np.zeros((2, 2, 3, 4), dtype=int)))
    check_shape(got, (2, 3, 8))
    check_float(got)  # integer input, floating-point result


def test_public_undoes_split_heads(student):
    # 2 heads of 2 positions: head h holds features h*4 : (h+1)*4 of each position.
    heads = np.array([[[[0, 1, 2, 3], [8, 9, 10, 11]], [[4, 5, 6, 7], [12, 13, 14, 15]]]])
    got = student.merge_heads(heads.astype(float))
    check_close(got, np.arange(16.0).reshape(1, 2, 8), mistakes={
        "public.merge_heads.no_transpose": lambda: heads.reshape(1, 2, 8),
    })
