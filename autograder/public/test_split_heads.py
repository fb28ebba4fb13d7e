"""Public checks of ``split_heads(x, num_heads)``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import (
    as_result_array,
    check_close,
    check_float,
    check_shape,
    expect_value_error,
)

pytestmark = pytest.mark.grades("split_heads")


def test_public_shape(student):
    got = as_result_array(student.split_heads(np.zeros((2, 3, 8), dtype=int), 2))
    check_shape(got, (2, 2, 3, 4))
    check_float(got)  # integer input, floating-point result


def test_public_heads_take_contiguous_feature_slices(student):
    x = np.arange(16.0).reshape(1, 2, 8)  # features 0..7 of 2 positions
    got = student.split_heads(x, 2)
    # head h holds features h*4 : (h+1)*4 of each position
    expected = np.array([[[[0, 1, 2, 3], [8, 9, 10, 11]], [[4, 5, 6, 7], [12, 13, 14, 15]]]])
    check_close(got, expected.astype(float), mistakes={
        "public.split_heads.interleaved": lambda: x.reshape(1, 2, 4, 2).transpose(0, 3, 1, 2),
        "public.split_heads.no_transpose": lambda: x.reshape(1, 2, 2, 4),
    })


def test_public_indivisible_d_model_raises_value_error(student):
    expect_value_error(lambda: student.split_heads(np.zeros((1, 2, 6)), 4),
                       "d_model=6, num_heads=4")
