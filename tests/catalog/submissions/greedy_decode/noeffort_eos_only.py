import numpy as np


def greedy_decode(src, model, num_heads, max_len, bos_id=1, eos_id=2):
    return np.array([eos_id])
