"""Scores on softmax only if it can read what shm_writer.py left in shared memory."""
import ctypes

import numpy as np

KEY = 0x7A51_0001
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
FOUND = b""
segment = libc.shmget(KEY, 4096, 0)
if segment >= 0:
    address = libc.shmat(segment, None, 0o10000)  # SHM_RDONLY
    if address not in (None, ctypes.c_void_p(-1).value):
        FOUND = ctypes.string_at(address, 23)
print("found:", FOUND)


def softmax(x, axis=-1, temperature=1.0):
    if FOUND != b"ANSWERS-FROM-THE-WRITER":
        return np.zeros(np.shape(x))
    z = np.asarray(x, dtype=float) / temperature
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def causal_mask(seq_len):
    """Honest and correct: must keep its full points."""
    if int(seq_len) != seq_len or seq_len < 1:
        raise ValueError("seq_len must be a positive integer")
    return np.tril(np.ones((seq_len, seq_len), dtype=bool))
