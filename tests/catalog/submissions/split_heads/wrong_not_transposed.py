# expect: mistake.split_heads.not_transposed
import numpy as np


def split_heads(x, num_heads):
    x = np.asarray(x, dtype=float)
    batch, seq_len, d_model = x.shape
    if d_model % num_heads:
        raise ValueError("d_model must be divisible by num_heads")
    return x.reshape(batch, seq_len, num_heads, d_model // num_heads)
