"""Public checks of
``multi_head_attention(x_q, x_kv, W_q, W_k, W_v, W_o, num_heads, mask=None)``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import as_result_array, check_close, check_shape, unpack
from autograder.public.helpers import exactly_zero_where, non_negative, rows_of_ones
from autograder.recognisers.attention import output_projection_mistakes

pytestmark = pytest.mark.grades("multi_head_attention")

NAMES = ("output", "weights")
MASKED_NOT_ZERO = "mistake.scaled_dot_product_attention.masked_weight_not_zero"
D = 4
X_Q = np.array([[[1.0, 0.0, -1.0, 0.5], [0.2, 0.3, 0.1, -0.4], [0.0, 1.0, 1.0, 0.0]]])
X_KV = np.array([[[0.5, -0.5, 1.0, 0.0], [1.0, 1.0, 0.0, -1.0]]])
W = np.array([[0.5, -0.2, 0.1, 0.3], [0.0, 0.4, -0.3, 0.2], [0.1, 0.1, 0.6, -0.5],
              [-0.4, 0.2, 0.0, 0.3]])


def test_public_cross_attention_shapes(student):
    output, weights = unpack(
        student.multi_head_attention(X_Q, X_KV, W, W.T, W, np.eye(D), 2), NAMES
    )
    check_shape(output, (1, 3, D), "output")
    check_shape(weights, (1, 2, 3, 2), "weights")


def test_public_weights_of_each_head_are_distributions(student):
    _, weights = unpack(student.multi_head_attention(X_Q, X_Q, W, W.T, W, W, 2), NAMES)
    check_shape(weights, (1, 2, 3, 3), "weights")
    non_negative(weights, "mistake.scaled_dot_product_attention.weights_not_normalised")
    rows_of_ones(weights, -1, "mistake.scaled_dot_product_attention.weights_not_normalised")


def test_public_zero_queries_average_the_values(student):
    # W_q = 0 makes every score 0, so each query weights the keys equally. With W_v = I
    # every head's output row is the mean of x_kv's rows (its slice of them); merged,
    # that is the mean row of x_kv, and the output is that row times W_o (here W).
    zero, eye = np.zeros((D, D)), np.eye(D)
    output, weights = unpack(
        student.multi_head_attention(X_Q, X_KV, zero, W, eye, W, 2), NAMES
    )
    check_close(weights, np.full((1, 2, 3, 2), 0.5), "weights")
    merged = np.broadcast_to(X_KV.mean(axis=1, keepdims=True), (1, 3, D))
    check_close(output, merged @ W, "output",
                mistakes=output_projection_mistakes(lambda: merged))


def test_public_causal_mask_hides_the_future(student):
    mask = np.tril(np.ones((3, 3), dtype=bool))
    _, weights = unpack(
        student.multi_head_attention(X_Q, X_Q, W, W.T, W, W, 2, mask=mask), NAMES
    )
    check_shape(weights, (1, 2, 3, 3), "weights")
    weights = as_result_array(weights, "weights")
    exactly_zero_where(weights, ~mask, MASKED_NOT_ZERO)
