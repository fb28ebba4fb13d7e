"""Hidden tests for ``rnn_encoder(x, W_xh, W_hh, b_h, h0=None) -> (states, context)``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import (
    check_close,
    check_float,
    check_unchanged,
    part_of,
    tolerances,
    unpack,
)
from autograder.hidden.inputs import normal
from autograder.hidden.reference import ref
from autograder.recognisers.rnn import check_states_shape, context_mistakes

pytestmark = pytest.mark.grades("rnn_encoder")

FN = "rnn_encoder"
NAMES = ("states", "context")


def weights(seed: int, d_in: int, d_h: int,
            dtype=np.float64) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """W_xh (d_in, d_h), W_hh (d_h, d_h) (not symmetric), b_h (d_h,); pre-activations O(1)."""
    W_xh = normal(seed, (d_in, d_h), scale=1.0 / np.sqrt(d_in))
    W_hh = normal(seed + 1, (d_h, d_h), scale=0.8 / np.sqrt(d_h))
    b_h = normal(seed + 2, (d_h,), scale=0.5)
    return W_xh.astype(dtype), W_hh.astype(dtype), b_h.astype(dtype)


def run(x, W_xh, W_hh, b_h, h0=None, *, activation=np.tanh, bias=True):
    """The recurrence with parts changed by the caller (defaults: the right one)."""
    x = np.asarray(x, dtype=np.float64)
    h = np.zeros((*x.shape[:-2], W_hh.shape[0])) if h0 is None else np.asarray(h0, float)
    states = []
    for t in range(x.shape[-2]):
        h = activation(x[..., t, :] @ W_xh + h @ W_hh + (b_h if bias else 0.0))
        states.append(h)
    return np.stack(states, axis=-2)


def state_mistakes(x, W_xh, W_hh, b_h, h0=None) -> dict:
    """What the common mistakes would return as the states."""
    found = {
        f"mistake.{FN}.transposed_w_hh": lambda: run(x, W_xh, W_hh.T, b_h, h0),
        f"mistake.{FN}.no_tanh": lambda: run(x, W_xh, W_hh, b_h, h0, activation=lambda z: z),
        f"mistake.{FN}.bias_missing": lambda: run(x, W_xh, W_hh, b_h, h0, bias=False),
    }
    if W_xh.shape[0] == W_xh.shape[1]:
        found[f"mistake.{FN}.transposed_w_xh"] = lambda: run(x, W_xh.T, W_hh, b_h, h0)
        found[f"mistake.{FN}.transposed_weights"] = lambda: run(x, W_xh.T, W_hh.T, b_h, h0)
    if h0 is not None:
        found[f"mistake.{FN}.h0_ignored"] = lambda: run(x, W_xh, W_hh, b_h)
    return found


def check_encoder(student, x, W_xh, W_hh, b_h, h0=None, *, rtol=None, atol=None,
                  readonly=False) -> None:
    """Both results against the reference, with the known mistakes named."""
    args = (x, W_xh, W_hh, b_h) if h0 is None else (x, W_xh, W_hh, b_h, h0)
    states, context = unpack(student.call("rnn_encoder", args, {}, readonly=readonly), NAMES)
    check_float(states, "states")
    check_states_shape(states, x, W_hh.shape[0])
    want_states, want_context = ref.rnn_encoder(*args)
    tol = {} if rtol is None else {"rtol": rtol, "atol": atol}
    check_close(states, want_states, "states", mistakes=state_mistakes(x, W_xh, W_hh, b_h, h0),
                **tol)
    check_close(context, want_context, "context", mistakes=context_mistakes(
        want_states, state_mistakes(x, W_xh, W_hh, b_h, h0)), **tol)


@pytest.mark.parametrize(("seed", "T", "d_in", "d_h"), [(1, 6, 3, 5), (2, 4, 7, 2), (3, 1, 2, 4)])
def test_unbatched_sequence(student, seed, T, d_in, d_h):
    x = normal(seed, (T, d_in))
    check_encoder(student, x, *weights(seed, d_in, d_h))


@pytest.mark.parametrize(("seed", "B", "T", "d_in", "d_h"), [(11, 2, 5, 3, 4), (12, 4, 3, 6, 5)])
def test_batched_sequences(student, seed, B, T, d_in, d_h):
    x = normal(seed, (B, T, d_in))
    check_encoder(student, x, *weights(seed, d_in, d_h))


@pytest.mark.parametrize(("seed", "shape"), [(21, (5, 3)), (22, (3, 4, 2))])
def test_uses_the_given_initial_state(student, seed, shape):
    d_h = 6
    x = normal(seed, shape)
    h0 = normal(seed + 100, (*shape[:-2], d_h), scale=0.8)
    check_encoder(student, x, *weights(seed, shape[-1], d_h), h0)


@pytest.mark.parametrize(("seed", "shape"), [(31, (4, 3)), (32, (2, 6, 3))])
def test_first_state_is_one_step_from_h0(student, seed, shape):
    # states[..., 0, :] = tanh(x_1 @ W_xh + h0 @ W_hh + b_h): h0 itself is not a state.
    d_h = 5
    x = normal(seed, shape)
    W_xh, W_hh, b_h = weights(seed, shape[-1], d_h)
    h0 = normal(seed + 100, (*shape[:-2], d_h))
    states, _ = unpack(student.rnn_encoder(x, W_xh, W_hh, b_h, h0), NAMES)
    check_states_shape(states, x, d_h)
    first = np.tanh(x[..., 0, :] @ W_xh + h0 @ W_hh + b_h)
    check_close(states[..., 0, :], first, "states", mistakes={
        key: part_of(wrong, np.s_[..., 0, :])
        for key, wrong in state_mistakes(x, W_xh, W_hh, b_h, h0).items()})


@pytest.mark.parametrize(("seed", "shape"), [(41, (6, 4)), (42, (3, 2, 4))])
def test_row_vector_weights(student, seed, shape):
    # d_in == d_h here, so a column-vector W_xh @ x_t runs but gives the transpose's answer.
    d_h = shape[-1]
    x = normal(seed, shape)
    h0 = normal(seed + 100, (*shape[:-2], d_h), scale=0.5)
    check_encoder(student, x, *weights(seed, d_h, d_h), h0)


@pytest.mark.diagnosis
@pytest.mark.parametrize(("seed", "shape"), [(51, (2, 4, 3)), (52, (5, 3))])
def test_context_is_the_last_state(student, seed, shape):
    d_h = 7
    x = normal(seed, shape, scale=2.0)
    states, context = unpack(student.rnn_encoder(x, *weights(seed, shape[-1], d_h)), NAMES)
    check_states_shape(states, x, d_h)
    check_close(context, states[..., -1, :], "context", mistakes=context_mistakes(states, {}))


@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_float32_and_integer_inputs(student, dtype):
    x = normal(61, (2, 5, 3), dtype=dtype, scale=2.0)
    W_xh, W_hh, b_h = weights(61, 3, 4, np.float32 if dtype == np.float32 else np.float64)
    rtol, atol = tolerances(dtype)
    check_encoder(student, x, W_xh, W_hh, b_h, rtol=rtol, atol=atol)


def test_inputs_are_not_modified(student):
    x = normal(71, (2, 4, 3))
    W_xh, W_hh, b_h = weights(71, 3, 5)
    h0 = normal(72, (2, 5))
    originals = (x, W_xh, W_hh, b_h, h0)
    returned = student.call("rnn_encoder", tuple(a.copy() for a in originals), {},
                            return_inputs=True)
    check_unchanged(returned, originals, names=("x", "W_xh", "W_hh", "b_h", "h0"))
    check_encoder(student, *originals, readonly=True)
