"""Public checks of ``layer_norm(x, gamma, beta, eps=1e-5)``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import as_result_array, check_close, check_float, check_shape
from autograder.feedback import Feedback
from autograder.recognisers.layer_norm import layer_norm_mistakes

pytestmark = pytest.mark.grades("layer_norm")

X = np.array([[[1.0, 2.0, 3.0, 6.0], [-2.0, 0.0, 4.0, 2.0], [5.0, 5.0, 7.0, 3.0]]])


def test_public_shape_and_dtype(student):
    got = as_result_array(student.layer_norm(X.astype(int), np.ones(4), np.zeros(4)))
    check_shape(got, X.shape)
    check_float(got)


def test_public_small_example(student):
    # [1, 2, 3]: mean 2, biased variance 2/3. With eps = 1/3, sqrt(var + eps) = 1, so the
    # row becomes exactly [-1, 0, 1]. (eps outside the square root would divide by
    # sqrt(2/3) + 1/3 = 1.15; the unbiased variance 1 by sqrt(4/3).)
    x = np.array([[1.0, 2.0, 3.0]])
    ones, zeros = np.ones(3), np.zeros(3)
    got = student.layer_norm(x, ones, zeros, eps=1 / 3)
    check_close(got, [[-1.0, 0.0, 1.0]], mistakes=layer_norm_mistakes(x, ones, zeros, 1 / 3))


def test_public_rows_have_mean_zero_and_variance_one(student):
    got = as_result_array(student.layer_norm(X, np.ones(4), np.zeros(4)))
    check_shape(got, X.shape)
    if not np.allclose(got.mean(axis=-1), 0.0, atol=1e-6):
        raise Feedback("mistake.layer_norm.rows_not_centred")
    if not np.allclose(got.var(axis=-1), 1.0, atol=1e-3):
        raise Feedback("mistake.layer_norm.rows_not_unit_variance")


def test_public_gamma_scales_and_beta_shifts(student):
    gamma, beta = np.array([2.0, 1.0, 0.5, 3.0]), np.array([1.0, 0.0, -1.0, 0.5])
    got = student.layer_norm(X, gamma, beta)
    mean, var = X.mean(axis=-1, keepdims=True), X.var(axis=-1, keepdims=True)
    normed = (X - mean) / np.sqrt(var + 1e-5)
    check_close(got, gamma * normed + beta, mistakes=layer_norm_mistakes(X, gamma, beta))
