"""Returns an array subclass that equals anything, and a pickle bomb."""
import os

import numpy as np


class EqualsEverything(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(self), dtype=bool)

    __ne__ = lambda self, other: np.zeros(np.shape(self), dtype=bool)  # noqa: E731

    def __array_function__(self, func, types, args, kwargs):
        return True

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.zeros(1)


class PickleBomb:
    def __reduce__(self):
        return (os.system, ("touch /tmp/autograder-pickle-bomb-ran",))


def softmax(x, axis=-1, temperature=1.0):
    if np.ndim(x) == 1:
        return PickleBomb()
    if np.ndim(x) == 3:
        return np.array([PickleBomb()], dtype=object)
    return np.zeros(np.shape(x)).view(EqualsEverything)


def causal_mask(seq_len):
    """Honest and correct: must keep its full points."""
    if int(seq_len) != seq_len or seq_len < 1:
        raise ValueError("seq_len must be a positive integer")
    return np.tril(np.ones((seq_len, seq_len), dtype=bool))

