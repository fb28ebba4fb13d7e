"""Hidden tests for ``merge_heads(x)``: ``(B, num_heads, T, d_head)`` to
``(B, T, num_heads * d_head)``, the exact inverse of ``split_heads``."""

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

pytestmark = pytest.mark.grades("merge_heads")

KEY = "mistake.merge_heads."
CASES = [  # seed, B, num_heads, T, d_head
    (1, 2, 3, 5, 4),
    (2, 3, 4, 5, 2),
    (3, 2, 1, 7, 6),
    (4, 2, 10, 3, 1),
]


def mistakes(x: np.ndarray) -> dict:
    """Message key -> what that mistake returns (some have another shape)."""
    b, h, t, d_head = x.shape
    return {
        KEY + "reshape_without_transpose": lambda: x.reshape(b, t, h * d_head),
        KEY + "interleaved": lambda: x.transpose(0, 2, 3, 1).reshape(b, t, h * d_head),
        KEY + "not_reshaped": lambda: x.transpose(0, 2, 1, 3),
        KEY + "concatenated_along_time": lambda: x.reshape(b, h * t, d_head),
    }


def merged_of(value, x: np.ndarray) -> np.ndarray:
    """``value`` as an array of the right shape, or feedback naming a shape mistake."""
    merged = as_result_array(value)
    expected = ref.merge_heads(x)
    if merged.shape != expected.shape:
        for key, wrong in mistakes(x).items():
            candidate = wrong()
            if candidate.shape == merged.shape and np.allclose(merged, candidate):
                raise Feedback(key)
    check_shape(merged, expected.shape)
    return merged


def close(actual: np.ndarray, expected: np.ndarray) -> bool:
    """Equal up to float32 rounding (a solution may compute in float32)."""
    rtol, atol = tolerances(np.float64)
    return bool(np.allclose(actual, expected, rtol=rtol, atol=atol))


def name_mistake(merged: np.ndarray, x: np.ndarray) -> None:
    expected = ref.merge_heads(x)
    for key, wrong in mistakes(x).items():
        candidate = wrong()
        if candidate.shape == merged.shape and not np.allclose(candidate, expected) and (
            np.allclose(merged, candidate)
        ):
            raise Feedback(key)


def heads(seed: int, batch: int, num_heads: int, t: int, d_head: int, dtype=np.float64):
    return normal(seed, (batch, num_heads, t, d_head), dtype)


@pytest.mark.diagnosis
@pytest.mark.parametrize(("seed", "batch", "num_heads", "t", "d_head"), CASES)
def test_output_shape(student, seed, batch, num_heads, t, d_head):
    x = heads(seed, batch, num_heads, t, d_head)
    merged_of(student.merge_heads(x), x)


@pytest.mark.parametrize(("seed", "batch", "num_heads", "t", "d_head"), CASES)
def test_matches_definition(student, seed, batch, num_heads, t, d_head):
    x = heads(seed, batch, num_heads, t, d_head)
    check_close(merged_of(student.merge_heads(x), x), ref.merge_heads(x), mistakes=mistakes(x))


@pytest.mark.diagnosis
@pytest.mark.parametrize(("seed", "batch", "num_heads", "t", "d_head"), CASES[:2])
def test_head_h_fills_its_feature_slice(student, seed, batch, num_heads, t, d_head):
    x = heads(seed, batch, num_heads, t, d_head)
    merged = merged_of(student.merge_heads(x), x)
    for h in range(num_heads):
        if not close(merged[:, :, h * d_head:(h + 1) * d_head], x[:, h]):
            name_mistake(merged, x)
            raise Feedback(KEY + "wrong_feature_slice", head=h, start=h * d_head,
                           stop=(h + 1) * d_head)


@pytest.mark.diagnosis
@pytest.mark.parametrize(("seed", "batch", "num_heads", "t", "d_head"), CASES[:2])
def test_positions_keep_their_order(student, seed, batch, num_heads, t, d_head):
    # Whatever the order of the features, row t of the result must hold position t of every head.
    x = heads(seed, batch, num_heads, t, d_head)
    merged = merged_of(student.merge_heads(x), x)
    from_position = np.sort(x.transpose(0, 2, 1, 3).reshape(batch, t, -1), axis=-1)
    if not close(np.sort(merged, axis=-1), from_position):
        name_mistake(merged, x)
        raise Feedback(KEY + "positions_scrambled")


@pytest.mark.parametrize(("seed", "batch", "t", "d_model", "num_heads"), [
    (11, 2, 5, 12, 3), (12, 3, 4, 10, 5),
])
def test_inverts_split_heads(student, seed, batch, t, d_model, num_heads):
    x = normal(seed, (batch, t, d_model))
    split = ref.split_heads(x, num_heads)
    merged = merged_of(student.merge_heads(split), split)
    name_mistake(merged, split)
    if not close(merged, x):
        raise Feedback(KEY + "not_inverse")


@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_float32_and_integer_inputs(student, dtype):
    x = normal(21, (2, 3, 5, 4), dtype=dtype, scale=3.0)
    merged = merged_of(student.merge_heads(x), x)
    check_float(merged)
    check_close(merged, ref.merge_heads(x), mistakes=mistakes(x))


def test_input_is_not_modified(student):
    x = heads(31, 3, 2, 5, 4)
    returned = student.call("merge_heads", (x.copy(),), {}, return_inputs=True)
    check_unchanged(returned, (x,), names=("x",))
    check_close(merged_of(returned.value, x), ref.merge_heads(x))


def test_read_only_input(student):
    x = heads(32, 2, 4, 3, 5)
    merged = student.call("merge_heads", (x,), {}, readonly=True)
    check_close(merged_of(merged, x), ref.merge_heads(x), mistakes=mistakes(x))
