"""Hidden tests for ``sinusoidal_positional_encoding(seq_len, d_model, base=10000.0)``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import (
    as_result_array,
    check_close,
    check_float,
    check_shape,
    expect_value_error,
    part_of,
    tolerances,
)
from autograder.feedback import Feedback
from autograder.hidden.reference import ref

pytestmark = pytest.mark.grades("sinusoidal_positional_encoding")

FN = "sinusoidal_positional_encoding"
# A correct solution may compute the angles in float32; positions stay small
# enough (< 64) for float32 angles to be accurate to about 1e-5.
RTOL, ATOL = tolerances(np.float32)


def interleave(even_columns: np.ndarray, odd_columns: np.ndarray, d_model: int) -> np.ndarray:
    pe = np.zeros((even_columns.shape[0], d_model))
    pe[:, 0::2] = even_columns[:, : (d_model + 1) // 2]
    pe[:, 1::2] = odd_columns[:, : d_model // 2]
    return pe


def mistakes(seq_len: int, d_model: int, base: float) -> dict:
    """What the common mistakes would return for these arguments."""
    p = np.arange(seq_len)[:, None]
    pair = np.arange((d_model + 1) // 2)  # i of each sin/cos pair
    angles = p / base ** (2 * pair / d_model)

    def concatenated_halves():
        return np.concatenate([np.sin(angles), np.cos(angles[:, : d_model // 2])], axis=1)

    def exponent_without_two():
        wrong = p / base ** (pair / d_model)
        return interleave(np.sin(wrong), np.cos(wrong), d_model)

    def column_index_exponent():
        column = np.arange(d_model)
        wrong = p / base ** (column / d_model)
        return np.where(column % 2 == 0, np.sin(wrong), np.cos(wrong))

    found = {
        f"mistake.{FN}.concatenated_halves": concatenated_halves,
        f"mistake.{FN}.sin_cos_swapped": lambda: interleave(
            np.cos(angles), np.sin(angles), d_model),
        f"mistake.{FN}.positions_from_one": lambda: ref.sinusoidal_positional_encoding(
            seq_len + 1, d_model, base)[1:],
        f"mistake.{FN}.exponent_without_two": exponent_without_two,
        f"mistake.{FN}.column_index_exponent": column_index_exponent,
    }
    if base != 10000.0:
        found[f"mistake.{FN}.base_ignored"] = lambda: ref.sinusoidal_positional_encoding(
            seq_len, d_model)
    return found


def encoding(student, *args) -> np.ndarray:
    got = as_result_array(student.sinusoidal_positional_encoding(*args), "encoding")
    check_float(got, "encoding")
    return got


@pytest.mark.parametrize(("seq_len", "d_model"), [(7, 6), (12, 10), (5, 16), (1, 4), (50, 8)])
def test_matches_definition_for_even_d_model(student, seq_len, d_model):
    got = encoding(student, seq_len, d_model)
    check_close(got, ref.sinusoidal_positional_encoding(seq_len, d_model), "encoding",
                rtol=RTOL, atol=ATOL, mistakes=mistakes(seq_len, d_model, 10000.0))


@pytest.mark.parametrize(("seq_len", "d_model"), [(6, 7), (9, 5), (4, 1), (3, 11)])
def test_odd_d_model_ends_with_a_sine(student, seq_len, d_model):
    got = encoding(student, seq_len, d_model)
    expected = ref.sinusoidal_positional_encoding(seq_len, d_model)
    if got.shape == (seq_len, d_model + 1):
        raise Feedback(f"mistake.{FN}.odd_extra_column", d_model=d_model)
    found = mistakes(seq_len, d_model, 10000.0)
    last_angle = np.arange(seq_len)[:, None] / 10000.0 ** ((d_model - 1) / d_model)
    found[f"mistake.{FN}.odd_last_column_cosine"] = lambda: np.concatenate(
        [expected[:, :-1], np.cos(last_angle)], axis=1)
    check_close(got, expected, "encoding", rtol=RTOL, atol=ATOL, mistakes=found)


@pytest.mark.parametrize(("seq_len", "d_model", "base"),
                         [(8, 6, 100.0), (10, 12, 50.5), (5, 9, 1000.0), (6, 4, 10000.0)])
def test_uses_the_given_base(student, seq_len, d_model, base):
    got = encoding(student, seq_len, d_model, base)
    check_close(got, ref.sinusoidal_positional_encoding(seq_len, d_model, base), "encoding",
                rtol=RTOL, atol=ATOL, mistakes=mistakes(seq_len, d_model, base))


@pytest.mark.diagnosis
@pytest.mark.parametrize("d_model", [8, 9])
def test_position_zero_is_sin_zero_cos_one(student, d_model):
    got = encoding(student, 5, d_model)
    check_shape(got, (5, d_model), "encoding")
    first_row = np.zeros(d_model)
    first_row[1::2] = 1.0
    found = mistakes(5, d_model, 10000.0)
    check_close(got[0], first_row, "encoding", rtol=RTOL, atol=ATOL, mistakes={
        key: part_of(wrong, 0) for key, wrong in found.items()})


@pytest.mark.diagnosis
@pytest.mark.parametrize(("seq_len", "d_model", "base"), [(20, 12, 10000.0), (9, 6, 30.0)])
def test_each_sin_cos_pair_lies_on_the_unit_circle(student, seq_len, d_model, base):
    got = encoding(student, seq_len, d_model, base)
    check_shape(got, (seq_len, d_model), "encoding")
    radius = got[:, 0::2] ** 2 + got[:, 1::2] ** 2  # sin^2 + cos^2 of each pair
    if not np.allclose(radius, 1.0, atol=1e-5):
        raise Feedback(f"mistake.{FN}.pairs_not_on_unit_circle")


@pytest.mark.parametrize(("seq_len", "d_model"), [(64, 128), (40, 3)])
def test_long_sequences_and_wide_models(student, seq_len, d_model):
    got = encoding(student, seq_len, d_model)
    check_close(got, ref.sinusoidal_positional_encoding(seq_len, d_model), "encoding",
                rtol=RTOL, atol=ATOL, mistakes=mistakes(seq_len, d_model, 10000.0))


@pytest.mark.requires("test_matches_definition_for_even_d_model")
@pytest.mark.parametrize(("seq_len", "d_model"), [(0, 4), (-3, 4), (5, 0), (5, -2)])
def test_non_positive_sizes_raise_value_error(student, seq_len, d_model):
    expect_value_error(lambda: student.sinusoidal_positional_encoding(seq_len, d_model),
                       f"seq_len={seq_len}, d_model={d_model}")
