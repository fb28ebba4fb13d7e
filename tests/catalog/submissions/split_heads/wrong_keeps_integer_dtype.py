# expect: check.not_float
import numpy as np


def split_heads(x, num_heads):
    batch, seq_len, d_model = x.shape
    if d_model % num_heads != 0:
        raise ValueError("d_model must be divisible by num_heads")
    return x.reshape(batch, seq_len, num_heads, -1).transpose(0, 2, 1, 3)
