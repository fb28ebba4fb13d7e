"""Allocates memory without end."""
import numpy as np


def softmax(x, axis=-1, temperature=1.0):
    hoard = []
    while True:
        hoard.append(np.ones(10**8))


def causal_mask(seq_len):
    """Honest and correct: must keep its full points."""
    if int(seq_len) != seq_len or seq_len < 1:
        raise ValueError("seq_len must be a positive integer")
    return np.tril(np.ones((seq_len, seq_len), dtype=bool))

