"""Public checks of ``encoder_layer(x, params, num_heads, mask=None)``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import as_result_array, check_close, check_shape
from autograder.feedback import Feedback
from autograder.public.helpers import normalised_rows

pytestmark = pytest.mark.grades("encoder_layer")

D, D_FF = 4, 6
X = np.array([[[1.0, 0.0, -1.0, 0.5], [0.2, 0.3, 0.1, -0.4], [0.0, 1.0, 1.0, 0.0]],
              [[0.5, -0.5, 1.0, 0.0], [1.0, 1.0, 0.0, -1.0], [0.3, -0.2, 0.8, 0.1]]])


def params(zero: bool = False) -> dict[str, np.ndarray]:
    """Small parameters; with ``zero``, every weight and bias is 0."""
    g = np.random.default_rng(3)

    def weight(d_in: int, d_out: int) -> np.ndarray:
        return np.zeros((d_in, d_out)) if zero else g.standard_normal((d_in, d_out)) / 2

    found = {name: weight(D, D) for name in ("W_q", "W_k", "W_v", "W_o")}
    found |= {"W_1": weight(D, D_FF), "b_1": np.zeros(D_FF), "W_2": weight(D_FF, D),
              "b_2": np.zeros(D)}
    found |= {"gamma_1": np.ones(D), "beta_1": np.zeros(D), "gamma_2": np.ones(D),
              "beta_2": np.zeros(D)}
    return found


def test_public_shape_is_kept(student):
    got = as_result_array(student.encoder_layer(X, params(), 2))
    check_shape(got, X.shape)


def test_public_output_rows_are_normalised(student):
    # Post-norm: the layer ends with layer_norm(..., gamma_2 = 1, beta_2 = 0).
    got = as_result_array(student.encoder_layer(X, params(), 2))
    check_shape(got, X.shape)
    if not (np.allclose(got.mean(axis=-1), 0.0, atol=1e-6)
            and np.allclose(got.var(axis=-1), 1.0, atol=1e-3)):
        raise Feedback("mistake.encoder_layer.not_post_norm")


def test_public_zero_weights_leave_two_layer_norms(student):
    # All weights 0: attention and FFN add 0, so the layer is layer_norm(layer_norm(x)),
    # here with gamma_2 = 2 and beta_2 = 1.
    p = params(zero=True) | {"gamma_2": np.full(D, 2.0), "beta_2": np.ones(D)}
    got = student.encoder_layer(X, p, 2)
    check_close(got, 2.0 * normalised_rows(normalised_rows(X)) + 1.0)
