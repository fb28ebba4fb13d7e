"""Hidden tests for ``softmax(x, axis=-1, temperature=1.0)``."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from autograder.checks import (
    as_result_array,
    check_close,
    check_finite,
    check_float,
    check_unchanged,
    expect_value_error,
    tolerances,
)
from autograder.feedback import Feedback
from autograder.hidden.inputs import normal
from autograder.hidden.reference import ref

pytestmark = pytest.mark.grades("softmax")


def mistakes(x: np.ndarray, axis: int, temperature: float) -> dict:
    """What the common mistakes would return for these arguments."""
    x = x.astype(np.float64)

    def normalise_everything():
        e = np.exp(x / temperature - np.max(x / temperature))
        return e / e.sum()

    def per_axis_max_global_sum():
        z = x / temperature
        e = np.exp(z - np.max(z, axis=axis, keepdims=True))
        return e / e.sum()

    def no_exponential():
        return x / np.sum(x, axis=axis, keepdims=True)

    found = {
        "mistake.softmax.temperature_ignored": lambda: ref.softmax(x, axis=axis),
        "mistake.softmax.temperature_multiplied": lambda: ref.softmax(x * temperature, axis=axis),
        "mistake.softmax.global_sum": lambda: [normalise_everything(), per_axis_max_global_sum()],
        "mistake.softmax.no_exponential": no_exponential,
    }
    for other in range(-x.ndim, 0):
        if other != axis and other + x.ndim != axis:
            found["mistake.softmax.wrong_axis"] = (
                partial(ref.softmax, x, axis=other, temperature=temperature)
            )
            break
    return found


# Three parts of the input space, each its own check: the last axis, the other axes,
# and temperatures other than 1 (on the last axis).
LAST_AXIS = [  # seed, shape, axis, temperature
    (1, (7,), -1, 1.0),
    (2, (3, 5), -1, 1.0),
    (9, (2, 3, 4), 2, 1.0),
]
OTHER_AXES = [
    (3, (3, 5), 0, 1.0),
    (4, (2, 3, 4), 1, 1.0),
    (5, (2, 3, 4), -3, 1.0),
    (10, (2, 5, 3), -2, 1.0),
]
TEMPERATURES = [
    (6, (4, 6), -1, 0.5),
    (7, (4, 6), -1, 3.0),
    (8, (2, 5, 3), -1, 0.25),
]


def check_softmax(student, seed, shape, axis, temperature):
    x = normal(seed, shape, scale=2.0)
    got = student.softmax(x, axis=axis, temperature=temperature)
    check_close(got, ref.softmax(x, axis=axis, temperature=temperature),
                mistakes=mistakes(x, axis, temperature))


@pytest.mark.parametrize(("seed", "shape", "axis", "temperature"), LAST_AXIS)
def test_matches_definition(student, seed, shape, axis, temperature):
    check_softmax(student, seed, shape, axis, temperature)


@pytest.mark.parametrize(("seed", "shape", "axis", "temperature"), OTHER_AXES)
def test_other_axes(student, seed, shape, axis, temperature):
    check_softmax(student, seed, shape, axis, temperature)


@pytest.mark.parametrize(("seed", "shape", "axis", "temperature"), TEMPERATURES)
def test_temperature_divides_the_scores(student, seed, shape, axis, temperature):
    check_softmax(student, seed, shape, axis, temperature)


@pytest.mark.diagnosis
@pytest.mark.parametrize(("seed", "shape", "axis"), [(11, (4, 7), -1), (12, (5, 3, 2), 1)])
def test_weights_sum_to_one(student, seed, shape, axis):
    x = normal(seed, shape, scale=3.0)
    got = as_result_array(student.softmax(x, axis=axis))
    check_float(got)
    sums = got.sum(axis=axis)
    if not np.allclose(sums, 1.0, atol=1e-6):
        raise Feedback("mistake.softmax.not_normalised", axis=axis)


@pytest.mark.parametrize("scale", [1e3, 1e5])
def test_large_scores_do_not_overflow(student, scale):
    x = normal(21, (3, 8), scale=scale)
    got = as_result_array(student.softmax(x))
    check_finite(got, hint="mistake.softmax.overflow")
    check_close(got, ref.softmax(x))


def test_minus_infinity_gets_zero_weight(student):
    x = normal(31, (4, 6))
    x[0, 2] = x[1, 0] = x[3, 5] = -np.inf
    got = as_result_array(student.softmax(x))
    check_finite(got, hint="mistake.softmax.minus_inf")
    if not (got[0, 2] == 0 and got[1, 0] == 0 and got[3, 5] == 0):
        raise Feedback("mistake.softmax.minus_inf")
    check_close(got, ref.softmax(x))


@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_float32_and_integer_inputs(student, dtype):
    x = normal(41, (5, 4), dtype=dtype, scale=3.0)
    got = as_result_array(student.softmax(x))
    check_float(got)
    rtol, atol = tolerances(dtype)
    check_close(got, ref.softmax(x), rtol=rtol, atol=atol, mistakes=mistakes(x, -1, 1.0))


def test_input_is_not_modified(student):
    x = normal(51, (3, 6), scale=2.0)
    returned = student.call("softmax", (x.copy(),), {}, return_inputs=True)
    check_unchanged(returned, (x,), names=("x",))
    check_close(returned.value, ref.softmax(x))


def test_read_only_input(student):
    x = normal(52, (3, 6))
    got = student.call("softmax", (x,), {}, readonly=True)
    check_close(got, ref.softmax(x))


@pytest.mark.requires("test_matches_definition")
@pytest.mark.parametrize("temperature", [0.0, -1.0])
def test_invalid_temperature_raises_value_error(student, temperature):
    expect_value_error(lambda: student.softmax(np.ones(3), temperature=temperature),
                       f"temperature={temperature}")
