"""Floods stdout and stderr at load time and inside a function."""
import os
import sys

import numpy as np

for _ in range(2000):
    print("x" * 10_000)
    print("y" * 10_000, file=sys.stderr)


def softmax(x, axis=-1, temperature=1.0):
    chunk = b"z" * 1_000_000
    while True:
        os.write(1, chunk)
        os.write(2, chunk)


def causal_mask(seq_len):
    """Honest and correct: must keep its full points."""
    if int(seq_len) != seq_len or seq_len < 1:
        raise ValueError("seq_len must be a positive integer")
    return np.tril(np.ones((seq_len, seq_len), dtype=bool))

