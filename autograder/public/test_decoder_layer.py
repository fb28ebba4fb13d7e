"""Public checks of
``decoder_layer(y, memory, params, num_heads, self_mask=None, memory_mask=None)``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import as_result_array, check_close, check_shape
from autograder.feedback import Feedback
from autograder.public.helpers import normalised_rows

pytestmark = pytest.mark.grades("decoder_layer")

D, D_FF = 4, 6
Y = np.array([[[1.0, 0.0, -1.0, 0.5], [0.2, 0.3, 0.1, -0.4], [0.0, 1.0, 1.0, 0.0]]])  # (1, 3, 4)
MEMORY = np.array([[[0.5, -0.5, 1.0, 0.0], [1.0, 1.0, 0.0, -1.0]]])  # (1, 2, 4)


def params(zero: bool = False) -> dict[str, np.ndarray]:
    """Small parameters; with ``zero``, every weight and bias is 0."""
    g = np.random.default_rng(5)

    def weight(d_in: int, d_out: int) -> np.ndarray:
        return np.zeros((d_in, d_out)) if zero else g.standard_normal((d_in, d_out)) / 2

    found = {f"W_{p}{i}": weight(D, D) for i in (1, 2) for p in "qkvo"}
    found |= {"W_1": weight(D, D_FF), "b_1": np.zeros(D_FF), "W_2": weight(D_FF, D),
              "b_2": np.zeros(D)}
    for i in (1, 2, 3):
        found |= {f"gamma_{i}": np.ones(D), f"beta_{i}": np.zeros(D)}
    return found


def test_public_shape_is_kept(student):
    # T_y = 3 decoder positions, T_x = 2 source positions: the output has y's shape.
    got = as_result_array(student.decoder_layer(Y, MEMORY, params(), 2))
    check_shape(got, Y.shape)


def test_public_later_tokens_stay_hidden(student):
    # Changing the last decoder token must not change the first two positions' outputs.
    changed = Y.copy()
    changed[0, 2] = [5.0, -3.0, 2.0, 4.0]
    first = as_result_array(student.decoder_layer(Y, MEMORY, params(), 2))
    second = as_result_array(student.decoder_layer(changed, MEMORY, params(), 2))
    check_shape(first, Y.shape)
    check_shape(second, Y.shape)
    if not np.allclose(first[:, :2], second[:, :2], atol=1e-6):
        raise Feedback("mistake.decoder_layer.sees_the_future")


def test_public_zero_weights_leave_three_layer_norms(student):
    # All weights 0: both attentions and the FFN add 0, so the layer is three layer norms
    # in a row, here with gamma_3 = 2 and beta_3 = 1.
    p = params(zero=True) | {"gamma_3": np.full(D, 2.0), "beta_3": np.ones(D)}
    got = student.decoder_layer(Y, MEMORY, p, 2)
    check_close(got, 2.0 * normalised_rows(normalised_rows(normalised_rows(Y))) + 1.0)


def test_public_cross_attention_reads_the_memory(student):
    # Self-attention and FFN weights 0, W_q2 = 0 (every source position gets weight 1/2),
    # W_v2 = W_o2 = I: the cross-attention adds the mean row of memory to a = LN(y).
    p = params(zero=True) | {"W_v2": np.eye(D), "W_o2": np.eye(D), "W_k2": np.ones((D, D))}
    a = normalised_rows(Y)
    got = student.decoder_layer(Y, MEMORY, p, 2)
    expected = normalised_rows(normalised_rows(a + MEMORY.mean(axis=1, keepdims=True)))
    from_decoder = normalised_rows(normalised_rows(a + a.mean(axis=1, keepdims=True)))
    check_close(got, expected, mistakes={
        "mistake.decoder_layer.cross_attention_keys_from_decoder": lambda: from_decoder,
    })
