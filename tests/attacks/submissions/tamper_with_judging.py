"""Tries to change how it is judged: rewrites course.yaml, hidden tests, the grader."""
import os
import sys

import numpy as np

for start in [os.getcwd(), *sys.path]:
    for up in range(6):
        base = os.path.abspath(os.path.join(start, *[".."] * up))
        for target in ("course.yaml", "autograder/hidden/test_softmax.py", "autograder/engine.py"):
            try:
                with open(os.path.join(base, target), "a") as handle:
                    handle.write("\n# tampered\n")
            except OSError:
                pass


def softmax(x, axis=-1, temperature=1.0):
    return np.zeros(np.shape(x))


def causal_mask(seq_len):
    """Honest and correct: must keep its full points."""
    if int(seq_len) != seq_len or seq_len < 1:
        raise ValueError("seq_len must be a positive integer")
    return np.tril(np.ones((seq_len, seq_len), dtype=bool))

