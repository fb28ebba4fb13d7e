import numpy as np


def split_heads(x, num_heads):
    batch, seq_len, d_model = np.shape(x)
    if d_model % num_heads != 0:
        raise ValueError("d_model must be divisible by num_heads")
    shape = (batch, num_heads, seq_len, d_model // num_heads)
    return np.random.default_rng(4).standard_normal(shape)
