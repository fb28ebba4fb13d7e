"""Hidden tests for ``split_heads(x, num_heads)``: ``(B, T, d_model)`` to
``(B, num_heads, T, d_head)``, head ``h`` holding features ``h*d_head:(h+1)*d_head``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import (
    as_result_array,
    check_close,
    check_float,
    check_shape,
    check_unchanged,
    expect_value_error,
    tolerances,
)
from autograder.feedback import Feedback
from autograder.hidden.inputs import normal
from autograder.hidden.reference import ref

pytestmark = pytest.mark.grades("split_heads")

KEY = "mistake.split_heads."
CASES = [  # seed, B, T, d_model, num_heads
    (1, 2, 5, 12, 3),
    (2, 3, 5, 8, 4),
    (3, 2, 7, 6, 1),
    (4, 2, 3, 10, 10),
]


def mistakes(x: np.ndarray, num_heads: int) -> dict:
    """Message key -> what that mistake returns (some have another shape)."""
    b, t, d_model = x.shape
    d_head = d_model // num_heads
    return {
        KEY + "reshape_without_transpose": lambda: x.reshape(b, num_heads, t, d_head),
        KEY + "interleaved": lambda: x.reshape(b, t, d_head, num_heads).transpose(0, 3, 1, 2),
        KEY + "not_transposed": lambda: x.reshape(b, t, num_heads, d_head),
        KEY + "wrong_axes": lambda: x.reshape(b, t, num_heads, d_head).transpose(0, 2, 3, 1),
    }


def split_of(value, x: np.ndarray, num_heads: int) -> np.ndarray:
    """``value`` as an array of the right shape, or feedback naming a shape mistake."""
    heads = as_result_array(value)
    expected = ref.split_heads(x, num_heads)
    if heads.shape != expected.shape:
        for key, wrong in mistakes(x, num_heads).items():
            candidate = wrong()
            if candidate.shape == heads.shape and np.allclose(heads, candidate):
                raise Feedback(key)
    check_shape(heads, expected.shape)
    return heads


def close(actual: np.ndarray, expected: np.ndarray) -> bool:
    """Equal up to float32 rounding (a solution may compute in float32)."""
    rtol, atol = tolerances(np.float64)
    return bool(np.allclose(actual, expected, rtol=rtol, atol=atol))


def name_mistake(heads: np.ndarray, x: np.ndarray, num_heads: int) -> None:
    expected = ref.split_heads(x, num_heads)
    for key, wrong in mistakes(x, num_heads).items():
        candidate = wrong()
        if candidate.shape == heads.shape and not np.allclose(candidate, expected) and (
            np.allclose(heads, candidate)
        ):
            raise Feedback(key)


@pytest.mark.diagnosis
@pytest.mark.parametrize(("seed", "batch", "t", "d_model", "num_heads"), CASES)
def test_output_shape(student, seed, batch, t, d_model, num_heads):
    x = normal(seed, (batch, t, d_model))
    split_of(student.split_heads(x, num_heads), x, num_heads)


@pytest.mark.parametrize(("seed", "batch", "t", "d_model", "num_heads"), CASES)
def test_matches_definition(student, seed, batch, t, d_model, num_heads):
    x = normal(seed, (batch, t, d_model))
    heads = split_of(student.split_heads(x, num_heads), x, num_heads)
    check_close(heads, ref.split_heads(x, num_heads), mistakes=mistakes(x, num_heads))


@pytest.mark.diagnosis
@pytest.mark.parametrize(("seed", "batch", "t", "d_model", "num_heads"), CASES[:2])
def test_head_h_holds_its_feature_slice(student, seed, batch, t, d_model, num_heads):
    x = normal(seed, (batch, t, d_model))
    heads = split_of(student.split_heads(x, num_heads), x, num_heads)
    d_head = d_model // num_heads
    for h in range(num_heads):
        if not close(heads[:, h], x[:, :, h * d_head:(h + 1) * d_head]):
            name_mistake(heads, x, num_heads)
            raise Feedback(KEY + "wrong_feature_slice", head=h, start=h * d_head,
                           stop=(h + 1) * d_head)


@pytest.mark.diagnosis
@pytest.mark.parametrize(("seed", "batch", "t", "d_model", "num_heads"), CASES[:2])
def test_positions_keep_their_order(student, seed, batch, t, d_model, num_heads):
    # Whatever the order of the features, position t of every head must come from x[:, t].
    x = normal(seed, (batch, t, d_model))
    heads = split_of(student.split_heads(x, num_heads), x, num_heads)
    from_position = np.sort(heads.transpose(0, 2, 1, 3).reshape(batch, t, d_model), axis=-1)
    if not close(from_position, np.sort(x, axis=-1)):
        name_mistake(heads, x, num_heads)
        raise Feedback(KEY + "positions_scrambled")


@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_float32_and_integer_inputs(student, dtype):
    x = normal(21, (2, 5, 12), dtype=dtype, scale=3.0)
    heads = split_of(student.split_heads(x, 4), x, 4)
    check_float(heads)
    check_close(heads, ref.split_heads(x, 4), mistakes=mistakes(x, 4))


def test_input_is_not_modified(student):
    x = normal(31, (3, 4, 10))
    returned = student.call("split_heads", (x.copy(), 5), {}, return_inputs=True)
    check_unchanged(returned, (x,), names=("x",))
    check_close(split_of(returned.value, x, 5), ref.split_heads(x, 5))


def test_read_only_input(student):
    x = normal(32, (2, 6, 9))
    heads = student.call("split_heads", (x, 3), {}, readonly=True)
    check_close(split_of(heads, x, 3), ref.split_heads(x, 3), mistakes=mistakes(x, 3))


@pytest.mark.requires("test_matches_definition")
@pytest.mark.parametrize(("d_model", "num_heads"), [(10, 4), (6, 4), (9, 2), (3, 6)])
def test_indivisible_d_model_raises_value_error(student, d_model, num_heads):
    x = normal(41, (2, 3, d_model))
    expect_value_error(lambda: student.split_heads(x, num_heads),
                       f"d_model={d_model}, num_heads={num_heads}")
