"""Public checks of ``softmax(x, axis=-1, temperature=1.0)``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import (
    as_result_array,
    check_close,
    check_finite,
    check_float,
    check_shape,
    expect_value_error,
)
from autograder.public.helpers import rows_of_ones

pytestmark = pytest.mark.grades("softmax")

# exp(log k) = k, so softmax(log [1, 2, 3, 4]) = [1, 2, 3, 4] / 10.
LOG_1_TO_4 = np.log([1.0, 2.0, 3.0, 4.0])
TENTHS = np.array([0.1, 0.2, 0.3, 0.4])


def test_public_small_example(student):
    got = student.softmax(LOG_1_TO_4)
    check_close(got, TENTHS, mistakes={
        "mistake.softmax.no_exponential": lambda: LOG_1_TO_4 / LOG_1_TO_4.sum(),
    })


@pytest.mark.parametrize("axis", [-1, 0])
def test_public_slices_along_axis_sum_to_one(student, axis):
    x = np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]])
    got = as_result_array(student.softmax(x, axis=axis))
    check_float(got)
    check_shape(got, x.shape)
    rows_of_ones(got, axis, "mistake.softmax.not_normalised", axis=axis)


def test_public_temperature_divides_the_scores(student):
    got = student.softmax(2.0 * LOG_1_TO_4, temperature=2.0)
    check_close(got, TENTHS, mistakes={
        "mistake.softmax.temperature_ignored": lambda: np.array([1, 4, 9, 16]) / 30,
        "mistake.softmax.temperature_multiplied": lambda: np.array([1, 16, 81, 256]) / 354,
    })
    expect_value_error(lambda: student.softmax(LOG_1_TO_4, temperature=0.0), "temperature=0")


def test_public_huge_scores_stay_finite(student):
    got = as_result_array(student.softmax(np.array([1000.0, 1001.0, 1002.0])))
    check_finite(got, hint="mistake.softmax.overflow")
    expected = np.exp([0.0, 1.0, 2.0]) / np.exp([0.0, 1.0, 2.0]).sum()  # shifting cancels
    check_close(got, expected)
