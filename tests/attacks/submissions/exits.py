"""Exits the interpreter at load time and from inside a graded function."""
import os
import sys

import numpy as np

sys.exit("bye")  # at load time: only this statement is lost


def softmax(x, axis=-1, temperature=1.0):
    os._exit(0)


def causal_mask(seq_len):
    """Honest and correct: must keep its full points."""
    if int(seq_len) != seq_len or seq_len < 1:
        raise ValueError("seq_len must be a positive integer")
    return np.tril(np.ones((seq_len, seq_len), dtype=bool))

