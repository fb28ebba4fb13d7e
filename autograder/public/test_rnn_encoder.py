"""Public checks of ``rnn_encoder(x, W_xh, W_hh, b_h, h0=None)``."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import check_close, check_shape, unpack
from autograder.recognisers.rnn import check_states_shape, context_mistakes

pytestmark = pytest.mark.grades("rnn_encoder")

NAMES = ("states", "context")
X = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, -0.5]])  # T = 3, d_in = 2
W_XH = np.array([[0.5, -0.3, 0.2], [0.1, 0.4, -0.6]])  # (d_in, d_h = 3)
W_HH = np.array([[0.2, 0.0, 0.1], [-0.1, 0.3, 0.0], [0.0, 0.2, 0.1]])
B_H = np.array([0.1, -0.1, 0.0])


def test_public_shapes_unbatched_and_batched(student):
    # check_states_shape names the usual shape mistakes (h0 kept as a state, time-major...)
    states, context = unpack(student.rnn_encoder(X, W_XH, W_HH, B_H), NAMES)
    check_states_shape(states, X, 3)
    check_shape(context, (3,), "context")
    batch = np.stack([X, 2 * X])
    states, context = unpack(student.rnn_encoder(batch, W_XH, W_HH, B_H), NAMES)
    check_states_shape(states, batch, 3)
    check_shape(context, (2, 3), "context")


def test_public_small_example(student):
    # One feature, one hidden unit: h1 = tanh(1), h2 = tanh(0 + 0.5 * h1), h0 = 0.
    x, w_xh, w_hh, b = np.array([[1.0], [0.0]]), np.array([[1.0]]), np.array([[0.5]]), np.zeros(1)
    h1 = np.tanh(1.0)
    states, _ = unpack(student.rnn_encoder(x, w_xh, w_hh, b), NAMES)
    check_close(states, [[h1], [np.tanh(0.5 * h1)]], "states", mistakes={
        "mistake.rnn_encoder.no_tanh": lambda: np.array([[1.0], [0.5]]),
    })


def test_public_context_is_the_last_state(student):
    states, context = unpack(student.rnn_encoder(X, W_XH, W_HH, B_H), NAMES)
    check_states_shape(states, X, 3)
    check_close(context, states[-1], "context", mistakes=context_mistakes(states))
