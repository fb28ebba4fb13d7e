"""Hidden tests for ``padding_mask(lengths, max_len)``: True at ``[b, t]`` exactly when
``t < lengths[b]``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import (
    check_bool,
    check_close,
    check_equal,
    check_unchanged,
    expect_value_error,
)
from autograder.feedback import Feedback
from autograder.hidden.inputs import normal, sequence_lengths
from autograder.hidden.reference import ref
from autograder.recognisers.masks import name_mask_mistake, padding_mask_mistakes, padding_mask_of

pytestmark = pytest.mark.grades("padding_mask")

KEY = "mistake.padding_mask."
CASES = [(1, 3, 5), (2, 4, 7), (3, 2, 1), (4, 5, 6)]  # seed, B, max_len


def mask_of(student, lengths: np.ndarray, max_len: int) -> np.ndarray:
    """The student's mask, checked to have shape ``(B, max_len)``; names a transposed mask."""
    return as_mask(student.padding_mask(lengths, max_len), lengths, max_len)


def as_mask(value, lengths: np.ndarray, max_len: int) -> np.ndarray:
    """``value`` as an array of shape ``(B, max_len)``, or feedback (naming a transposed mask)."""
    return padding_mask_of(value, ref.padding_mask(lengths, max_len))


def name_mistake(mask: np.ndarray, lengths: np.ndarray, max_len: int) -> None:
    """If the 0/1 pattern of ``mask`` is a known mistake, say so."""
    name_mask_mistake(mask, ref.padding_mask(lengths, max_len),
                      padding_mask_mistakes(lengths, max_len))


@pytest.mark.requires("test_matches_definition")
@pytest.mark.parametrize(("seed", "batch", "max_len"), [(11, 3, 6), (12, 4, 2)])
def test_is_boolean(student, seed, batch, max_len):
    lengths = sequence_lengths(seed, batch, max_len)
    mask = mask_of(student, lengths, max_len)
    if mask.dtype != np.bool_ and np.array_equal(mask, ref.padding_mask(lengths, max_len)):
        raise Feedback(KEY + "not_boolean", got=str(mask.dtype))
    check_bool(mask)


@pytest.mark.parametrize(("seed", "batch", "max_len"), CASES)
def test_matches_definition(student, seed, batch, max_len):
    lengths = sequence_lengths(seed, batch, max_len)
    mask = mask_of(student, lengths, max_len)
    name_mistake(mask, lengths, max_len)
    check_equal(mask, ref.padding_mask(lengths, max_len))


@pytest.mark.diagnosis
@pytest.mark.parametrize(("seed", "batch", "max_len"), CASES)
def test_each_row_has_its_length_of_real_tokens(student, seed, batch, max_len):
    lengths = sequence_lengths(seed, batch, max_len)
    mask = mask_of(student, lengths, max_len)
    if not np.array_equal((mask != 0).sum(axis=1), lengths):
        name_mistake(mask, lengths, max_len)
        raise Feedback(KEY + "wrong_count")


@pytest.mark.diagnosis
@pytest.mark.parametrize(("seed", "batch", "max_len"), CASES)
def test_real_tokens_come_first(student, seed, batch, max_len):
    lengths = sequence_lengths(seed, batch, max_len)
    real = mask_of(student, lengths, max_len) != 0
    if np.any(real[:, 1:] & ~real[:, :-1]) or not np.all(real[:, 0]):
        name_mistake(real, lengths, max_len)
        raise Feedback(KEY + "not_a_prefix")


@pytest.mark.parametrize("dtype", [np.int32, np.int16, np.uint8])
def test_integer_dtypes_of_lengths(student, dtype):
    lengths = sequence_lengths(21, 4, 6).astype(dtype)
    mask = mask_of(student, lengths, 6)
    name_mistake(mask, lengths, 6)
    check_equal(mask, ref.padding_mask(lengths, 6))


def test_lengths_are_not_modified_and_may_be_read_only(student):
    lengths = sequence_lengths(31, 5, 8)
    returned = student.call("padding_mask", (lengths.copy(), 8), {}, return_inputs=True)
    check_unchanged(returned, (lengths,), names=("lengths",))
    read_only = student.call("padding_mask", (lengths, 8), {}, readonly=True)
    for value in (returned.value, read_only):
        mask = as_mask(value, lengths, 8)
        name_mistake(mask, lengths, 8)
        check_equal(mask, ref.padding_mask(lengths, 8))


@pytest.mark.parametrize(("seed", "batch", "max_len"), [(41, 3, 5), (42, 4, 7)])
def test_works_as_key_mask_for_attention(student, seed, batch, max_len):
    # (B, heads, T_q, T_k) attention with mask[:, None, None, :]: padded keys get weight 0.
    lengths = sequence_lengths(seed, batch, max_len)
    mask = mask_of(student, lengths, max_len)
    q = normal(seed, (batch, 2, 3, 4))
    k, v = normal(seed + 1, (batch, 2, max_len, 4)), normal(seed + 2, (batch, 2, max_len, 3))
    _, weights = ref.scaled_dot_product_attention(q, k, v, mask[:, None, None, :])
    padded = ~ref.padding_mask(lengths, max_len)[:, None, None, :]
    if not np.all(np.isfinite(weights)) or np.any(np.broadcast_to(padded, weights.shape) & (
        weights != 0
    )):
        name_mistake(mask, lengths, max_len)
        raise Feedback(KEY + "padding_attended")
    expected = ref.scaled_dot_product_attention(q, k, v, (~padded))[1]
    check_close(weights, expected, "weights")


@pytest.mark.requires("test_matches_definition")
@pytest.mark.parametrize("max_len", [0, -2])
def test_non_positive_max_len_raises_value_error(student, max_len):
    expect_value_error(lambda: student.padding_mask(np.array([1, 1]), max_len),
                       f"max_len={max_len}")


@pytest.mark.requires("test_matches_definition")
@pytest.mark.parametrize(("lengths", "max_len"), [
    ([3, 0, 2], 4), ([5, 2], 4), ([-1, 2], 3),
])
def test_length_out_of_range_raises_value_error(student, lengths, max_len):
    expect_value_error(lambda: student.padding_mask(np.array(lengths), max_len),
                       f"lengths={lengths}, max_len={max_len}")
