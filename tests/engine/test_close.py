"""The grader's closeness test is NumPy's ``allclose`` (NaN never close), on every kind of input."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from autograder.checks import _close

INF, NAN = np.inf, np.nan
EDGES = [0.0, -0.0, 1.0, -1.0, 1e-9, 1e-300, 5e-324, 1e300, INF, -INF, NAN]


def numpy_says(actual, expected, rtol, atol) -> bool:
    try:
        return bool(np.allclose(actual, expected, rtol=rtol, atol=atol, equal_nan=False))
    except (TypeError, ValueError):
        return False


@pytest.mark.parametrize(("rtol", "atol"), [(1e-5, 1e-8), (0.0, 0.0), (1e-3, 0.0), (0.0, 1e-6)])
def test_every_pair_of_edge_values_is_judged_as_numpy_judges_it(rtol, atol):
    for a, b in itertools.product(EDGES, repeat=2):
        for kinds in itertools.product((np.float64, np.float32), repeat=2):
            with np.errstate(over="ignore"):  # 1e300 as float32 is inf
                actual, expected = np.array([a], kinds[0]), np.array([b], kinds[1])
            judged = _close(actual, expected, rtol, atol)
            assert judged == numpy_says(actual, expected, rtol, atol), (a, b, kinds)


def test_random_arrays_near_and_far_are_judged_as_numpy_judges_them():
    rng = np.random.default_rng(0)
    for _ in range(2000):
        shape = tuple(rng.integers(1, 4, rng.integers(0, 4)))
        expected = rng.normal(size=shape) * 10.0 ** rng.integers(-6, 6)
        noise = rng.normal(size=shape) * 10.0 ** rng.integers(-14, 0)
        actual = (expected + noise).astype(rng.choice([np.float64, np.float32]))
        rtol, atol = 10.0 ** rng.integers(-8, -2), 10.0 ** rng.integers(-10, -4)
        assert _close(actual, expected, rtol, atol) == numpy_says(actual, expected, rtol, atol)


@pytest.mark.parametrize(("actual", "expected"), [
    (np.ones((1, 3)), np.ones(3)),  # broadcasts, as allclose does (shapes are checked apart)
    (np.ones(2), np.ones(3)),  # does not broadcast
    (np.array([], dtype=float), np.array([], dtype=float)),
    (np.array(1.0), np.array(1.0)),
    (np.array([1, 2]), np.array([1.0, 2.0])),  # integers
    (np.array([True, False]), np.array([1.0, 0.0])),
    (np.array([1 + 1j]), np.array([1 + 1j])),
    (np.array([2 ** 62]), np.array([-(2 ** 62)])),  # no integer overflow
])
def test_shapes_and_dtypes_are_judged_as_numpy_judges_them(actual, expected):
    assert _close(actual, expected, 1e-5, 1e-8) == numpy_says(actual, expected, 1e-5, 1e-8)
