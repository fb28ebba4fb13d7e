"""Known mistakes in ``rnn_encoder``: the shape of the states, the choice of the context."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from autograder.checks import check_shape, part_of
from autograder.feedback import Feedback

KEY = "mistake.rnn_encoder."


def check_states_shape(states: np.ndarray, x: np.ndarray, d_h: int) -> None:
    """``states`` must be ``(*batch, T, d_h)`` for ``x`` of shape ``(*batch, T, d_in)``;
    names the usual ways it goes wrong (h0 kept as a state, time-major, transposed)."""
    *batch, T, _ = np.shape(x)
    if tuple(states.shape) == (*batch, T, d_h):
        return
    if tuple(states.shape) == (*batch, T + 1, d_h):
        raise Feedback(KEY + "h0_in_states")
    if batch and tuple(states.shape) == (T, *batch, d_h):
        raise Feedback(KEY + "time_major_states")
    if tuple(states.shape) == (*batch, d_h, T):
        raise Feedback(KEY + "states_transposed")
    check_shape(states, (*batch, T, d_h), "states")


def context_mistakes(states: np.ndarray,
                     wrong_states: dict[str, Callable[[], np.ndarray]] | None = None) -> dict:
    """Message key -> what that mistake returns as the context, given the right ``states``.

    Args:
        wrong_states: known mistakes in the states (key -> their states); their last
            state is what they return as the context.
    """
    found: dict[str, Callable[[], np.ndarray]] = {
        KEY + "context_first_state": lambda: states[..., 0, :],
        KEY + "context_mean_of_states": lambda: states.mean(axis=-2),
    }
    for key, wrong in (wrong_states or {}).items():
        found[key] = part_of(wrong, np.s_[..., -1, :])
    return found
