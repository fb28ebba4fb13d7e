"""Public checks of ``causal_mask(seq_len)``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import (
    as_result_array,
    check_bool,
    check_equal,
    check_shape,
    expect_value_error,
)
from autograder.recognisers.masks import causal_mask_mistakes, name_mask_mistake

pytestmark = pytest.mark.grades("causal_mask")

THREE = np.array([[True, False, False], [True, True, False], [True, True, True]])


def test_public_small_mask(student):
    got = as_result_array(student.causal_mask(3), "mask")
    check_shape(got, (3, 3), "mask")
    name_mask_mistake(got, THREE, causal_mask_mistakes(3))  # the hidden suite's recogniser
    check_equal(got, THREE, "mask")
    check_bool(got, "mask")


def test_public_shape_and_dtype(student):
    got = as_result_array(student.causal_mask(5), "mask")
    check_shape(got, (5, 5), "mask")
    check_bool(got, "mask")


def test_public_length_zero_raises_value_error(student):
    expect_value_error(lambda: student.causal_mask(0), "seq_len=0")
