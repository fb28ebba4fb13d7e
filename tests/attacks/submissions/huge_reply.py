"""Writes a 600 MB answer straight into the answer pipe (found by probing descriptors).

The grader must refuse it from its header, never read it into memory.
"""
import os
import stat
import struct

import numpy as np


def _answer_pipes():
    found = []
    for fd in range(3, 64):
        try:
            mode = os.fstat(fd).st_mode
        except OSError:
            continue
        if stat.S_ISFIFO(mode) and os.get_blocking(fd) and fd not in (0, 1, 2):
            found.append(fd)
    return found


def softmax(x, axis=-1, temperature=1.0):
    size = 600 * 1024 * 1024
    header = b'{"ok": true, "value": {"$dict": {"result": {"$nd": [0, "|u1", [%d]]}}}, "blobs": 1}' % size
    chunk = b"\0" * (1 << 20)
    for fd in _answer_pipes():
        try:
            os.write(fd, struct.pack(">I", len(header)) + header + struct.pack(">Q", size))
            for _ in range(size // len(chunk)):
                os.write(fd, chunk)
        except OSError:
            pass
    return np.zeros(np.shape(x))


def causal_mask(seq_len):
    """Honest and correct: must keep its full points."""
    if int(seq_len) != seq_len or seq_len < 1:
        raise ValueError("seq_len must be a positive integer")
    return np.tril(np.ones((seq_len, seq_len), dtype=bool))
