# expect: mistake.multi_head_attention.no_output_projection
import numpy as np


def multi_head_attention(x_q, x_kv, W_q, W_k, W_v, W_o, num_heads, mask=None):
    x_q, x_kv = np.asarray(x_q, dtype=float), np.asarray(x_kv, dtype=float)
    Q = split_heads(x_q @ W_q, num_heads)
    K = split_heads(x_kv @ W_k, num_heads)
    V = split_heads(x_kv @ W_v, num_heads)
    heads, weights = scaled_dot_product_attention(Q, K, V, mask)
    return merge_heads(heads), weights
