"""Public checks of ``additive_attention(s, H, W_s, W_h, v)``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import check_close, check_shape, unpack
from autograder.public.helpers import non_negative, rows_of_ones

pytestmark = pytest.mark.grades("additive_attention")

NAMES = ("context", "weights")
S = np.array([0.5, -1.0, 0.2])  # decoder state, d_s = 3
H = np.array([[1.0, 0.0], [0.0, 2.0], [-1.0, 1.0], [0.5, 0.5]])  # T = 4, d_h = 2
W_S = np.array([[0.3, -0.2], [0.1, 0.4], [-0.5, 0.2]])  # (d_s, d_a = 2)
W_H = np.array([[0.6, 0.1], [-0.3, 0.2]])  # (d_h, d_a)
V = np.array([1.0, -0.5])


def test_public_shapes(student):
    context, weights = unpack(student.additive_attention(S, H, W_S, W_H, V), NAMES)
    check_shape(context, (2,), "context")
    check_shape(weights, (4,), "weights")


def test_public_weights_are_a_distribution(student):
    _, weights = unpack(student.additive_attention(S, H, W_S, W_H, V), NAMES)
    check_shape(weights, (4,), "weights")
    non_negative(weights, "mistake.additive_attention.weights_not_distribution")
    rows_of_ones(weights, -1, "mistake.additive_attention.weights_not_distribution")


def test_public_zero_v_averages_the_encoder_states(student):
    # v = 0 makes every energy 0: equal weights 1/4, context = mean of H's rows.
    context, weights = unpack(student.additive_attention(S, H, W_S, W_H, np.zeros(2)), NAMES)
    check_close(weights, np.full(4, 0.25), "weights")
    check_close(context, H.mean(axis=0), "context")
