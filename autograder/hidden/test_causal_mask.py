"""Hidden tests for ``causal_mask(seq_len)``: True at ``[i, j]`` exactly when ``j <= i``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import (
    as_result_array,
    check_bool,
    check_equal,
    check_shape,
    expect_value_error,
)
from autograder.feedback import Feedback
from autograder.hidden.reference import ref
from autograder.recognisers.masks import causal_mask_mistakes, name_mask_mistake

pytestmark = pytest.mark.grades("causal_mask")

KEY = "mistake.causal_mask."
LENGTHS = [5, 9, 2, 1]  # the first failing case names the mistake: not 1 (ambiguous)


def mask_of(student, n: int) -> np.ndarray:
    """The student's mask for ``seq_len = n``, checked to have shape ``(n, n)``."""
    mask = as_result_array(student.causal_mask(n), "mask")
    check_shape(mask, (n, n), "mask")
    return mask


def name_mistake(mask: np.ndarray, n: int) -> None:
    """If the 0/1 pattern of ``mask`` is a known mistake, say so."""
    name_mask_mistake(mask, ref.causal_mask(n), causal_mask_mistakes(n))


@pytest.mark.requires("test_matches_definition")
@pytest.mark.parametrize("seq_len", [3, 8])
def test_is_boolean(student, seq_len):
    mask = mask_of(student, seq_len)
    if mask.dtype != np.bool_ and np.array_equal(mask, ref.causal_mask(seq_len)):
        raise Feedback(KEY + "not_boolean", got=str(mask.dtype))
    check_bool(mask)


@pytest.mark.parametrize("seq_len", LENGTHS)
def test_matches_definition(student, seq_len):
    mask = mask_of(student, seq_len)
    name_mistake(mask, seq_len)
    check_equal(mask, ref.causal_mask(seq_len))


@pytest.mark.diagnosis
@pytest.mark.parametrize("seq_len", [4, 7])
def test_no_position_sees_the_future(student, seq_len):
    mask = mask_of(student, seq_len)
    if np.any(np.triu(mask != 0, k=1)):
        name_mistake(mask, seq_len)
        raise Feedback(KEY + "sees_future")


@pytest.mark.diagnosis
@pytest.mark.parametrize("seq_len", [4, 7])
def test_each_position_sees_itself(student, seq_len):
    mask = mask_of(student, seq_len)
    if not np.all(np.diagonal(mask) != 0):
        name_mistake(mask, seq_len)
        raise Feedback(KEY + "misses_itself")


@pytest.mark.diagnosis
@pytest.mark.parametrize("seq_len", [4, 7])
def test_each_position_sees_the_past(student, seq_len):
    mask = mask_of(student, seq_len)
    if not np.all(mask[np.tril_indices(seq_len, k=-1)] != 0):
        name_mistake(mask, seq_len)
        raise Feedback(KEY + "misses_past")


@pytest.mark.requires("test_matches_definition")
@pytest.mark.parametrize("seq_len", [0, -3])
def test_non_positive_length_raises_value_error(student, seq_len):
    expect_value_error(lambda: student.causal_mask(seq_len), f"seq_len={seq_len}")
