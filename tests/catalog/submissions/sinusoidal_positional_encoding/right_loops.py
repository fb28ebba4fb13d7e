import math

import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model, base=10000.0):
    """Two nested Python loops, straight from the paper's formula."""
    if seq_len < 1 or d_model < 1:
        raise ValueError(f"seq_len and d_model must be positive, got {seq_len} and {d_model}")
    pe = np.zeros((seq_len, d_model))
    for pos in range(seq_len):
        for i in range(0, d_model, 2):
            angle = pos / math.pow(base, i / d_model)
            pe[pos, i] = math.sin(angle)
            if i + 1 < d_model:
                pe[pos, i + 1] = math.cos(angle)
    return pe
