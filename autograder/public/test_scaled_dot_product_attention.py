"""Public checks of ``scaled_dot_product_attention(q, k, v, mask=None)``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import as_result_array, check_close, check_shape, unpack
from autograder.public.helpers import exactly_zero_where, rows_of_ones

pytestmark = pytest.mark.grades("scaled_dot_product_attention")

NAMES = ("output", "weights")
MASKED_NOT_ZERO = "mistake.scaled_dot_product_attention.masked_weight_not_zero"


def test_public_output_and_weight_shapes(student):
    q, k, v = np.ones((2, 3, 4)), np.ones((2, 5, 4)), np.ones((2, 5, 6))
    output, weights = unpack(student.scaled_dot_product_attention(q, k, v), NAMES)
    check_shape(output, (2, 3, 6), "output")
    check_shape(weights, (2, 3, 5), "weights")


def test_public_small_example_with_scaling(student):
    # d_k = 4, so the scores are q @ k^T / 2 = [ln 3, 0]: weights 3/4 and 1/4.
    q = np.array([[2.0 * np.log(3.0), 0.0, 0.0, 0.0]])
    k = np.array([[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]])
    v = np.array([[4.0, 0.0], [0.0, 8.0]])
    output, weights = unpack(student.scaled_dot_product_attention(q, k, v), NAMES)
    check_close(weights, [[0.75, 0.25]], "weights", mistakes={
        "mistake.scaled_dot_product_attention.no_scaling": lambda: np.array([[0.9, 0.1]]),
        # scores [ln 3 / 2, 0]: weights proportional to [sqrt(3), 1]
        "mistake.scaled_dot_product_attention.scaled_by_d_k":
            lambda: np.array([[np.sqrt(3), 1.0]]) / (np.sqrt(3) + 1),
    })
    check_close(output, [[3.0, 2.0]], "output")


def test_public_masked_keys_get_zero_weight(student):
    q = k = np.array([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5], [0.3, 0.8, 0.1], [-1.0, 0.2, 0.4]])
    v = np.arange(8.0).reshape(4, 2)
    mask = np.tril(np.ones((4, 4), dtype=bool))  # query i sees keys 0..i
    _, weights = unpack(student.scaled_dot_product_attention(q, k, v, mask=mask), NAMES)
    check_shape(weights, (4, 4), "weights")
    weights = as_result_array(weights, "weights")
    exactly_zero_where(weights, ~mask, MASKED_NOT_ZERO)
    rows_of_ones(weights, -1, "mistake.scaled_dot_product_attention.weights_not_normalised")
