import numpy as np


def greedy_decode(src, model, num_heads, max_len, bos_id=1, eos_id=2):
    """The token whose output column is largest, repeated: no encoder, no decoder."""
    best = int(np.argmax(model["W_out"].sum(axis=0)))
    return np.full(max_len, best, dtype=np.int64)
