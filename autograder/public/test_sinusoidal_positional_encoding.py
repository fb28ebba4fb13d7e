"""Public checks of ``sinusoidal_positional_encoding(seq_len, d_model, base=10000.0)``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import as_result_array, check_close, check_float, check_shape
from autograder.feedback import Feedback

pytestmark = pytest.mark.grades("sinusoidal_positional_encoding")


def test_public_shape_and_dtype(student):
    got = as_result_array(student.sinusoidal_positional_encoding(7, 6), "encoding")
    check_shape(got, (7, 6), "encoding")
    check_float(got, "encoding")


def test_public_small_example(student):
    # d_model = 4: columns sin(p), cos(p), sin(p / 100), cos(p / 100), since 10000^(2/4) = 100.
    p = np.arange(3.0)
    expected = np.stack([np.sin(p), np.cos(p), np.sin(p / 100), np.cos(p / 100)], axis=1)
    got = student.sinusoidal_positional_encoding(3, 4)
    check_close(got, expected, "encoding", mistakes={
        "mistake.sinusoidal_positional_encoding.concatenated_halves":
            lambda: expected[:, [0, 2, 1, 3]],
        "mistake.sinusoidal_positional_encoding.sin_cos_swapped": lambda: expected[:, [1, 0, 3, 2]],
        "mistake.sinusoidal_positional_encoding.positions_from_one":
            lambda: np.stack([np.sin(p + 1), np.cos(p + 1), np.sin((p + 1) / 100),
                              np.cos((p + 1) / 100)], axis=1),
    })


def test_public_each_sin_cos_pair_is_on_the_unit_circle(student):
    got = as_result_array(student.sinusoidal_positional_encoding(5, 8), "encoding")
    check_shape(got, (5, 8), "encoding")
    if not np.allclose(got[:, 0::2] ** 2 + got[:, 1::2] ** 2, 1.0, atol=1e-6):
        raise Feedback("mistake.sinusoidal_positional_encoding.pairs_not_on_unit_circle")
