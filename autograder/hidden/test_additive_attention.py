"""Hidden tests for ``additive_attention(s, H, W_s, W_h, v) -> (context, weights)``."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from autograder.checks import (
    check_close,
    check_finite,
    check_float,
    check_shape,
    check_unchanged,
    tolerances,
    unpack,
)
from autograder.feedback import Feedback
from autograder.hidden.inputs import normal
from autograder.hidden.reference import ref

pytestmark = pytest.mark.grades("additive_attention")

FN = "additive_attention"
NAMES = ("context", "weights")


def arguments(seed: int, T: int, d_s: int, d_h: int, d_a: int, dtype=np.float64, v_scale=1.0):
    """s (d_s,), H (T, d_h), W_s (d_s, d_a), W_h (d_h, d_a), v (d_a,)."""
    s = normal(seed, (d_s,), scale=1.5)
    H = normal(seed + 1, (T, d_h), scale=2.0)
    W_s = normal(seed + 2, (d_s, d_a), scale=1.0 / np.sqrt(d_s))
    W_h = normal(seed + 3, (d_h, d_a), scale=1.0 / np.sqrt(d_h))
    v = normal(seed + 4, (d_a,), scale=2.0 * v_scale)
    return tuple(a.astype(dtype) for a in (s, H, W_s, W_h, v))


def weight_mistakes(s, H, W_s, W_h, v) -> dict:
    """What the common mistakes would return as the weights."""
    s, H = s.astype(np.float64), H.astype(np.float64)
    energies = np.tanh(s @ W_s + H @ W_h) @ v
    return {
        f"mistake.{FN}.softmax_missing": lambda: energies,
        f"mistake.{FN}.tanh_missing": lambda: ref.softmax((s @ W_s + H @ W_h) @ v),
        f"mistake.{FN}.normalised_without_exp": lambda: energies / energies.sum(),
        f"mistake.{FN}.decoder_state_ignored": lambda: ref.softmax(np.tanh(H @ W_h) @ v),
    }


def context_mistakes(s, H, W_s, W_h, v) -> dict:
    """What the common mistakes would return as the context."""
    s, H = s.astype(np.float64), H.astype(np.float64)
    energies = np.tanh(s @ W_s + H @ W_h) @ v
    found = {
        f"mistake.{FN}.context_from_energies": lambda: energies @ H,
        f"mistake.{FN}.context_unweighted_mean": lambda: H.mean(axis=0),
        f"mistake.{FN}.context_unweighted_sum": lambda: H.sum(axis=0),
    }
    # A mistake in the weights shows in the context too: name the weights' mistake.
    def context_of(weights: Callable[[], np.ndarray]) -> Callable[[], np.ndarray]:
        return lambda: weights() @ H

    for key, wrong_weights in weight_mistakes(s, H, W_s, W_h, v).items():
        found.setdefault(key, context_of(wrong_weights))
    return found


def results(student, args) -> tuple[np.ndarray, np.ndarray]:
    """The student's (context, weights), with their shapes checked."""
    context, weights = unpack(student.additive_attention(*args), NAMES)
    T, d_h = args[1].shape
    if context.shape == (T, d_h):
        raise Feedback(f"mistake.{FN}.context_not_summed")
    if context.shape == (T,) and weights.shape == (d_h,):
        raise Feedback(f"mistake.{FN}.outputs_swapped")
    if context.shape == (T,):
        raise Feedback(f"mistake.{FN}.context_wrong_axis")
    check_shape(context, (d_h,), "context")
    check_shape(weights, (T,), "weights")
    check_float(context, "context")
    check_float(weights, "weights")
    return context, weights


CASES = [  # seed, T, d_s, d_h, d_a
    (1, 7, 4, 5, 6),
    (2, 3, 6, 2, 8),
    (3, 10, 3, 9, 4),
]


@pytest.mark.parametrize(("seed", "T", "d_s", "d_h", "d_a"), CASES)
def test_weights_are_softmax_of_energies(student, seed, T, d_s, d_h, d_a):
    args = arguments(seed, T, d_s, d_h, d_a)
    _, weights = results(student, args)
    check_close(weights, ref.additive_attention(*args)[1], "weights",
                mistakes=weight_mistakes(*args))


@pytest.mark.parametrize(("seed", "T", "d_s", "d_h", "d_a"), CASES)
def test_context_is_weighted_sum_of_encoder_states(student, seed, T, d_s, d_h, d_a):
    args = arguments(seed, T, d_s, d_h, d_a)
    context, _ = results(student, args)
    check_close(context, ref.additive_attention(*args)[0], "context",
                mistakes=context_mistakes(*args))


@pytest.mark.diagnosis
@pytest.mark.parametrize(("seed", "T", "d_s", "d_h", "d_a"), [(11, 8, 5, 3, 7), (12, 4, 2, 6, 3)])
def test_weights_are_a_distribution_over_positions(student, seed, T, d_s, d_h, d_a):
    args = arguments(seed, T, d_s, d_h, d_a)
    _, weights = results(student, args)
    if np.any(weights < 0) or not np.isclose(weights.sum(), 1.0, atol=1e-6):
        check_close(weights, ref.additive_attention(*args)[1], "weights",
                    mistakes=weight_mistakes(*args))
        raise Feedback(f"mistake.{FN}.weights_not_distribution")


@pytest.mark.diagnosis
@pytest.mark.parametrize(("seed", "T", "d_s", "d_h", "d_a"), [(21, 6, 3, 4, 5), (22, 9, 7, 2, 3)])
def test_context_lies_between_the_encoder_states(student, seed, T, d_s, d_h, d_a):
    # A convex combination of the rows of H stays inside their range, feature by feature.
    args = arguments(seed, T, d_s, d_h, d_a)
    context, _ = results(student, args)
    H = args[1]
    if np.any(context < H.min(axis=0) - 1e-9) or np.any(context > H.max(axis=0) + 1e-9):
        raise Feedback(f"mistake.{FN}.context_outside_hull")


@pytest.mark.parametrize("v_scale", [200.0, 2000.0])
def test_large_energies_do_not_overflow(student, v_scale):
    args = arguments(31, 6, 4, 3, 5, v_scale=v_scale)
    context, weights = results(student, args)
    check_finite(weights, "weights", hint=f"mistake.{FN}.overflow")
    check_finite(context, "context", hint=f"mistake.{FN}.overflow")
    want_context, want_weights = ref.additive_attention(*args)
    check_close(weights, want_weights, "weights", mistakes=weight_mistakes(*args))
    check_close(context, want_context, "context", mistakes=context_mistakes(*args))


@pytest.mark.diagnosis
def test_single_encoder_state_gets_all_the_weight(student):
    args = arguments(41, 1, 3, 4, 2)
    context, weights = results(student, args)
    check_close(weights, np.ones(1), "weights")
    check_close(context, args[1][0], "context")


@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_float32_and_integer_inputs(student, dtype):
    s, H, W_s, W_h, v = arguments(51, 5, 3, 4, 6)
    if dtype == np.float32:
        args = tuple(a.astype(np.float32) for a in (s, H, W_s, W_h, v))
    else:
        args = (np.rint(s).astype(dtype), np.rint(H).astype(dtype), W_s, W_h, v)
    context, weights = results(student, args)
    rtol, atol = tolerances(dtype)
    want_context, want_weights = ref.additive_attention(*args)
    check_close(weights, want_weights, "weights", rtol=rtol, atol=atol,
                mistakes=weight_mistakes(*args))
    check_close(context, want_context, "context", rtol=rtol, atol=atol,
                mistakes=context_mistakes(*args))


def test_inputs_are_not_modified(student):
    originals = arguments(61, 6, 4, 3, 5)
    returned = student.call("additive_attention", tuple(a.copy() for a in originals), {},
                            return_inputs=True)
    check_unchanged(returned, originals, names=("s", "H", "W_s", "W_h", "v"))
    context, weights = unpack(student.call("additive_attention", originals, {}, readonly=True),
                              NAMES)
    want_context, want_weights = ref.additive_attention(*originals)
    check_close(weights, want_weights, "weights", mistakes=weight_mistakes(*originals))
    check_close(context, want_context, "context", mistakes=context_mistakes(*originals))
