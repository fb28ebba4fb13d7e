import numpy as np


def multi_head_attention(x_q, x_kv, W_q, W_k, W_v, W_o, num_heads, mask=None):
    """x_q comes back as the output; every visible key gets the same weight."""
    x_q = np.asarray(x_q, dtype=float)
    batch, t_q, d_model = x_q.shape
    t_k = np.shape(x_kv)[1]
    if d_model % num_heads != 0:
        raise ValueError("d_model must be divisible by num_heads")
    seen = np.ones((batch, num_heads, t_q, t_k))
    if mask is not None:
        seen = seen * np.broadcast_to(mask, seen.shape)
    return x_q.copy(), seen / seen.sum(axis=-1, keepdims=True)
