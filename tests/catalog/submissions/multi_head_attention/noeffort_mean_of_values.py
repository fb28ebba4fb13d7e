import numpy as np


def multi_head_attention(x_q, x_kv, W_q, W_k, W_v, W_o, num_heads, mask=None):
    """Uniform weights over all keys and the projected mean of x_kv: no scores at all."""
    x_kv = np.asarray(x_kv, dtype=float)
    batch, t_q, d_model = np.shape(x_q)
    t_k = x_kv.shape[1]
    if d_model % num_heads != 0:
        raise ValueError("d_model must be divisible by num_heads")
    weights = np.full((batch, num_heads, t_q, t_k), 1.0 / t_k)
    mean = (x_kv @ W_v @ W_o).mean(axis=1, keepdims=True)
    return np.repeat(mean, t_q, axis=1), weights
