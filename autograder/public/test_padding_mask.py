"""Public checks of ``padding_mask(lengths, max_len)``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import as_result_array, check_bool, check_equal, check_shape
from autograder.feedback import Feedback
from autograder.recognisers.masks import name_mask_mistake, padding_mask_mistakes, padding_mask_of

pytestmark = pytest.mark.grades("padding_mask")

LENGTHS = np.array([2, 4, 1])
EXPECTED = np.array([
    [True, True, False, False],
    [True, True, True, True],
    [True, False, False, False],
])


def test_public_small_mask(student):
    got = padding_mask_of(student.padding_mask(LENGTHS, 4), EXPECTED)
    name_mask_mistake(got, EXPECTED, padding_mask_mistakes(LENGTHS, 4))  # as the hidden suite
    check_equal(got, EXPECTED, "mask")
    check_bool(got, "mask")


def test_public_shape_and_dtype(student):
    got = as_result_array(student.padding_mask(np.array([3, 5]), 6), "mask")
    check_shape(got, (2, 6), "mask")
    check_bool(got, "mask")


def test_public_each_row_counts_its_real_tokens(student):
    lengths = np.array([5, 1, 3, 2])
    got = as_result_array(student.padding_mask(lengths, 5), "mask")
    check_shape(got, (4, 5), "mask")
    if not np.array_equal(got.astype(bool).sum(axis=1), lengths):
        raise Feedback("mistake.padding_mask.wrong_count")
