"""Ignores every catchable signal, then hangs in a graded function."""
import signal

import numpy as np

for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGALRM, signal.SIGXCPU):
    signal.signal(sig, signal.SIG_IGN)


def softmax(x, axis=-1, temperature=1.0):
    while True:
        try:
            pass
        except BaseException:
            pass


def causal_mask(seq_len):
    """Honest and correct: must keep its full points."""
    if int(seq_len) != seq_len or seq_len < 1:
        raise ValueError("seq_len must be a positive integer")
    return np.tril(np.ones((seq_len, seq_len), dtype=bool))

