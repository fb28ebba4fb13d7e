"""Hidden tests for ``layer_norm(x, gamma, beta, eps=1e-5)``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import (
    as_result_array,
    check_close,
    check_float,
    check_shape,
    check_unchanged,
    tolerances,
)
from autograder.feedback import Feedback
from autograder.hidden.inputs import normal
from autograder.hidden.reference import ref
from autograder.recognisers.layer_norm import layer_norm_mistakes as mistakes

pytestmark = pytest.mark.grades("layer_norm")

FN = "layer_norm"


def features(seed: int, d: int, dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    """Non-trivial gamma (not 1) and beta (not 0) of shape (d,)."""
    gamma = 1.0 + 0.5 * normal(seed, (d,))
    beta = normal(seed + 1000, (d,), scale=0.5)
    return gamma.astype(dtype), beta.astype(dtype)


def check_layer_norm(student, seed: int, shape: tuple[int, ...]) -> None:
    x = normal(seed, shape, scale=2.0) + 1.5
    gamma, beta = features(seed, shape[-1])
    got = student.layer_norm(x, gamma, beta)
    check_close(got, ref.layer_norm(x, gamma, beta), mistakes=mistakes(x, gamma, beta))


@pytest.mark.parametrize(("seed", "shape"), [(1, (6,)), (2, (4, 7)), (5, (9, 3))])
def test_matches_definition(student, seed, shape):
    check_layer_norm(student, seed, shape)


@pytest.mark.parametrize(("seed", "shape"), [(3, (2, 3, 5)), (4, (2, 3, 4, 6))])
def test_leading_batch_dimensions(student, seed, shape):
    check_layer_norm(student, seed, shape)


@pytest.mark.parametrize(("seed", "shape"), [(11, (5, 8)), (12, (3, 2, 6))])
def test_normalises_each_row_over_the_last_axis_only(student, seed, shape):
    # Rows with very different means and spreads: only a per-row (last-axis)
    # normalisation brings each of them to mean 0 and variance 1.
    rows = np.arange(1, shape[-2] + 1)[:, None]
    x = normal(seed, shape) * rows**2 + 10.0 * rows
    ones, zeros = np.ones(shape[-1]), np.zeros(shape[-1])
    got = student.layer_norm(x, ones, zeros)
    check_close(got, ref.layer_norm(x, ones, zeros), mistakes=mistakes(x, ones, zeros))


@pytest.mark.parametrize(("seed", "shape", "eps"), [
    (21, (4, 6), 1e-5),
    (22, (3, 5), 1e-3),
    (23, (2, 3, 7), 0.1),
])
def test_small_variance_uses_eps_inside_the_square_root(student, seed, shape, eps):
    # A variance of about 1e-6 is comparable to eps, so where eps goes matters.
    # (The offset is small enough for a float32 computation to stay accurate.)
    x = 0.005 + normal(seed, shape, scale=1e-3)
    gamma, beta = features(seed, shape[-1])
    got = student.layer_norm(x, gamma, beta, eps=eps)
    check_close(got, ref.layer_norm(x, gamma, beta, eps=eps),
                mistakes=mistakes(x, gamma, beta, eps))


@pytest.mark.parametrize(("seed", "shape"), [(31, (5, 6)), (32, (2, 4, 3))])
def test_applies_gamma_and_beta_per_feature(student, seed, shape):
    x = normal(seed, shape, scale=3.0)
    gamma, beta = features(seed, shape[-1])
    gamma = gamma * np.linspace(0.2, 3.0, shape[-1])  # clearly different per feature
    got = student.layer_norm(x, gamma, beta)
    check_close(got, ref.layer_norm(x, gamma, beta), mistakes=mistakes(x, gamma, beta))


@pytest.mark.diagnosis
@pytest.mark.parametrize(("seed", "shape"), [(41, (7, 9)), (42, (2, 3, 10))])
def test_unit_gamma_gives_zero_mean_unit_variance_rows(student, seed, shape):
    x = normal(seed, shape, scale=5.0) - 2.0
    d = shape[-1]
    got = as_result_array(student.layer_norm(x, np.ones(d), np.zeros(d)))
    check_float(got)
    check_shape(got, x.shape)
    if not np.allclose(got.mean(axis=-1), 0.0, atol=1e-6):
        raise Feedback(f"mistake.{FN}.rows_not_centred")
    variance = got.var(axis=-1)
    if np.allclose(variance, (d - 1) / d, rtol=1e-4):
        raise Feedback(f"mistake.{FN}.unbiased_variance")
    if not np.allclose(variance, 1.0, rtol=1e-4):
        raise Feedback(f"mistake.{FN}.rows_not_unit_variance")


@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_float32_and_integer_inputs(student, dtype):
    x = normal(51, (4, 6), dtype=dtype, scale=4.0)
    gamma, beta = features(51, 6, np.float32 if dtype == np.float32 else np.float64)
    got = as_result_array(student.layer_norm(x, gamma, beta))
    check_float(got)
    rtol, atol = tolerances(dtype)
    check_close(got, ref.layer_norm(x, gamma, beta), rtol=rtol, atol=atol,
                mistakes=mistakes(x, gamma, beta))


def test_inputs_are_not_modified(student):
    x = normal(61, (3, 5), scale=2.0) + 1.0
    gamma, beta = features(61, 5)
    returned = student.call("layer_norm", (x.copy(), gamma.copy(), beta.copy()), {},
                            return_inputs=True)
    check_unchanged(returned, (x, gamma, beta), names=("x", "gamma", "beta"))
    check_close(returned.value, ref.layer_norm(x, gamma, beta), mistakes=mistakes(x, gamma, beta))


def test_read_only_inputs(student):
    x = normal(62, (2, 3, 4))
    gamma, beta = features(62, 4)
    got = student.call("layer_norm", (x, gamma, beta), {"eps": 1e-4}, readonly=True)
    check_close(got, ref.layer_norm(x, gamma, beta, eps=1e-4),
                mistakes=mistakes(x, gamma, beta, eps=1e-4))
