"""Known mistakes of ``greedy_decode`` that show in the generated ids themselves.

Given the right ids, these mistakes are recognised without running any model:
``<bos>`` returned, ``<eos>`` dropped or decoding going on past it, and one
token too many or too few at ``max_len``.
"""

from __future__ import annotations

import numpy as np

from autograder.checks import as_result_array
from autograder.feedback import Feedback

KEY = "mistake.greedy_decode."


def generated_ids(value) -> np.ndarray:
    """The student's answer as a 1-D array of ids (a list of ints is accepted here)."""
    ids = as_result_array(value, "ids")
    return ids.reshape(-1) if ids.ndim == 2 and ids.shape[0] == 1 else ids


def ids_mistakes(expected, bos_id: int, eos_id: int, max_len: int) -> dict[str, np.ndarray]:
    """Message key -> the ids that mistake returns, derived from the right ``expected`` ids."""
    expected = np.asarray(expected)
    ended = len(expected) > 0 and expected[-1] == eos_id
    found = {KEY + "bos_returned": np.concatenate([[bos_id], expected])}
    if ended and len(expected) < max_len:  # at max_len, dropping eos and stopping early agree
        found[KEY + "eos_dropped"] = expected[:-1]
    elif not ended and len(expected) == max_len:
        found[KEY + "max_len_minus_one"] = expected[:-1]
    return found


def name_ids_mistake(got: np.ndarray, expected, bos_id: int, eos_id: int, max_len: int) -> None:
    """Raise ``Feedback`` naming the mistake the ids ``got`` show, if a known one does.

    Besides the patterns of :func:`ids_mistakes`: one id more than ``max_len`` that
    starts with the right ids (the loop ran once too often), and ids that go on past
    the ``<eos>`` the right answer ends with.
    """
    expected = np.asarray(expected)
    got = np.asarray(got)
    for key, wrong in ids_mistakes(expected, bos_id, eos_id, max_len).items():
        if got.shape == wrong.shape and np.array_equal(got, wrong):
            raise Feedback(key)
    starts_right = got.ndim == 1 and len(got) > len(expected) and np.array_equal(
        got[: len(expected)], expected)
    if starts_right and len(expected) and expected[-1] == eos_id:
        raise Feedback(KEY + "continues_after_eos")
    if starts_right and len(got) == max_len + 1:
        raise Feedback(KEY + "max_len_plus_one")
